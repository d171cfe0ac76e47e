"""The parent-language catalogs: complete, faithful to their placeholders, compiled, lazy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from vigreview.config import APP_ROOT
from vigreview.i18n import LANGUAGES, LOCALES_DIR, find_language, translator_for

TRANSLATED = [language.code for language in LANGUAGES if language.code != "en"]
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def read_catalog(code: str) -> Catalog:
    with (LOCALES_DIR / code / "LC_MESSAGES" / "vigreview.po").open("rb") as po:
        return read_po(po, locale=code)


def messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _hashable(value: object) -> object:
    # read_mo gives a plural message's id and forms as lists, read_po as tuples.
    return tuple(value) if isinstance(value, list | tuple) else value


def code_message_ids() -> set[str | tuple[str, ...]]:
    """Every message the code marks (gettext, ngettext, N_), as pybabel extract finds them."""
    found = extract_from_dir(
        str(APP_ROOT / "vigreview"), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    )
    return {message for _file, _line, message, _comments, _context in found}


def test_three_languages_with_urdu_right_to_left() -> None:
    assert [(lang.code, lang.direction.value) for lang in LANGUAGES] == [
        ("en", "ltr"),
        ("pl", "ltr"),
        ("ur", "rtl"),
    ]
    assert find_language("ur").native_name == "اردو"
    assert find_language("xx") == find_language("en")  # an unknown code reads as English


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_in_the_code_is_in_the_catalog(code: str) -> None:
    in_code = code_message_ids()
    in_catalog = {m.id for m in messages(read_catalog(code))}
    assert len(in_code) > 30
    assert in_code - in_catalog == set(), "run scripts/update-catalogs.sh and translate"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code: str) -> None:
    catalog = read_catalog(code)
    for message in messages(catalog):
        assert "fuzzy" not in message.flags, message.id
        assert all(form.strip() for form in forms(message)), message.id
        if isinstance(message.id, tuple):
            assert len(forms(message)) == catalog.num_plurals, message.id


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_survive_in_every_translation(code: str) -> None:
    for message in messages(read_catalog(code)):
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        wanted = sorted(_PLACEHOLDER.findall(source))
        for form in forms(message):
            assert sorted(_PLACEHOLDER.findall(form)) == wanted, (message.id, form)


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalog_matches_its_po_file(code: str) -> None:
    """The .mo the app reads says exactly what the .po says: compile after every edit."""
    folder = LOCALES_DIR / code / "LC_MESSAGES"
    with (folder / "vigreview.mo").open("rb") as mo:
        compiled = {_hashable(m.id): _hashable(m.string) for m in read_mo(mo) if m.id}
    written = {_hashable(m.id): _hashable(m.string) for m in messages(read_catalog(code))}
    assert compiled == written, "run scripts/update-catalogs.sh compile"


def test_prompts_read_in_the_parents_language_with_the_babys_name() -> None:
    from vigreview.prompts import find_prompt

    prompt = find_prompt("feel.baby_feeling")
    assert prompt is not None
    assert prompt.worded_for("Mia", "en") == "What might Mia be feeling?"
    assert prompt.worded_for("Mia", "pl") == "Co może czuć Mia?"
    # In Urdu the name is a bidi isolate, so a Latin name sits right inside the sentence.
    assert prompt.worded_for("Mia", "ur") == "\u2068Mia\u2069 کو کیسا محسوس ہو رہا ہوگا؟"
    assert prompt.worded_for(" ", "pl") == "Co może czuć twoje dziecko?"


def test_values_are_isolated_only_in_a_right_to_left_language() -> None:
    assert translator_for("en").gettext("Your question") == "Your question"
    assert translator_for("ur").gettext("page {page}", page=3) == "صفحہ \u20683\u2069"
    assert translator_for("pl").gettext("page {page}", page=3) == "strona 3"


def test_a_stray_brace_in_a_value_cannot_break_the_words() -> None:
    words = translator_for("pl").gettext("{activity}, {date}", activity="{x", date="}")
    assert words == "{x, }"


def test_nothing_is_read_at_import_time() -> None:
    script = (
        "import vigreview.i18n, vigreview.prompts, vigreview.outputs.keepsake\n"
        "print(vigreview.i18n.load_catalog.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=APP_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "0"


def test_a_language_without_its_compiled_catalog_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigreview.i18n import catalogs

    monkeypatch.setattr(catalogs, "LOCALES_DIR", tmp_path)
    catalogs.load_catalog.cache_clear()
    try:
        assert translator_for("pl").gettext("Your question") == "Your question"
    finally:
        catalogs.load_catalog.cache_clear()


TODAY_ONE = (
    "Today we will watch {count} moment of you and {baby} together, and think about what you see."
)
TODAY_MANY = (
    "Today we will watch {count} moments of you and {baby} together, and think about what you see."
)


@pytest.mark.parametrize(
    ("count", "word"), [(1, "1 chwilę"), (2, "2 chwile"), (5, "5 chwil"), (22, "22 chwile")]
)
def test_polish_plural_forms(count: int, word: str) -> None:
    said = translator_for("pl").ngettext(TODAY_ONE, TODAY_MANY, count, baby="Mia")
    assert said.startswith(f"Dziś obejrzymy razem {word} z filmu: ty i Mia.")


@pytest.mark.parametrize(
    ("count", "tries"), [(1, "została 1 próba"), (3, "zostały 3 próby"), (5, "zostało 5 prób")]
)
def test_polish_plural_forms_on_the_pin_screen(count: int, tries: str) -> None:
    said = translator_for("pl").ngettext(
        "That didn't match. {count} try left before a short wait.",
        "That didn't match. {count} tries left before a short wait.",
        count,
    )
    assert said == f"To się nie zgadza. Przed krótką przerwą {tries}."


def test_urdu_has_two_plural_forms_and_keeps_the_number_isolated() -> None:
    one = translator_for("ur").ngettext(TODAY_ONE, TODAY_MANY, 1, baby="Mia")
    two = translator_for("ur").ngettext(TODAY_ONE, TODAY_MANY, 2, baby="Mia")
    assert "\u20681\u2069 لمحہ" in one
    assert "\u20682\u2069 لمحے" in two
