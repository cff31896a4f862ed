"""Fault drivers shared by the reliability tests (tests/test_reliability.py) and bench/bench_reliability.py.

Run as a script, ``python tests/faults.py write DB WORKER N SEED START ID...`` is one writer process: it waits
for the wall-clock START, then runs N commands through the real CLI (adds, resolves and reopens of the
shared claims IDs, notes on them) and prints one JSON line per command with what the command printed, so
the parent can check that what each process says happened is what the database holds.

As a module it offers :func:`run_writers`, :func:`verify_writers`, :func:`crash_trial` and
:func:`crash_series`; ``bench/bench_reliability.py`` runs the same drivers at full size.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "cli.py"
STATUSES = ("fulfilled", "not-fulfilled", "partly-fulfilled", "in-progress", "stalled")
# What a user must never see from a write that merely ran at the same time as another.
LOCK_ERRORS = re.compile(r"locked|deadlock|could not serialize|database error|unexpected|Traceback", re.I)
_CHANGE = re.compile(r"^Claim (\d+): ([a-z-]+) -> ([a-z-]+)")


def _writer(db: str, worker: int, n: int, seed: int, start: float, shared: list[int]) -> None:
    from typer.testing import CliRunner

    import cli

    runner = CliRunner()
    rnd = random.Random(seed)
    while time.time() < start:
        time.sleep(0.005)
    for i in range(n):
        roll = rnd.random()
        target = rnd.choice(shared)
        if roll < 0.25:
            op, args = "add", ["add", f"Worker {worker} predicts that event {i} will happen by 2030",
                               "--speaker", f"Speaker {worker % 3}", "--said", "2024-01-02", "--kind", "prediction"]
        elif roll < 0.60:
            op, args = "resolve", ["resolve", str(target), "--as", rnd.choice(STATUSES), "--on", "2024-06-01"]
        elif roll < 0.70:
            op, args = "reopen", ["reopen", str(target), "--note", f"reopened w{worker}-{i}"]
        else:
            op, args = "note", ["note", str(target), f"note w{worker}-{i}"]
        result = runner.invoke(cli.app, ["--db", db, *args])
        print(json.dumps({"worker": worker, "op": op, "claim": None if op == "add" else target, "args": args,
                          "exit": result.exit_code, "out": result.stdout.strip(), "err": result.stderr.strip()}),
              flush=True)


def seed_claims(db: str, n: int) -> list[int]:
    """``n`` open claims said on 2024-01-02, for the writers to fight over."""
    from typer.testing import CliRunner

    import cli

    runner = CliRunner()
    ids = []
    for i in range(n):
        result = runner.invoke(cli.app, ["--db", db, "add", f"Shared claim {i} will come true by 2030",
                                         "--speaker", "Shared Speaker", "--said", "2024-01-02",
                                         "--kind", "prediction", "--due", "2030-01-01"])
        assert result.exit_code == 0, result.stderr
        ids.append(int(result.stdout.strip()))
    return ids


def run_writers(db: str, shared: list[int], *, workers: int, per: int, seed: int = 1,
                timeout: float = 600) -> list[dict[str, Any]]:
    """``workers`` processes of ``per`` commands each, started together; every command's log line."""
    start = time.time() + 2.0 + 0.4 * workers  # each process imports the CLI first
    env = {**os.environ, "CLAIMS_DEBUG": ""}
    procs = [subprocess.Popen([sys.executable, str(Path(__file__)), "write", db, str(w), str(per), str(seed * 1000 + w),
                               str(start), *map(str, shared)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for w in range(workers)]
    logs = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err[-2000:]
        logs += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return logs


def verify_writers(db: str, logs: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures: commands run, changes made, refusals, lost writes, lock errors shown, and the checks of
    :func:`claims.store.integrity.check`. A change is lost when a process said it happened and the
    history does not hold it (or a note is missing from the claim's search text)."""
    from claims.store.db import open_database
    from claims.store.integrity import check

    report = check(db)
    with open_database(db).read() as r:
        events = r.rows("SELECT claim_id, type, from_status, status, note FROM event ORDER BY id")
        search = {row["id"]: row["search_text"] for row in r.rows("SELECT id, search_text FROM claim")}
        texts = {row["text"] for row in r.rows("SELECT text FROM quote")}
    changes = {(e["claim_id"], e["from_status"], e["status"]) for e in events if e["type"] == "status"}
    notes = {(e["claim_id"], e["note"]) for e in events if e["note"]}
    lost, shown, refused, failed, done = [], [], 0, [], 0
    for entry in logs:
        if LOCK_ERRORS.search(entry["err"]):
            shown.append(entry)
        if entry["exit"] != 0:
            # "already fulfilled" / "already open" are the only refusals two honest writers can cause.
            refused += entry["exit"] == 2 and "already" in entry["err"]
            if not (entry["exit"] == 2 and "already" in entry["err"]):
                failed.append(entry)
            continue
        done += 1
        if entry["op"] in ("resolve", "reopen"):
            m = _CHANGE.match(entry["out"])
            if not m or (int(m.group(1)), m.group(2), m.group(3)) not in changes:
                lost.append(entry)
        if entry["op"] in ("note", "reopen"):
            text = entry["args"][2] if entry["op"] == "note" else entry["args"][3]
            if (entry["claim"], text) not in notes or text not in search.get(entry["claim"], ""):
                lost.append(entry)
        if entry["op"] == "add" and entry["args"][1] not in texts:
            lost.append(entry)
    return {"commands": len(logs), "done": done, "refused": refused, "failed": failed, "lost": lost,
            "lock_errors_shown": shown, **report}


def crash_trial(args: list[str], db: str, *, kill_after: float, env: dict[str, str] | None = None,
                timeout: float = 600) -> bool:
    """Run ``claims --db DB ARGS...`` and ``kill -9`` it after ``kill_after`` seconds; True if it was
    killed (False: it finished first)."""
    proc = subprocess.Popen([sys.executable, str(CLI), "--db", db, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    try:
        proc.wait(timeout=kill_after)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=timeout)
        return True


def crash_series(args: list[str], folder: Path, name: str, *, trials: int, whole: Any, seed: int = 9
                 ) -> dict[str, Any]:
    """An uninterrupted run of ``claims ARGS`` (the reference), then ``trials`` runs each killed at a random
    point of it and re-run. ``whole(db)`` says whether a killed run left only whole transactions. Figures:
    kills, databases that passed the integrity checks, held only whole transactions, and re-runs that
    ended exactly where the reference ended (same :func:`~claims.store.integrity.fingerprint`)."""
    from claims.store.integrity import check, fingerprint, problems

    ref_db = str(folder / f"{name}-ref.db")
    began = time.monotonic()
    done = run_cli(args, ref_db)
    took = time.monotonic() - began
    assert done.returncode == 0, done.stderr[-2000:]
    ref = fingerprint(ref_db)
    rnd = random.Random(seed)
    figures: dict[str, Any] = {"trials": trials, "reference_seconds": round(took, 1), "killed": 0,
                               "integrity_ok": 0, "whole": 0, "rerun_equal": 0, "problems": [], "left": []}
    for t in range(trials):
        db = str(folder / f"{name}-{t}.db")
        figures["killed"] += crash_trial(args, db, kill_after=rnd.uniform(0.5, max(0.6, took * 0.95)))
        report = check(db)
        figures["left"].append(report["counts"]["claim"])
        found = problems(report)
        figures["problems"] += found
        figures["integrity_ok"] += not found
        figures["whole"] += bool(whole(db))
        again = run_cli(args, db)
        figures["rerun_equal"] += again.returncode == 0 and fingerprint(db) == ref
        Path(db).unlink(missing_ok=True)
    return figures


def per_source(db: str) -> dict[str, int]:
    """Appearances per source (by its natural key)."""
    from claims.store.db import open_database

    with open_database(db).read() as r:
        rows = r.rows("SELECT s.key AS k, count(a.id) AS n FROM source s "
                      "LEFT JOIN appearance a ON a.source_id = s.id GROUP BY s.key")
    return {row["k"]: row["n"] for row in rows}


def run_cli(args: list[str], db: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """``claims --db DB ARGS...`` in a new process, as a user runs it."""
    return subprocess.run([sys.executable, str(CLI), "--db", db, *args], capture_output=True, text=True,
                          timeout=timeout)


if __name__ == "__main__":
    if len(sys.argv) < 7 or sys.argv[1] != "write":
        sys.exit("usage: faults.py write DB WORKER N SEED START ID...")
    _writer(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]),
            [int(x) for x in sys.argv[7:]])
