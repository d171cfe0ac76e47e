"""Forms that edit a record another tablet may be editing too: catching up, and choosing.

A form remembers the values it loaded (its base). On each rerun it takes the record's newer
values into the fields the guider has not touched (another tablet's change shows); a save
sends only what the guider changed against that base (vigreview.concurrent_edits). When the
save meets a conflict, `show_conflicts` shows both versions of each field and lets the guider
keep theirs or the other tablet's; once every field is chosen the form is saved again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from vigreview.concurrent_edits import EditConflict, FieldConflict, catch_up
from vigreview.ui.text import show_typed_text

_BASE = "edit_base_"
_CONFLICTS = "edit_conflicts_"


def describe_value(value: Any) -> str:
    """Return a field's value as plain words for a conflict (a list joined with commas)."""
    if isinstance(value, tuple | list):
        return ", ".join(describe_value(item) for item in value)
    return str(getattr(value, "value", value))


@dataclass(frozen=True)
class GuardedForm:
    """One form's link to this helper: its name, and how to read and fill its fields.

    `read` returns the values the widgets hold now, by field; `fill` puts values into the
    widgets (it is only called before they are drawn); `labels` names each field in words;
    `describe` turns one field's value into words.
    """

    name: str
    read: Callable[[], dict[str, Any]]
    fill: Callable[[dict[str, Any]], None]
    labels: Mapping[str, str] = field(default_factory=dict)
    describe: Callable[[str, Any], str] = lambda _field, value: describe_value(value)


def remember_loaded(name: str, values: Mapping[str, Any]) -> None:
    """Note the values a form was filled with: its edits are saved against these."""
    st.session_state[_BASE + name] = dict(values)
    st.session_state.pop(_CONFLICTS + name, None)


def loaded_values(name: str) -> dict[str, Any] | None:
    """Return the values the form was filled with (moved on by catch_up_form), if any."""
    base = st.session_state.get(_BASE + name)
    return dict(base) if base is not None else None


def forget_loaded(name: str) -> None:
    """Drop the form's remembered values and any conflict waiting for a choice."""
    st.session_state.pop(_BASE + name, None)
    st.session_state.pop(_CONFLICTS + name, None)


def catch_up_form(form: GuardedForm, theirs: Mapping[str, Any]) -> None:
    """Show the record's newer values in the fields the guider has not touched.

    Call before the form's widgets are drawn. Fields the guider changed keep their words.
    """
    base = loaded_values(form.name)
    if base is None:
        return
    mine = form.read()
    new_base, shown = catch_up(base, mine, theirs)
    if shown != mine:
        form.fill(shown)
    st.session_state[_BASE + form.name] = new_base


def hold_conflict(name: str, conflict: EditConflict) -> None:
    """Keep a save's conflict so that show_conflicts asks the guider to choose."""
    st.session_state[_CONFLICTS + name] = list(conflict.conflicts)


def _waiting(name: str) -> list[FieldConflict]:
    return list(st.session_state.get(_CONFLICTS + name) or [])


def _choose(
    form: GuardedForm, chosen: FieldConflict, keep_mine: bool, resave: Callable[[], None]
) -> None:
    # A button callback: runs before the widgets are drawn, so the form can be filled.
    base = loaded_values(form.name) or {}
    # Either way the other tablet's value is what this form is now saved against.
    base[chosen.field] = chosen.theirs
    if not keep_mine:
        form.fill({**form.read(), chosen.field: chosen.theirs})
    st.session_state[_BASE + form.name] = base
    left = [c for c in _waiting(form.name) if c.field != chosen.field]
    st.session_state[_CONFLICTS + form.name] = left
    if not left:
        st.session_state.pop(_CONFLICTS + form.name, None)
        resave()


def show_conflicts(form: GuardedForm, resave: Callable[[], None]) -> None:
    """Show each field changed here and on another tablet, both versions, and the choice.

    `resave` saves the form again once every field is chosen.
    """
    conflicts = _waiting(form.name)
    if not conflicts:
        return
    with st.container(border=True, key=f"edit_conflict_{form.name}"):
        st.warning(
            "Someone changed this on another tablet while you were editing it. "
            "Nothing is lost: choose which version to keep.",
            icon=":material/sync_problem:",
        )
        for conflict in conflicts:
            label = form.labels.get(conflict.field, conflict.field)
            st.markdown(f"**{label}**")
            mine, theirs = st.columns(2)
            with mine:
                st.caption("Yours")
                show_typed_text(form.describe(conflict.field, conflict.mine))
                st.button(
                    "Keep mine",
                    key=f"keep_mine_{form.name}_{conflict.field}",
                    type="primary",
                    on_click=_choose,
                    args=(form, conflict, True, resave),
                    width="stretch",
                )
            with theirs:
                st.caption("On the other tablet")
                show_typed_text(form.describe(conflict.field, conflict.theirs))
                st.button(
                    "Keep theirs",
                    key=f"keep_theirs_{form.name}_{conflict.field}",
                    on_click=_choose,
                    args=(form, conflict, False, resave),
                    width="stretch",
                )


def field_form(key: str, field: str, label: str = "") -> GuardedForm:
    """Return the form of one widget under `key` that holds one field (a text area, say)."""

    def fill(values: dict[str, Any]) -> None:
        st.session_state[key] = values[field]

    return GuardedForm(key, lambda: {field: st.session_state.get(key)}, fill, {field: label})


def show_stored(form: GuardedForm, stored: Mapping[str, Any]) -> None:
    """Before a field_form's widget is drawn: fill it with `stored` when it is new, and after
    that show another tablet's change unless the guider has touched it."""
    # Streamlit drops a widget's value when a run does not draw it (another screen): new again.
    if form.name not in st.session_state or loaded_values(form.name) is None:
        form.fill(dict(stored))
        remember_loaded(form.name, stored)
    else:
        catch_up_form(form, stored)


def save_guarded(form: GuardedForm, save: Callable[[dict[str, Any] | None], object]) -> bool:
    """Run `save(values the form loaded)`; on a conflict keep it for show_conflicts.

    Returns True when saved; the form's values are then what it is saved against next.
    """
    try:
        save(loaded_values(form.name))
    except EditConflict as conflict:
        hold_conflict(form.name, conflict)
        return False
    remember_loaded(form.name, form.read())
    return True
