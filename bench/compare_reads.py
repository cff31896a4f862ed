"""Old vs new read commands on copies of one database: byte-for-byte, statements' overdue normalised in the old output.

    git archive bbba446 | tar -x -C /tmp/oldclaims
    python bench/compare_reads.py /tmp/oldclaims OLD_DB NEW_DB SPEAKER
"""

import json
import os
import subprocess
import sys
from pathlib import Path

OLD = str(Path(sys.argv[1]) / "cli.py")
NEW = str(Path(__file__).resolve().parent.parent / "cli.py")
db_old, db_new, speaker = sys.argv[2], sys.argv[3], sys.argv[4]
PY = sys.executable
cases = [
    ["list", "-n", "0", "--json"], ["list", "--speaker", speaker, "--json"], ["list", "--speaker", speaker],
    ["list", "-n", "30", "--csv"], ["list", "-n", "30", "--nl"], ["list", "--status", "open", "-n", "20", "--json"],
    ["list", "--kind", "promise", "-n", "20"], ["list", "--due-before", "2020-01-01", "-n", "10", "--json"],
    ["due", "--as-of", "2016-07-01", "--json"], ["due", "--as-of", "2024-07-01", "-n", "0", "--json"],
    ["due", "--as-of", "2016-07-01"],
    ["show", "5", "--json", "--as-of", "2030-01-01"], ["show", "5", "--as-of", "2030-01-01"], ["show", "900", "--json"],
    ["history", "5", "--json"], ["history", "5"],
    ["search", "bridge", "--json", "--as-of", "2030-01-01"],
    ["search", "agreement", "--sort", "newest", "--as-of", "2030-01-01"],
    ["search", "bridge", "-n", "5", "--csv", "--as-of", "2030-01-01"],
    ["speakers", "--json"], ["speakers"], ["speaker", speaker, "--json", "--as-of", "2030-01-01"],
    ["speaker", speaker, "--as-of", "2030-01-01"],
    ["quotes", "--json", "-n", "20"], ["quotes", "bridge", "-n", "10", "--json"], ["quotes", "-n", "10"],
    ["db", "info", "--json"], ["db", "info"],
    ["show", "99999999", "--json"], ["speaker", "Nobody Atall"], ["list", "--speaker", "Amara"],
]


def run(cli, db, args):
    env = {**os.environ, "CLAIMS_DB": db, "COLUMNS": "160"}
    p = subprocess.run([PY, cli, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def norm(obj):
    if isinstance(obj, dict):
        if obj.get("kind") == "statement" and "overdue" in obj:
            obj["overdue"], obj["days_overdue"] = False, None
        return {k: norm(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [norm(v) for v in obj]
    return obj


bad = 0
for args in cases:
    o, n = run(OLD, db_old, args), run(NEW, db_new, args)
    same = o == n
    if not same and "--json" in args:
        try:
            oj, nj = norm(json.loads(o[1])), json.loads(n[1])
            if args[0] == "due":
                oj = [c for c in oj if c["kind"] != "statement"]
            if args[:2] == ["db", "info"]:
                same = oj == nj
            else:
                same = oj == nj and o[0] == n[0]
            tag = "same after normalising statements" if same else "DIFF"
        except ValueError as e:
            tag = f"DIFF ({e})"
    else:
        tag = "identical" if same else "DIFF"
    if not same:
        bad += 1
        print("----", args, tag)
        print("OLD", o[0], o[1][:600], o[2][:300])
        print("NEW", n[0], n[1][:600], n[2][:300])
    else:
        print(args, tag)
print("differences:", bad)
