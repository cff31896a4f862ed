"""The layer contract: no module imports from a layer above it (or across between the two pure layers).

The packages are ``claims.language`` and ``claims.reading`` (pure), ``claims.store``, ``claims.services`` and
``claims.commands``; ``errors``, ``config`` and ``status`` are shared. Every import statement in the package,
at module level or inside a function, is read from the source with ``ast``, so a lazy import counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "claims"
SHARED = {"claims", "claims.errors", "claims.config", "claims.status"}
ALLOWED = {  # what each layer may import, besides itself and the shared modules
    "language": set(),
    "reading": {"language"},
    "store": {"language"},
    "services": {"language", "reading", "store"},
    "commands": {"language", "reading", "store", "services"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names if node.module == "claims"]
    return out


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "claims" and parts[1] in ALLOWED else None


MODULES = sorted(p for p in PKG.rglob("*.py") if "migrations" not in p.parts or p.name == "env.py")


def test_every_module_is_in_a_layer_or_shared():
    top = {p.stem for p in PKG.glob("*.py")} - {"__init__"}
    assert top == {"errors", "config", "status"}, "new top-level modules belong in a layer package"
    assert {p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_no_import_runs_against_the_layers(path: Path):
    rel = path.relative_to(PKG).parts
    own = rel[0] if len(rel) > 1 else None
    bad = []
    for line, module in _imports(path):
        if module == "cli" or module.startswith("cli_"):
            bad.append((line, module))
            continue
        target = _layer(module)
        if module.startswith("claims") and target is None and module.split(".")[:2] != ["claims"] \
                and ".".join(module.split(".")[:2]) not in SHARED:
            bad.append((line, module))
        if own is None:  # a shared module imports only shared modules
            if target is not None:
                bad.append((line, module))
        elif target is not None and target != own and target not in ALLOWED[own]:
            bad.append((line, module))
    assert not bad, f"{path.relative_to(ROOT)} imports against the layers: {bad}"


def test_nothing_in_the_library_imports_the_command_line():
    for path in MODULES:
        if path.relative_to(PKG).parts[0] == "commands":
            continue
        assert not any(m.startswith("claims.commands") or m == "cli" for _l, m in _imports(path)), path


def test_the_pure_packages_import_without_the_database():
    import subprocess
    import sys

    code = ("import sys, claims.reading.extract, claims.language.analysis, claims.language.timex; "
            "bad = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'typer', 'psycopg') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
