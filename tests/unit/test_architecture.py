"""The dependency rules of design.md: one Streamlit seam, thin pages."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _python_files(folder: Path) -> list[Path]:
    files = sorted(folder.rglob("*.py"))
    assert files, f"no Python files found under {folder}"
    return files


def test_only_the_ui_seam_imports_streamlit() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files(ROOT / "vigreview")
        if "ui" not in path.relative_to(ROOT / "vigreview").parts[:1]
        and {"streamlit", "streamlit_player"} & _imported_modules(path)
    ]
    assert offenders == []


def test_pages_only_call_the_ui_seam() -> None:
    for path in [ROOT / "app.py", *_python_files(ROOT / "screens")]:
        modules = _imported_modules(path)
        assert not {"tinydb", "av", "filelock"} & modules, path
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.startswith("vigreview.ui"), (path, node.module)


def test_the_rule_detects_a_streamlit_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import streamlit as st\nfrom tinydb import TinyDB\n", encoding="utf-8")
    assert {"streamlit", "tinydb"} <= _imported_modules(sample)


def test_no_utils_module() -> None:
    assert not list((ROOT / "vigreview").rglob("utils.py"))


def test_no_pages_folder_beside_app() -> None:
    # Streamlit treats a folder called "pages" beside app.py as an old-style multipage app:
    # until some run has called st.navigation, a request for /<page> runs that page's file
    # directly, skipping app.py's network check, sign-in and parent-view gates. Screens live
    # in screens/ and are reached only through st.navigation in app.py.
    assert not (ROOT / "pages").exists(), "move page files to screens/ (see this test)"
