"""Start-up: everyday commands on the 1,000,000-claim database against `claims --help`, in the same run.

    python bench/bench_startup.py [SQLITE_DB] [POSTGRES_URL]
        (default bench/out/claims-1000000.db, - for none; PostgreSQL from $CLAIMS_BENCH_POSTGRES_URL, e.g. a database
         filled by bench/build_postgres.py; the writes change the database, so use copies)

Each figure is the median wall time of ROUNDS new processes; the rounds interleave the commands and the
baseline, so a busy machine slows them alike. Children run with bytecode caching on (as an installed
command does; PYTHONDONTWRITEBYTECODE is dropped) after one warm-up run. The floor is a bare `python -c`
that imports the driver, opens the database and runs the very statements the command ran (recorded from
the command itself).
Also measured: Typer's cost per option, with its pydantic coercion and with the project's plain one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CLI, header, row

HERE = Path(__file__).resolve().parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
# As an installed command runs: Python writes and reuses bytecode (some shells here disable that).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()[:400]}")
    return elapsed


def statements(db: str, args: list[str]) -> list[tuple[str, dict]]:
    """The SQL a read command runs (recorded in this process, through the CLI itself)."""
    from typer.testing import CliRunner

    import cli
    from claims.store import db as light

    seen: list[tuple[str, dict]] = []
    rows = light.Reader.rows

    def record(self: light.Reader, sql: str, params: dict | None = None) -> list[dict]:
        seen.append((self.sql(sql), self.params(params)))
        return rows(self, sql, params)

    light.Reader.rows = record
    try:
        done = CliRunner().invoke(cli.app, ["--db", db, *args])
        assert done.exit_code == 0, done.output
    finally:
        light.Reader.rows = rows
    return seen


def floor_code(db: str, seen: list[tuple[str, dict]]) -> str:
    if db.startswith("postgres"):
        from claims.store.db import pg_driver

        url, driver = "postgresql://" + db.split("://", 1)[1], pg_driver()  # the driver the command used
        return (f"import datetime\nimport {driver}\nconn = {driver}.connect({url!r})\ncur = conn.cursor()\n"
                f"for sql, params in {seen!r}:\n    cur.execute(sql, params)\n    cur.fetchall()\n")
    return (f"import sqlite3\nconn = sqlite3.connect({db!r})\n"
            f"for sql, params in {seen!r}:\n    conn.execute(sql, params).fetchall()\n")


def facts(db: str) -> dict[str, str]:
    """A busy speaker, an active claim, for the commands below (read on the light path)."""
    from claims.store.db import open_database

    with open_database(db).read() as r:
        speaker = r.scalar("SELECT s.name FROM speaker s JOIN claim c ON c.speaker_id = s.id "
                           "GROUP BY s.id, s.name ORDER BY count(*) DESC LIMIT 1")
        active = r.scalar("SELECT max(id) FROM claim WHERE status IN ('open', 'in-progress', 'stalled') "
                          "AND kind <> 'statement'")
        middle = r.scalar("SELECT max(id) / 2 FROM claim")
        status = r.scalar("SELECT status FROM claim WHERE id = :id", {"id": active})
    return {"speaker": speaker, "active": str(active), "middle": str(middle), "status": status}


def backend(label: str, db: str) -> None:
    f = facts(db)
    reads = [
        ("due", ["due", "--as-of", "2016-07-01", "--json"]),
        ("list --speaker (busiest)", ["list", "--speaker", f["speaker"], "--json"]),
        ("show", ["show", f["middle"], "--json"]),
        ("search ceasefire --limit 20", ["search", "ceasefire", "--limit", "20", "--json"]),
    ]
    pair = ["stalled", "in-progress"] if f["status"] == "in-progress" else ["in-progress", "stalled"]
    turn = iter(pair * ROUNDS)  # each resolve changes the claim's status
    count = iter(range(10**6))
    writes = [
        ("add", lambda: ["add", f"The bench bridge number {next(count)} will open next June.", "--speaker",
                         "Bench Speaker", "--said", "2026-01-05", "--due", "2026-06-30"]),
        ("resolve", lambda: ["resolve", f["active"], "--as", next(turn), "--on", "2026-01-06"]),
    ]
    env = {**ENV, "CLAIMS_DB": db, "COLUMNS": "160"}
    floors = {name: floor_code(db, statements(db, args)) for name, args in reads}
    for _, args in reads:  # warm-up: bytecode written, pages cached
        timed([*CLI, *args], env)
    times: dict[str, list[float]] = {}
    for _ in range(ROUNDS):
        times.setdefault("help", []).append(timed([*CLI, "--help"], env))
        for name, args in reads:
            times.setdefault(name, []).append(timed([*CLI, *args], env))
            times.setdefault("floor " + name, []).append(timed([sys.executable, "-c", floors[name]], env))
        for name, args in writes:
            times.setdefault(name, []).append(timed([*CLI, *args()], env))
        times.setdefault("table", []).append(timed([*CLI, "due", "--as-of", "2016-07-01"], env))
    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["help"]
    header(f"{label}: median of {ROUNDS} new processes, against `claims --help` in the same run")
    row("claims --help (baseline)", f"{base * 1000:.0f} ms")
    for name, _ in reads:
        ratio = med[name] / base
        row(f"claims {name} --json", f"{med[name] * 1000:.0f} ms = {ratio:.2f}x "
            f"(floor {med['floor ' + name] * 1000:.0f} ms = {med['floor ' + name] / base:.2f}x)",
            "<= 1.5x", "ok" if ratio <= 1.5 else "MISSED")
    for name, _ in writes:
        ratio = med[name] / base
        row(f"claims {name}", f"{med[name] * 1000:.0f} ms = {ratio:.2f}x", "<= 2.5x",
            "ok" if ratio <= 2.5 else "MISSED")
    row("claims due (a rich table, for reference)", f"{med['table'] * 1000:.0f} ms = {med['table'] / base:.2f}x")


TYPER_APP = """
import sys, typer
from claims.commands.common import ClaimsGroup
N, PLAIN = int(sys.argv[1]), sys.argv[2] == "plain"
app = typer.Typer(cls=ClaimsGroup if PLAIN else typer.core.TyperGroup, add_completion=False)
@app.callback()
def main() -> None: pass
def cmd(**kw) -> None: pass
import inspect
cmd.__signature__ = inspect.Signature([inspect.Parameter(f"o{i}", inspect.Parameter.KEYWORD_ONLY,
    default=typer.Option(None, f"--o{i}", help="An option."), annotation=str | None) for i in range(N)])
