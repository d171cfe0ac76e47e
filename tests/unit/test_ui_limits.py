"""The UI takes every length limit from the domain: no `max_chars=` written as a number.

A limit typed into a widget drifts from the rule the domain checks (a form that accepts 2000
characters where the record allows 5000 cuts text short without a word). Every `max_chars=`
under vigreview/ui must name a constant imported from a domain module.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "vigreview" / "ui"


def _domain_imports(tree: ast.Module) -> set[str]:
    """Return the names a module imports from vigreview modules outside the UI."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.split(".")[0] == "vigreview"
            and not (node.module == "vigreview.ui" or node.module.startswith("vigreview.ui."))
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def max_chars_offences(source: str, name: str) -> list[str]:
    """Return each `max_chars=` in `source` whose value is not a domain constant."""
    tree = ast.parse(source)
    from_domain = _domain_imports(tree)
    offences = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.keyword) or node.arg != "max_chars":
            continue
        value = node.value
        literal = any(
            isinstance(part, ast.Constant) and isinstance(part.value, int | float)
            for part in ast.walk(value)
        )
        if literal or not (isinstance(value, ast.Name) and value.id in from_domain):
            offences.append(f"{name}:{node.value.lineno}: max_chars={ast.unparse(value)}")
    return offences


def test_every_max_chars_in_the_ui_comes_from_the_domain() -> None:
    files = sorted(UI.rglob("*.py"))
    assert files
    offences = [
        o for path in files for o in max_chars_offences(path.read_text(encoding="utf-8"), path.name)
    ]
    assert offences == []


def test_a_planted_literal_or_local_limit_is_caught() -> None:
    planted = [
        'st.text_input("Name", max_chars=60)',
        'st.text_input("Name", max_chars=6 * 10)',
        '_LIMIT = 60\nst.text_input("Name", max_chars=_LIMIT)',
        'from vigreview.ui.text import LIMIT\nst.text_input("Name", max_chars=LIMIT)',
    ]
    for source in planted:
        assert max_chars_offences(source, "planted.py"), source
    fine = (
        "from vigreview.validation import MAX_NAME_LENGTH\n"
        'st.text_input("N", max_chars=MAX_NAME_LENGTH)'
    )
    assert max_chars_offences(fine, "planted.py") == []
