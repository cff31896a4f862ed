"""Progress on stderr for long work: a bar on a terminal, nothing otherwise, never on stdout."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import tempfile

from conftest import FIXTURES, ROOT, add_seed

from claims.commands.progress import progress, track


def _records(n: int) -> str:
    return "".join(json.dumps({"text": f"We will open clinic number {i} by next year.", "speaker": "Jane Roe",
                               "said_on": "2017-03-01"}) + "\n" for i in range(n))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_helper_prints_nothing_off_a_terminal_and_a_bar_on_one():
    plain = io.StringIO()
    with progress(plain) as report:
        assert list(track(range(50), "counting", report=report)) == list(range(50))
    assert plain.getvalue() == ""
    term = _Terminal()
    with progress(term) as report:
        for n in range(1, 4):
            report("writing", n, 3)
    assert "writing" in term.getvalue() and "3/3" in term.getvalue()


def test_stdout_is_pure_json_and_a_piped_stderr_stays_empty(run, tmp_path):
    src = tmp_path / "many.jsonl"
    src.write_text(_records(150), encoding="utf-8")
    report = json.loads(run("import", str(src), "--json").stdout)
    assert report["added"] == 150
    assert run("import", str(src), "--json").stderr == ""
    add_seed(run)
    out = run("reanalyze", "--all", "--json")
    assert json.loads(out.stdout)["reanalysed"] == 151 and out.stderr == ""
    articles = sorted(str(p) for p in FIXTURES.glob("*.txt"))[:3]
    out = run("ingest", *articles, "--published", "2017-01-10", "--json")
    assert len(json.loads(out.stdout)) == len(articles) and out.stderr == ""


def _on_a_terminal(args: list[str], db: str) -> tuple[str, str, int]:
    """Run claims with stderr on a pseudo-terminal and stdout on a pipe, as `claims ... > out.json` would."""
    master, slave = pty.openpty()
    env = {**os.environ, "CLAIMS_DB": db, "COLUMNS": "100"}
    # stdout to a file, not a pipe: a pipe read only at the end would fill (64 KB) and block the command.
    sink = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], stdout=sink, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    sink.seek(0)
    out = sink.read().decode()
    sink.close()
    os.close(master)
    return out, seen.decode(errors="replace"), proc.returncode


def test_a_terminal_stderr_gets_the_bar_and_stdout_stays_json(tmp_path):
    db = str(tmp_path / "claims.db")
    src = tmp_path / "many.jsonl"
    src.write_text(_records(3000), encoding="utf-8")
    out, err, code = _on_a_terminal(["import", str(src), "--json"], db)
    assert code == 0 and json.loads(out)["added"] == 3000
    assert "reading" in err or "writing" in err
    articles = sorted(str(p) for p in FIXTURES.glob("*.txt"))[:3]
    out, err, code = _on_a_terminal(["ingest", *articles, "--published", "2017-01-10", "--json"], db)
    assert code == 0 and len(json.loads(out)) == len(articles)
    assert "ingesting" in err
