"""The docs cannot drift: every command and option has help, and the generated reference and README
examples are current (`cog --check`, also run by .ci/run)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import typer.main
from conftest import ROOT

import cli


def _walk(cmd, path):
    yield path, cmd
    for name in getattr(cmd, "list_commands", lambda ctx: [])(None) or []:
        yield from _walk(cmd.get_command(None, name), [*path, name])


COMMANDS = list(_walk(typer.main.get_command(cli.app), []))


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_every_command_and_option_has_help(path, cmd):
    assert (cmd.help or "").strip(), f"claims {' '.join(path)} has no help"
    for param in cmd.params:
        if param.name in ("help",) or getattr(param, "hidden", False):
            continue
        assert (getattr(param, "help", None) or "").strip(), f"claims {' '.join(path)}: {param.name} has no help"


def test_the_reference_names_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, _cmd in COMMANDS:
        assert f"## `{' '.join(['claims', *path])}`" in text


@pytest.mark.skipif(shutil.which("cog") is None and not (ROOT / ".venv" / "bin" / "cog").exists(),
                    reason="cogapp is not installed (pip install -e '.[test]')")
def test_generated_docs_are_current():
    done = subprocess.run([sys.executable, "-m", "cogapp", "--check", "-I", "docs", "README.md", "docs/cli.md"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
