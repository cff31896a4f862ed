"""Writing the site: a file is rewritten only when what it is made of changed.

Each output file has a fingerprint (a hash of the builder's version and of everything the file is made of);
``.claims-site.json`` in the output folder records them. A rebuild renders and writes only the files whose
fingerprint changed (or that are missing), deletes the files that an earlier build wrote and this one does
not (and nothing else), and leaves every other byte alone. The output never depends on the clock, so the
same database (and the same as-of date) gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError

MANIFEST = ".claims-site.json"


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


def fingerprint(value: Any) -> str:
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")))


class Output:
    """The output folder and what the last build wrote to it."""

    def __init__(self, root: Path, version: str):
        self.root = root
        self.version = version
        self.old: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.written = 0
        self.kept = 0
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ClaimsError(f"cannot create {root}: {exc.strerror or exc}") from None
        if not root.is_dir():
            raise ClaimsError(f"{root} is not a folder")
        path = root / MANIFEST
        if path.exists():
            try:
                found = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                found = {}
            if isinstance(found, dict) and found.get("version") == version and isinstance(found.get("files"), dict):
                self.old = {str(k): str(v) for k, v in found["files"].items()}
        elif any(root.iterdir()):
            raise ClaimsError(f"{root} is not empty and was not written by claims site; choose an empty folder")

    def file(self, rel: str, print_: str, render: Callable[[], str | bytes]) -> None:
        """Write ``rel`` from ``render()`` unless its fingerprint ``print_`` is what the last build wrote."""
        fp = digest(self.version, print_)
        self.new[rel] = fp
        target = self.root / rel
        if self.old.get(rel) == fp and target.is_file():
            self.kept += 1
            return
        body = render()
        data = body.encode("utf-8") if isinstance(body, str) else body
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, target)
        except OSError as exc:
            raise ClaimsError(f"cannot write {target}: {exc.strerror or exc}") from None
        self.written += 1

    def finish(self) -> int:
        """Delete what the last build wrote and this one did not; record this build. Returns files deleted."""
        removed = 0
        for rel in sorted(set(self.old) - set(self.new)):
            path = self.root / rel
            if path.is_file():
                path.unlink()
                removed += 1
        manifest = {"version": self.version, "files": dict(sorted(self.new.items()))}
        (self.root / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        return removed
