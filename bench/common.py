"""Helpers shared by the benchmarks: run the real CLI, time it, print a table of ratios."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, str(ROOT / "cli.py")]
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, db: str | None = None, check: bool = True,
            cli: list[str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``claims ARGS`` (this checkout's, or the command line ``cli``) in a new process."""
    env = {**os.environ}
    if db:
        env["CLAIMS_DB"] = db
    start = time.perf_counter()
    proc = subprocess.run([*(cli or CLI), *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if check and proc.returncode != 0:
        raise SystemExit(f"claims {' '.join(args)} failed: {proc.stderr.strip()[:500]}")
    return elapsed, proc


def best_of(n: int, fn) -> float:
    """The fastest of n runs (the least disturbed by the rest of the machine) and the median, in seconds."""
    times = [fn() for _ in range(n)]
    return min(times), statistics.median(times)


def row(label: str, value: str, target: str = "", verdict: str = "") -> None:
    print(f"| {label} | {value} | {target} | {verdict} |")


def header(title: str) -> None:
    print(f"\n### {title}\n")
    print("| measurement | result | target | |")
    print("|---|---|---|---|")
