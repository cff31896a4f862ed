"""Helpers for the cog blocks in README.md and docs/cli.md: run the real commands, paste their output.

`cog -r -I docs README.md docs/cli.md` regenerates both; `.ci/run` runs `cog --check -I docs ...`, which
fails when a command's help or an example's output no longer matches what the files show. Examples run
in a fresh claims home (a temporary folder) with a fixed terminal width and user name, from the
repository root, so the fixtures' paths work as a reader types them.
"""

from __future__ import annotations

import os
import re
import shlex
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WIDTH = "110"
# The seed story's quote, logged as the walkthrough does.
SEED_ADD = ('claims add "We\'re just not ready to deploy capabilities yet because there hasn\'t been an agreement. '
            'And frankly, any day that could happen." --speaker "Joseph F. Dunford" --said Thursday '
            '--published 2016-05-19 --outlet "The Washington Post" '
            '--url https://www.washingtonpost.com/news/checkpoint/2016/05/19/libya --due 2016-06-02 --tag libya')
# The one thing in an example that changes from run to run: when an event was recorded.
_RECORDED = re.compile(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:\+00:00|Z)?")


def _runner() -> Any:
    from typer.testing import CliRunner

    return CliRunner()


class Session:
    """A fresh claims home; ``run`` one command line and return what a user would see on stdout."""

    def __init__(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.env = {"CLAIMS_HOME": self.tmp.name, "CLAIMS_DB": "", "COLUMNS": WIDTH, "USER": "you",
                    "LOGNAME": "you", "NO_COLOR": "1", "TERM": "dumb"}

    def run(self, line: str) -> str:
        import cli
        from claims.store import engine

        args = shlex.split(line)
        assert args[0] == "claims", line
        old = os.getcwd()
        saved = {k: os.environ.get(k) for k in self.env}
        os.chdir(ROOT)
        os.environ.update(self.env)
        os.environ.pop("CLAIMS_DB")
        try:
            result = _runner().invoke(cli.app, args[1:], env=None)
        finally:
            os.chdir(old)
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            engine.close_all()
        if result.exit_code != 0:
            raise RuntimeError(f"{line!r} exited {result.exit_code}: {result.stderr or result.stdout}")
        return _RECORDED.sub(lambda m: "2026-12-01T09:30", result.stdout)


def example(cog: Any, lines: list[str], *, setup: list[str] | tuple[str, ...] = (), show: set[int] | None = None,
            head: int | None = None, fence: str = "sh") -> None:
    """Run ``setup`` (not shown), then ``lines`` in one fresh session and print them with the output of
    those in ``show`` (default: all), cut to ``head`` lines of output each (then "  ...")."""
    session = Session()
    for line in setup:
        session.run(line)
    out = [f"```{fence}"]
    for i, line in enumerate(lines):
        text = session.run(line)
        out.append("$ " + _wrap(line))
        if show is None or i in show:
            body = text.rstrip("\n").split("\n") if text.strip() else []
            if head is not None and len(body) > head:
                body = body[:head] + ["  ..."]
            out += [b.rstrip() for b in body]
    out.append("```")
    cog.outl("\n".join(out))


def _wrap(line: str, width: int = 105) -> str:
    """A long command line broken before its options, with shell continuations."""
    if len(line) <= width:
        return line
    parts, cur = [], ""
    for word in re.split(r" (?=--)", line):
        if cur and len(cur) + len(word) + 1 > width:
            parts.append(cur)
            cur = "    " + word
        else:
            cur = f"{cur} {word}" if cur else word
    parts.append(cur)
    return " \\\n".join(parts)


def commands() -> list[tuple[list[str], Any]]:
    """Every command and sub-command of the app, as (path, click command), in the order --help lists them."""
    import typer.main

    import cli

    root = typer.main.get_command(cli.app)
    out: list[tuple[list[str], Any]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        out.append((path, cmd))
        for name in getattr(cmd, "list_commands", lambda ctx: [])(None) or []:
            walk(cmd.get_command(None, name), [*path, name])

    walk(root, [])
    return out


def help_text(path: list[str]) -> str:
    import cli

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        result = _runner().invoke(cli.app, [*path, "--help"], prog_name="claims")
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    return result.stdout


def reference(cog: Any) -> None:
    """The CLI reference: every command's --help."""
    for path, _cmd in commands():
        name = " ".join(["claims", *path])
        cog.outl(f"## `{name}`\n\n```text\n{help_text(path).rstrip()}\n```\n")
