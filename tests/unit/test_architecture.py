"""The dependency rules of design.md: one Streamlit seam, thin pages, a README that maps the code.

Imports are read with `ast` in every form Python has: `import a.b`, `import a.b as c`,
`from a import b`, `from a.b import c`, relative imports (`from . import x`, `from ..ui import
y`), and `importlib.import_module("a")` / `__import__("a")` with a literal name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "vigreview"
# The one package allowed to import the UI framework, and the frameworks it alone may use.
UI_SEAM = "vigreview.ui"
UI_FRAMEWORKS = {"streamlit", "streamlit_player"}
# What a screen file or app.py may import: the UI seam and nothing else.
SCREEN_ALLOWED = (UI_SEAM,)


def module_name(path: Path) -> str:
    """Return the dotted module name of a file under the project root."""
    parts = list(path.resolve().relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve_relative(path: Path, level: int, module: str | None) -> str:
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, module] if module else base)


def imported_modules(path: Path) -> set[str]:
    """Return every module `path` imports, as full dotted names, in any import form."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                source = _resolve_relative(path, node.level, node.module)
            else:
                source = node.module or ""
            if source == "__future__":
                continue
            names.add(source)
            # `from a import b` may import the module a.b: count both.
            names.update(f"{source}.{alias.name}" for alias in node.names if alias.name != "*")
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _is_within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _top_level(name: str) -> str:
    return name.split(".")[0]


def domain_offences(path: Path) -> list[str]:
    """Return why a module of vigreview/ outside the UI seam breaks the layering, if it does."""
    if _is_within(module_name(path), UI_SEAM):
        return []
    offences = []
    for name in sorted(imported_modules(path)):
        if _top_level(name) in UI_FRAMEWORKS:
            offences.append(f"{path.name} imports the UI framework {name}")
        if _is_within(name, UI_SEAM):
            offences.append(f"{path.name} imports the UI seam {name}")
    return offences


def screen_offences(path: Path) -> list[str]:
    """Return the imports of a screen file (or app.py) that are not the UI seam."""
    return [
        f"{path.name} imports {name}"
        for name in sorted(imported_modules(path))
        # `from vigreview.ui.x import f` also records vigreview.ui.x.f: both are in the seam.
        if not any(_is_within(name, allowed) for allowed in SCREEN_ALLOWED)
        # The parents of the seam (`vigreview`) are named by `import vigreview.ui.x`.
        and not UI_SEAM.startswith(name + ".")
    ]


def _python_files(folder: Path) -> list[Path]:
    files = sorted(folder.rglob("*.py"))
    assert files, f"no Python files found under {folder}"
    return files


def test_domain_code_never_imports_the_ui() -> None:
    offences = [o for path in _python_files(DOMAIN) for o in domain_offences(path)]
    assert offences == []


def test_screens_and_app_only_call_the_ui_seam() -> None:
    offences = [
        o
        for path in [ROOT / "app.py", *_python_files(ROOT / "screens")]
        for o in screen_offences(path)
    ]
    assert offences == []


PLANTED_DOMAIN_IMPORTS = [
    "import streamlit",
    "import streamlit as st",
    "import streamlit.components.v1 as components",
    "from streamlit import session_state",
    "from streamlit_player import st_player",
    "import vigreview.ui.gate",
    "from vigreview.ui import gate",
    "from vigreview.ui.gate import require_signed_in",
    "from .. import ui",
    "from ..ui.gate import require_signed_in",
    "import importlib\nimportlib.import_module('streamlit')",
    "st = __import__('streamlit')",
    "def later():\n    import streamlit\n",
]


def _plant(relative: str, source: str, monkeypatch_root: Path) -> Path:
    path = monkeypatch_root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source + "\n", encoding="utf-8")
    return path