app.command("cmd")(cmd)
app(["cmd"], prog_name="x")
"""


def typer_options() -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(TYPER_APP)
    times: dict[tuple[int, str], list[float]] = {}
    try:
        for _ in range(ROUNDS):
            for n in (1, 20):
                for mode in ("pydantic", "plain"):
                    cmd = [sys.executable, fh.name, str(n), mode]
                    times.setdefault((n, mode), []).append(timed(cmd, ENV))
    finally:
        os.unlink(fh.name)
    med = {k: statistics.median(v) for k, v in times.items()}
    header("Typer: one command with N str options, run once (median of new processes)")
    for mode in ("pydantic", "plain"):
        per = (med[(20, mode)] - med[(1, mode)]) / 19
        row(f"{mode} coercion: 1 option / 20 options", f"{med[(1, mode)] * 1000:.0f} ms / "
            f"{med[(20, mode)] * 1000:.0f} ms ({per * 1000:.1f} ms per option)")


def main() -> None:
    sqlite_db = sys.argv[1] if len(sys.argv) > 1 else str(HERE / "out" / "claims-1000000.db")
    pg = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("CLAIMS_BENCH_POSTGRES_URL")
    pg = None if pg == "-" else pg
    if sqlite_db != "-":  # "-": PostgreSQL only
        typer_options()
        backend(f"SQLite ({Path(sqlite_db).name})", sqlite_db)
    if pg:
        backend("PostgreSQL", pg)


if __name__ == "__main__":
    main()
