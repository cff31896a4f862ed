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
from collections.abc import Callable, Iterable
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


def parts_print(parts: list[tuple[int, str]]) -> str:
    """One fingerprint of (claim id, claim fingerprint) pairs, in order."""
    return digest("\n".join(f"{i}:{f}" for i, f in parts))


def fingerprint(value: Any) -> str:
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")))


def _write(path: str, data: bytes) -> None:
    """``data`` as the whole of ``path``, on the bare file descriptor (a hundred thousand pages per build)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


class Output:
    """The output folder and what the last build wrote to it."""

    def __init__(self, root: Path, version: str):
        self.root = root
        self.version = version
        self.old: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.old_parts: dict[str, Any] = {}
        self.new_parts: dict[str, Any] = {}
        # Each claim's fingerprint, once (the assembled files' parts name claims by id and length only).
        self.old_prints: dict[int, str] = {}
        self.new_prints: dict[int, str] = {}
        self._listed: dict[str, set[str]] = {}
        self._folders: set[Path] = set()
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
                parts = found.get("parts")
                self.old_parts = parts if isinstance(parts, dict) else {}
                prints = found.get("prints")
                if isinstance(prints, dict):
                    self.old_prints = {int(k): str(v) for k, v in prints.items()}
        elif any(root.iterdir()):
            raise ClaimsError(f"{root} is not empty and was not written by claims site; choose an empty folder")

    def exists(self, rel: str) -> bool:
        """Whether the last build's file is still there (one directory listing per folder, not a stat per file)."""
        folder, _, name = rel.rpartition("/")
        names = self._listed.get(folder)
        if names is None:
            try:
                names = {e.name for e in os.scandir(self.root / folder) if e.is_file()}
            except OSError:
                names = set()
            self._listed[folder] = names
        return name in names

    def record(self, files: Iterable[tuple[str, str]], *, unchanged: int) -> None:
        """Record (path, fingerprint) pairs as this build's in one go, ``unchanged`` of them kept as they
        are; the others are then written with :meth:`file`."""
        self.new.update(files)
        self.kept += unchanged

    def stale(self, rel: str, print_: str) -> bool:
        """Whether :meth:`file` will render ``rel`` (its fingerprint changed, or the file is gone)."""
        return self.old.get(rel) != print_ or not self.exists(rel)

    def file(self, rel: str, print_: str, render: Callable[[], str | bytes]) -> None:
        """Write ``rel`` from ``render()`` unless its fingerprint ``print_`` is what the last build wrote (the
        manifest is only used when it was written by the same builder version, so that is not in ``print_``)."""
        self.new[rel] = print_
        if not self.stale(rel, print_):
            self.kept += 1
            return
        target = self.root / rel
        body = render()
        self.file_bytes(target, body.encode("utf-8") if isinstance(body, str) else body)

    def assembled(self, rel: str, context: str, frame: Callable[[], tuple[bytes, bytes]], sep: bytes,
                  parts: list[tuple[int, str]], fragment: Callable[[int], bytes], *,
                  made_of: str | None = None) -> None:
        """Write ``rel`` = head + sep.join(fragment(id) for each part) + tail (``frame()`` gives head and tail;
        ``context`` must name everything they depend on), where ``parts`` are (claim id,
        claim fingerprint). A changed file is put together from the unchanged fragments of the file on disk
        (their offsets are in the manifest) and the new fragments of the claims that changed."""
        fp = digest(self.version, context, sep, made_of or parts_print(parts))
        target = self.root / rel
        old_fp = self.old.get(rel)
        self.new[rel] = fp
        self.new_prints.update(parts)
        if old_fp == fp and self.exists(rel) and rel in self.old_parts:
            self.new_parts[rel] = self.old_parts[rel]
            self.kept += 1
            return
        head, tail = frame()
        reuse: dict[int, tuple[str, int, int]] = {}
        old = self.old_parts.get(rel)
        old_bytes = b""
        if isinstance(old, dict) and old.get("context") == context and old.get("head") == len(head) \
                and target.is_file():
            old_bytes = target.read_bytes()
            at, gap = int(old["head"]), int(old["sep"])
            for cid, length in zip(old["ids"], old["lengths"], strict=True):
                reuse[cid] = (self.old_prints.get(cid, ""), at, length)
                at += length + gap
        chunks, ids, lengths = [], [], []
        for cid, cfp in parts:
            found = reuse.get(cid)
            if found and found[0] == cfp:
                chunk = old_bytes[found[1]:found[1] + found[2]]
            else:
                chunk = fragment(cid)
            chunks.append(chunk)
            ids.append(cid)
            lengths.append(len(chunk))
        self.new_parts[rel] = {"context": context, "head": len(head), "sep": len(sep), "ids": ids,
                               "lengths": lengths}
        self.file_bytes(target, head + sep.join(chunks) + tail)

    def file_bytes(self, target: Path, data: bytes) -> None:
        """Write ``target``: a file that exists is replaced whole (written beside it, then renamed over it),
        so a reader never sees half of it; a new one is written in place."""
        folder = target.parent
        try:
            if folder not in self._folders:
                folder.mkdir(parents=True, exist_ok=True)
                self._folders.add(folder)
            rel = target.relative_to(self.root).as_posix()
            if self.old.get(rel) is None and not self.exists(rel):
                _write(str(target), data)
            else:
                tmp = f"{target}.part"
                _write(tmp, data)
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
        manifest = {"version": self.version, "files": dict(sorted(self.new.items())),
                    "parts": dict(sorted(self.new_parts.items())),
                    "prints": {str(k): v for k, v in sorted(self.new_prints.items())}}
        (self.root / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n",
                                          encoding="utf-8")
        return removed