def test_a_planted_ui_import_in_domain_code_is_caught(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    for source in PLANTED_DOMAIN_IMPORTS:
        # Two levels deep, so the relative forms resolve inside vigreview.
        planted = _plant("vigreview/storage/planted.py", source, tmp_path)
        assert domain_offences(planted), source
    one_level_up = _plant("vigreview/planted.py", "from .ui import gate", tmp_path)
    assert domain_offences(one_level_up)
    clean = _plant("vigreview/storage/planted.py", "import json\nfrom . import atomic", tmp_path)
    assert domain_offences(clean) == []
    inside_seam = _plant("vigreview/ui/planted.py", "import streamlit as st", tmp_path)
    assert domain_offences(inside_seam) == []


PLANTED_SCREEN_IMPORTS = [
    "import vigreview.storage",
    "from vigreview import storage",
    "from vigreview.storage import Store",
    "import streamlit as st",
    "import tinydb",
    "import av",
    "from vigreview.caseload import load_family",
    "importlib.import_module('vigreview.storage')",
]


def test_a_planted_import_in_a_screen_is_caught(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    for source in PLANTED_SCREEN_IMPORTS:
        planted = _plant("screens/planted.py", source, tmp_path)
        assert screen_offences(planted), source
    fine = "import vigreview.ui.moments_view\nfrom vigreview.ui.moments_view import render"
    assert screen_offences(_plant("screens/planted.py", fine, tmp_path)) == []


def test_no_utils_module() -> None:
    assert not list(DOMAIN.rglob("utils.py"))


def test_no_pages_folder_beside_app() -> None:
    # Streamlit treats a folder called "pages" beside app.py as an old-style multipage app:
    # until some run has called st.navigation, a request for /<page> runs that page's file
    # directly, skipping app.py's network check, sign-in and parent-view gates. Screens live
    # in screens/ and are reached only through st.navigation in app.py.
    assert not (ROOT / "pages").exists(), "move page files to screens/ (see this test)"


# -- The README's "Layout of the code" names every module ---------------------------------

_ENTRY = re.compile(r"^(?P<indent> *)(?P<name>[\w.]+/?)(?:\s|$)")
_MODULE = re.compile(r"(?<![\w/.])(\w+\.py)\b")


def readme_layout(readme: str) -> dict[str, set[str]]:
    """Return {package folder: module file names mentioned under it} from the README's layout.

    The layout is the first code block after the heading "## Layout of the code". A line that
    starts with a folder name ending in "/" opens that folder; module names (`name.py`) on the
    lines after it, until a line indented as little or less, belong to it. Nested folders
    nest by indentation.
    """
    section = readme.split("## Layout of the code", 1)[1]
    block = section.split("```", 2)[1]
    layout: dict[str, set[str]] = {}
    stack: list[tuple[int, str]] = []
    for line in block.splitlines()[1:]:
        entry = _ENTRY.match(line)
        if entry and entry.group("name"):
            indent = len(entry.group("indent"))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            name = entry.group("name")
            if name.endswith("/"):
                folder = "/".join([*(f for _, f in stack), name.rstrip("/")])
                stack.append((indent, folder))
                layout.setdefault(folder, set())
        if stack:
            layout[stack[-1][1]].update(_MODULE.findall(line))
    return layout


def test_readme_layout_names_every_module() -> None:
    layout = readme_layout((ROOT / "README.md").read_text(encoding="utf-8"))
    missing = []
    for path in _python_files(DOMAIN):
        if path.name == "__init__.py":
            continue
        folder = path.parent.relative_to(ROOT).as_posix()
        if path.name not in layout.get(folder, set()):
            missing.append(path.relative_to(ROOT).as_posix())
    assert not missing, f"add these to README.md's 'Layout of the code': {missing}"


def test_readme_layout_reader_sees_a_missing_module() -> None:
    readme = (
        "## Layout of the code\n\n```\nvigreview/   domain\n  caseload.py  families\n"
        "  trust/       who may\n    accounts.py  accounts\n  codec.py   json\n```\n"
    )
    layout = readme_layout(readme)
    assert layout["vigreview"] == {"caseload.py", "codec.py"}
    assert layout["vigreview/trust"] == {"accounts.py"}
