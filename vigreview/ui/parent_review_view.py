"""The parent view: one family's review, full screen, large, one thing per screen.

Nothing here reaches another family or a guider page: the frame runs this view as the only
page there is, and it draws only what `review_screens` draws for the parent.
"""

from __future__ import annotations

import streamlit as st

from vigreview.caseload import load_family
from vigreview.config import APP_ROOT
from vigreview.cycles import find_cycle
from vigreview.i18n import DEFAULT_LANGUAGE, Translator, translator_for
from vigreview.models import Family
from vigreview.review_steps import StepKind
from vigreview.storage import StorageError
from vigreview.trust.accounts import MAX_SECRET_LENGTH, has_accounts
from vigreview.trust.handover import ParentView, UnlockOutcome
from vigreview.ui.autosave import save_text_areas_while_typing
from vigreview.ui.parent_language import show_page_in
from vigreview.ui.parent_mode import (
    HOME_URL_PATH,
    UNLOCKING_KEY,
    fill_the_screen,
    remember_this_device,
    unlock,
)
from vigreview.ui.question_banner import show_helping_question
from vigreview.ui.reconnect import watch_the_connection
from vigreview.ui.resources import get_store
from vigreview.ui.review_screens import (
    make_screen,
    render_back_next,
    render_step,
    show_save_problem,
)
from vigreview.ui.text import escape_markdown

PARENT_STYLE_PATH = APP_ROOT / "assets" / "parent.css"
SCREENS_FOLDER = "screens"
# The parent view's default page is served at "/"; its own name is one no address uses.
_DEFAULT_URL_PATH = "parent-view"
PIN_KEY = "parent_view_pin"
_UNLOCK_MESSAGE = "parent_view_unlock_message"
# Our own constant script: the digits-only guider PIN gets a number pad, not a keyboard.
_NUMBER_PAD = """<script>
(function () {
  function mark() {
    document.querySelectorAll('.st-key-parent_view_pin input').forEach(function (box) {
      box.setAttribute("inputmode", "numeric");
      box.setAttribute("autocomplete", "off");
    });
  }
  mark();
  new MutationObserver(mark).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


def _open_unlock() -> None:
    st.session_state[UNLOCKING_KEY] = True


def _close_unlock() -> None:
    st.session_state.pop(UNLOCKING_KEY, None)
    st.session_state.pop(_UNLOCK_MESSAGE, None)


def _try_unlock(token: str, language: str) -> None:
    say = translator_for(language)
    secret = st.session_state.get(PIN_KEY) or ""
    st.session_state[PIN_KEY] = ""
    result = unlock(token, secret)
    if result.outcome == UnlockOutcome.UNLOCKED:
        st.session_state.pop(_UNLOCK_MESSAGE, None)
    elif result.outcome == UnlockOutcome.LOCKED:
        st.session_state[_UNLOCK_MESSAGE] = say.ngettext(
            "Too many tries. Please wait {count} minute and try again.",
            "Too many tries. Please wait {count} minutes and try again.",
            result.minutes_left,
        )
    else:
        st.session_state[_UNLOCK_MESSAGE] = say.ngettext(
            "That didn't match. {count} try left before a short wait.",
            "That didn't match. {count} tries left before a short wait.",
            result.tries_left,
        )


def _render_unlock(view: ParentView, say: Translator) -> None:
    st.header(say.gettext("For your guider"), anchor=False)
    st.markdown(escape_markdown(say.gettext("Please hand the tablet back to your guider.")))
    # The guider PIN, or (with accounts) any guider's own PIN or password. Without accounts
    # only the PIN (digits) can unlock, so the tablet shows a number pad.
    digits_only = not has_accounts(get_store())
    label = say.gettext("Guider PIN") if digits_only else say.gettext("Guider PIN or password")
    st.text_input(label, type="password", key=PIN_KEY, max_chars=MAX_SECRET_LENGTH)
    if digits_only:
        st.html(_NUMBER_PAD, unsafe_allow_javascript=True)
    message = st.session_state.get(_UNLOCK_MESSAGE)
    if message:
        st.error(escape_markdown(message), icon=":material/lock:")
    unlock_col, back_col = st.columns(2)
    unlock_col.button(
        say.gettext("Unlock"),
        key="parent_unlock",
        type="primary",
        icon=":material/lock_open:",
        on_click=_try_unlock,
        args=(view.token, say.language.code),
        width="stretch",
    )
    back_col.button(
        say.gettext("Back to the review"),
        key="parent_unlock_cancel",
        on_click=_close_unlock,
        width="stretch",
    )


def _load_family(view: ParentView) -> Family | None:
    try:
        return load_family(get_store(), view.family_id)
    except StorageError:
        return None


def render_parent_view(view: ParentView, family: Family | None) -> None:
    """Draw the parent view of `view`'s review: the question, one screen, Back and Next.

    Every word is in the family's language; the page runs right to left for Urdu.
    """
    say = translator_for(family.language if family else DEFAULT_LANGUAGE.code)
    st.html(f"<style>{PARENT_STYLE_PATH.read_text(encoding='utf-8')}</style>")
    show_page_in(say.language)
    remember_this_device(view)
    fill_the_screen()
    watch_the_connection(for_parent=True, say=say)
    if st.session_state.get(UNLOCKING_KEY):
        _render_unlock(view, say)
        return
    cycle = find_cycle(family, view.cycle_number) if family else None
    if family is None or cycle is None:
        st.header(say.gettext("This review is not here any more"), anchor=False)
        st.markdown(escape_markdown(say.gettext("Please hand the tablet back to your guider.")))
    else:
        screen = make_screen(family, cycle, for_parent=True)
        if screen.step.kind != StepKind.QUESTION:
            # The first screen is the question itself, in large type.
            show_helping_question(family, for_parent=True)
        show_save_problem()
        render_step(screen)
        render_back_next(screen)
        save_text_areas_while_typing()
    with st.container(key="parent_guider_corner"):
        st.button(
            say.gettext("For your guider"),
            key="parent_unlock_open",
            icon=":material/lock:",
            on_click=_open_unlock,
        )


def _stand_in_paths() -> list[str]:
    # Every guider screen's address answers with the parent view, so typing one, or the
    # browser's back button, stays here instead of reaching "page not found" or the screen.
    paths = {p.stem for p in (APP_ROOT / SCREENS_FOLDER).glob("*.py")}
    return sorted(paths | {HOME_URL_PATH})


def run_parent_view(view: ParentView) -> None:
    """Run the parent view as the only page there is: no sidebar, no menu, no other page."""

    family = _load_family(view)
    title = translator_for(family.language if family else DEFAULT_LANGUAGE.code).gettext(
        "Your review"
    )

    def show() -> None:
        render_parent_view(view, family)

    # Streamlit serves the default page at "/" only, yet keeps its name from every other
    # page: were the default named for the review page, a reload at /review would raise
    # Streamlit's "Page not found" dialog. The parent view's style sheet hides that dialog,
    # but it stays open as a modal that makes the whole page inert, so the parent's first tap
    # (on Play with sound, say) would only close it. So the default gets a name no address
    # uses, and the review page's address is a stand-in like every other.
    pages = [st.Page(show, title=title, url_path=_DEFAULT_URL_PATH, default=True)]
    pages += [st.Page(show, title=title, url_path=path) for path in _stand_in_paths()]
    st.navigation(pages, position="hidden").run()
