"""`claims --help` against `python -c "import typer"`: what the CLI adds to start-up.

    python bench/bench_startup.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import CLI, best_of, header, row  # noqa: E402


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    base, _ = best_of(15, lambda: timed([sys.executable, "-c", "import typer"]))
    help_, _ = best_of(15, lambda: timed([*CLI, "--help"]))
    sub, _ = best_of(15, lambda: timed([*CLI, "add", "--help"]))
    header("start-up (best of 15)")
    row("python -c 'import typer'", f"{base * 1000:.0f} ms")
    ratio = help_ / base
    row("claims --help", f"{help_ * 1000:.0f} ms = {ratio:.2f}x", "<= 1.5x", "ok" if ratio <= 1.5 else "MISSED")
    # Not a target: Typer 0.29 builds a pydantic adapter per option when a command's help is shown.
    row("claims add --help (for reference)", f"{sub * 1000:.0f} ms = {sub / base:.2f}x")


if __name__ == "__main__":
    main()
