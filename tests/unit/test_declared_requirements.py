"""Every third-party package the code imports is declared in the human-edited requirement lists.

The app's own code (app.py, screens/, vigreview/) must be covered by requirements.in, what only
tests and benchmarks import by requirements-dev.in. Import names are mapped to distribution
names by the installed packages' metadata (`fontTools` comes from `fonttools`, `PIL` from
`Pillow`), so a package that merely arrives with another one is caught.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from vigreview.config import APP_ROOT

APP_CODE = ("app.py", "screens", "vigreview")
TEST_CODE = ("tests", "bench")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_declared(requirements: Path) -> set[str]:
    """Return the normalised distribution names in a .in file and the files it includes."""
    names: set[str] = set()
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith(("-r ", "--requirement ")):
            names |= read_declared(requirements.parent / line.split(None, 1)[1])
        elif line and not line.startswith("-"):
            names.add(_normalise(re.split(r"[\s<>=!~;\[@]", line, maxsplit=1)[0]))
    return names


def imported_top_level(source: str) -> set[str]:
    """Return the top-level modules that absolute imports in `source` name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _first_party(root: Path) -> set[str]:
    return {p.stem for p in root.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}


def undeclared_imports(files: list[Path], declared: set[str], root: Path) -> dict[str, str]:
    """Return {module: why} for third-party modules in `files` that `declared` does not cover."""
    local = _first_party(root)
    distributions = packages_distributions()
    missing: dict[str, str] = {}
    for path in files:
        for module in imported_top_level(path.read_text(encoding="utf-8")):
            if module in sys.stdlib_module_names or module in local:
                continue
            providers = {_normalise(d) for d in distributions.get(module, [])}
            if not providers:
                missing[module] = f"imported in {path.relative_to(root)}, but not installed"
            elif not providers & declared:
                missing[module] = (
                    f"imported in {path.relative_to(root)}; declare one of {sorted(providers)}"
                )
    return missing


def _python_files(root: Path, places: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for place in places:
        target = root / place
        files.extend([target] if target.is_file() else sorted(target.rglob("*.py")))
    return files


def test_the_apps_imports_are_declared_in_requirements_in() -> None:
    declared = read_declared(APP_ROOT / "requirements.in")
    files = _python_files(APP_ROOT, APP_CODE)
    assert len(files) > 50
    assert undeclared_imports(files, declared, APP_ROOT) == {}


def test_test_and_bench_imports_are_declared_in_requirements_dev_in() -> None:
    declared = read_declared(APP_ROOT / "requirements-dev.in")
    files = _python_files(APP_ROOT, TEST_CODE)
    assert undeclared_imports(files, declared, APP_ROOT) == {}


def test_an_undeclared_import_is_named_with_the_package_to_declare(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "__init__.py").write_text("", encoding="utf-8")
    code = tmp_path / "code.py"
    code.write_text("import os\nimport mine.x\nfrom PIL import Image\nimport pypdf\n", "utf-8")
    declared = read_declared(APP_ROOT / "requirements.in")
    missing = undeclared_imports([code], declared, tmp_path)
    assert set(missing) == {"pypdf"}  # Pillow (as PIL) is declared; pypdf is a test tool only
    assert "pypdf" in missing["pypdf"]


def test_the_locks_pin_every_declared_package_with_hashes() -> None:
    for source, lock in (
        ("requirements.in", "requirements.txt"),
        ("requirements-dev.in", "requirements-dev.txt"),
    ):
        text = (APP_ROOT / lock).read_text(encoding="utf-8")
        pinned = {_normalise(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", text, re.MULTILINE)}
        assert read_declared(APP_ROOT / source) <= pinned, lock
        assert text.count("==") <= text.count("--hash=sha256:"), lock
