"""Writing the site: a file is rewritten only when what it is made of changed.

Each output file has a fingerprint (a hash of the builder's version and of everything the file is made of);
``.claims-site.json`` in the output folder records them. A rebuild renders and writes only the files whose
fingerprint changed (or that are missing), deletes the files that an earlier build wrote and this one does
not (and nothing else), and leaves every other byte alone. The output never depends on the clock, so the
same database (and the same as-of date) gives the same bytes.

The manifest is JSON in a compact form (it names 100,000 files and the claims in each download): paths and
fingerprints as two newline-joined strings, and the claim ids and fragment lengths of each assembled file as
base64 of little-endian 32-bit integers (64-bit where one does not fit), so reading and writing it is a few
big strings, not a million small values.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from claims.errors import ClaimsError

MANIFEST = ".claims-site.json"


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


def parts_print(parts: list[tuple[int, str]]) -> str:
    """One fingerprint of (claim id, claim fingerprint) pairs, in order (a claim's fingerprint covers its id,
    and they are all as long: the fingerprints alone, joined, name the list)."""
    return digest("".join(map(itemgetter(1), parts)))


def fingerprint(value: Any) -> str:
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")))


def pack(values: Iterable[int]) -> str:
    """Integers as base64 of little-endian uint32 ("I:...") or, when one does not fit, int64 ("q:...")."""
    items = list(values)
    code = "I" if not items or (min(items) >= 0 and max(items) < 1 << 32) else "q"
    arr = array(code, items)
    if sys.byteorder != "little":
        arr.byteswap()
    return code + ":" + base64.b64encode(arr.tobytes()).decode("ascii")


def unpack(text: Any) -> list[int]:
    if not isinstance(text, str) or text[:2] not in ("I:", "q:"):
        raise ValueError("not a packed list")
    arr = array(text[0])
    arr.frombytes(base64.b64decode(text[2:].encode("ascii"), validate=True))
    if sys.byteorder != "little":
        arr.byteswap()
    return arr.tolist()


def _joined(pairs: dict[str, str]) -> dict[str, str]:
    keys = sorted(pairs)
    return {"paths": "\n".join(keys), "fps": "\n".join(pairs[k] for k in keys)}


def _split(found: Any) -> dict[str, str]:
    if not isinstance(found, dict) or not isinstance(found.get("paths"), str) or not isinstance(found.get("fps"), str):
        raise ValueError("not a file list")
    if not found["paths"]:
        return {}
    paths, fps = found["paths"].split("\n"), found["fps"].split("\n")
    if len(paths) != len(fps):
        raise ValueError("file list out of step")
    return dict(zip(paths, fps, strict=True))


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write(path: str, data: bytes) -> None:
    """``data`` as the whole of ``path``, on the bare file descriptor (a hundred thousand pages per build)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _copy_range(src: int, dst: int, start: int, count: int) -> None:
    """``count`` bytes of ``src`` from ``start`` appended to ``dst``, in the kernel where it can."""
    end = start + count
    if hasattr(os, "copy_file_range"):
        try:
            while start < end:
                done = os.copy_file_range(src, dst, end - start, start)
                if done <= 0:
                    break
                start += done
        except OSError:
            pass  # not supported here (another file system, an old kernel): copy through memory
    while start < end:
        chunk = os.pread(src, min(end - start, 1 << 22), start)
        if not chunk:
            raise OSError("file shorter than its manifest says")
        _write_all(dst, chunk)
        start += len(chunk)


Segment = tuple[int, int] | bytes  # a byte range of the old file, or new bytes


def _parts_entry(context: str, head: int, tail: int, gap: int, size: int, ids: str, lengths: list[int],
                 frame_print: str | None) -> dict[str, Any]:
    """What the manifest keeps of an assembled file: what its head and tail were made of and their lengths,
    the separator's length, the size, and each fragment's claim id and length, in order."""
    entry: dict[str, Any] = {"context": context, "head": head, "tail": tail, "sep": gap, "size": size, "ids": ids,
                             "lengths": pack(lengths)}
    if frame_print is not None:
        entry["frame"] = frame_print
    return entry


class KnownSlugs(NamedTuple):
    """The slug of each claim's page in the last build, and the claim's fingerprint then: a claim with the
    same fingerprint now has the same slug (a slug is "ID-words", and follows from the fingerprint)."""

    slugs: dict[int, str]
    prints: dict[int, str]

    def __call__(self, cid: int, print_: str) -> str | None:
        return self.slugs.get(cid) if self.prints.get(cid) == print_ else None


class Output:
    """The output folder and what the last build wrote to it."""

    def __init__(self, root: Path, version: str):
        self.root = root
        self.base = str(root)
        self.version = version
        self.old: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.old_parts: dict[str, Any] = {}
        self.new_parts: dict[str, Any] = {}
        # Each claim's fingerprint, once (the assembled files' parts name claims by id and length only).
        self._old_paths = ""  # the last build's paths, newline-joined (as the manifest has them)
        self._packed_prints: Any = None  # as the manifest has them, until an assembled file needs them
        self._old_prints: dict[int, str] | None = None
        self.new_prints: dict[int, str] = {}
        self.old_state: Any = None  # the last build's record of the database (changes.state), for load()
        self.state: dict[str, Any] | None = None  # this build's
        self._listed: dict[str, set[str]] = {}
        self._folders: set[str] = set()
        self._changes: dict[tuple[int, Any], tuple[list[tuple[int, str]], list[int] | None]] = {}
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
            self._read_manifest(path)
        elif any(root.iterdir()):
            raise ClaimsError(f"{root} is not empty and was not written by claims site; choose an empty folder")

    def _read_manifest(self, path: Path) -> None:
        """The last build's files; an unreadable manifest or one of another builder version is no manifest
        (everything is rewritten; what it listed is not deleted)."""
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(found, dict) or found.get("version") != self.version:
                return
            old = _split(found.get("files"))
            paths = found["files"]["paths"]
            parts = found.get("parts")
            self._packed_prints = found.get("prints")
            state = found.get("state")
        except (OSError, ValueError):
            return
        self.old, self._old_paths = old, paths
        self.old_state = state
        self.old_parts = parts if isinstance(parts, dict) else {}

    @property
    def old_prints(self) -> dict[int, str]:
        if self._old_prints is None:
            self._old_prints = {}
            packed = self._packed_prints
            if isinstance(packed, dict) and isinstance(packed.get("fps"), str):
                try:
                    ids, fps = unpack(packed.get("ids")), packed["fps"]
                    self._old_prints = dict(zip(ids, fps.split("\n") if fps else [], strict=True))
                except ValueError:
                    pass
        return self._old_prints

    def known_slug(self, prefix: str) -> KnownSlugs:
        """``(claim id, fingerprint) -> slug`` of the page ``PREFIX/SLUG.html`` the last build wrote for the
        claim when it had that fingerprint, or None (a slug is "ID-words", and follows from the fingerprint)."""
        # (one pass of a regular expression over the last build's newline-joined paths)
        found = re.findall(rf"^{re.escape(prefix)}/((\d+)(?:-[^\n]*)?)\.html$", self._old_paths, re.MULTILINE)
        slugs = {int(head): slug for slug, head in found}
        return KnownSlugs(slugs, self.old_prints if slugs else {})

    def listing(self, folder: str) -> set[str]:
        """The names of the files in ``folder`` (listed once per build)."""
        names = self._listed.get(folder)
        if names is None:
            try:
                names = {e.name for e in os.scandir(os.path.join(self.base, folder)) if e.is_file()}
            except OSError:
                names = set()
            self._listed[folder] = names
        return names

    def exists(self, rel: str) -> bool:
        """Whether the last build's file is still there (one directory listing per folder, not a stat per file)."""
        folder, _, name = rel.rpartition("/")
        return name in self.listing(folder)

    def stale(self, rel: str, print_: str) -> bool:
        """Whether :meth:`file` will render ``rel`` (its fingerprint changed, or the file is gone)."""
        return self.old.get(rel) != print_ or not self.exists(rel)

    def keep(self, rels: list[str]) -> bool:
        """Record the last build's ``rels`` as this build's, unchanged, when they are all there (and the
        assembled ones with their parts); False (and nothing recorded) otherwise."""
        old, old_parts = self.old, self.old_parts
        if not all(rel in old and self.exists(rel) for rel in rels):
            return False
        for rel in rels:
            self.new[rel] = old[rel]
            if rel in old_parts:
                self.new_parts[rel] = old_parts[rel]
        self.kept += len(rels)
        return True

    def file(self, rel: str, print_: str, render: Callable[[], str | bytes]) -> None:
        """Write ``rel`` from ``render()`` unless its fingerprint ``print_`` is what the last build wrote (the
        manifest is only used when it was written by the same builder version, so that is not in ``print_``)."""
        self.new[rel] = print_
        if not self.stale(rel, print_):
            self.kept += 1
            return
        body = render()
        self.file_bytes(rel, body.encode("utf-8") if isinstance(body, str) else body)

    def assembled(self, rel: str, context: str, frame: Callable[[], tuple[bytes, bytes]], sep: bytes,
                  parts: list[tuple[int, str]], fragment: Callable[[int], bytes], *,
                  made_of: str | None = None, record_prints: bool = True,
                  frame_print: Callable[[], str] | None = None) -> None:
        """Write ``rel`` = head + sep.join(fragment(id) for each part) + tail (``frame()`` gives head and tail;
        ``context`` must name everything they and the fragments depend on besides each claim), where ``parts``
        are (claim id, claim fingerprint). A changed file is put together from the unchanged fragments of the
        file on disk (their offsets are in the manifest), copied in the kernel, and the new fragments of the
        claims that changed; the head and tail are made anew (they may differ in length), unless
        ``frame_print()`` (a fingerprint of what they are made of, for a frame that shows more than ``context``
        names) is what the last build made them from: then they too are copied from the file on disk."""
        fp = digest(self.version, context, sep, made_of or parts_print(parts))
        old_fp = self.old.get(rel)
        self.new[rel] = fp
        if record_prints:  # (False where another assembled file of this build has the same claims or more)
            self.new_prints.update(parts)
        if old_fp == fp and self.exists(rel) and rel in self.old_parts:
            self.new_parts[rel] = self.old_parts[rel]
            self.kept += 1
            return
        if self._patched(rel, context, sep, parts, fragment, frame, frame_print):
            return
        head, tail = frame()
        reuse = self._reusable(rel, context, len(sep))
        segments: list[Any] = [[head]]  # byte ranges of the old file, and lists of new bytes
        lengths: list[int] = []
        gap = len(sep)
        for n, (cid, cfp) in enumerate(parts):
            found = reuse.get(cid)
            last = segments[-1]
            if found is not None and found[0] == cfp:
                start, length = found[1], found[2]
                if n and isinstance(last, tuple) and last[1] + gap == start:
                    segments[-1] = (last[0], start + length)  # the old file's separator and this fragment
                else:
                    if n:
                        if isinstance(last, list):
                            last.append(sep)
                        else:
                            segments.append([sep])
                    segments.append((start, start + length))
            else:
                chunk = fragment(cid)
                length = len(chunk)
                if not isinstance(last, list):
                    last = []
                    segments.append(last)
                if n:
                    last.append(sep)
                last.append(chunk)
            lengths.append(length)
        if isinstance(segments[-1], list):
            segments[-1].append(tail)
        else:
            segments.append([tail])
        segments = [b"".join(s) if isinstance(s, list) else s for s in segments]
        size = sum(len(s) if isinstance(s, bytes) else s[1] - s[0] for s in segments)
        self.new_parts[rel] = _parts_entry(context, len(head), len(tail), gap, size, pack(cid for cid, _ in parts),
                                           lengths, frame_print() if frame_print else None)
        self._write_segments(rel, segments)

    def _patched(self, rel: str, context: str, sep: bytes, parts: list[tuple[int, str]],
                 fragment: Callable[[int], bytes], frame: Callable[[], tuple[bytes, bytes]],
                 frame_print: Callable[[], str] | None) -> bool:
        """The usual rebuild of an assembled file: the same claims in the same order as last time, a few of
        them changed. Copies the runs of unchanged fragments between them as whole byte ranges (and the head
        and tail, when ``frame_print`` says they are unchanged). False (and nothing done) when the file is not
        like that."""
        old = self.old_parts.get(rel)
        gap = len(sep)
        if not (isinstance(old, dict) and old.get("context") == context and old.get("sep") == gap
                and self.exists(rel)):
            return False
        try:
            lengths = unpack(old["lengths"])
            at, size = int(old["head"]), int(old["size"])
            if os.stat(os.path.join(self.base, rel)).st_size != size or len(parts) != len(lengths):
                return False
            changed = self._changed(old["ids"], parts)
        except (KeyError, ValueError, TypeError, OSError):
            return False
        if changed is None or len(changed) * 4 > len(parts):
            return False
        head: Segment
        tail: Segment
        made = frame_print() if frame_print else None
        if made is not None and old.get("frame") == made and isinstance(old.get("tail"), int):
            head, tail = (0, at), (size - old["tail"], size)
        else:
            head, tail = frame()
        head_length = len(head) if isinstance(head, bytes) else at
        tail_length = len(tail) if isinstance(tail, bytes) else old["tail"]
        segments: list[Segment] = [head]
        done = 0  # the fragments before this one are placed
        at_done = at  # where fragment ``done`` begins in the old file
        for n in [*changed, len(parts)]:
            if n > done:  # fragments done..n-1 are unchanged: one range of the old file, separators included
                if done:
                    segments.append(sep)
                at_n = at_done + sum(lengths[done:n]) + (n - done) * gap
                segments.append((at_done, at_n - gap))
                at_done = at_n
            if n == len(parts):
                break
            at_done += lengths[n] + gap  # (the old fragment n, left out)
            chunk = fragment(parts[n][0])
            lengths[n] = len(chunk)
            segments.extend([sep, chunk] if n else [chunk])
            done = n + 1
        segments.append(tail)
        size = sum(len(s) if isinstance(s, bytes) else s[1] - s[0] for s in segments)
        self.new_parts[rel] = _parts_entry(context, head_length, tail_length, gap, size, old["ids"], lengths, made)
        self._write_segments(rel, segments)
        return True

    def _changed(self, packed_ids: Any, parts: list[tuple[int, str]]) -> list[int] | None:
        """Where the claims whose fingerprint changed are in ``parts``, when its claims are those of
        ``packed_ids`` in that order (else None); worked out once for the downloads of the same list."""
        key = (id(parts), packed_ids)
        found = self._changes.get(key)
        if found is None:
            changed = None
            if unpack(packed_ids) == [cid for cid, _ in parts]:
                prints = self.old_prints
                changed = [n for n, (cid, cfp) in enumerate(parts) if prints.get(cid) != cfp]
            found = self._changes[key] = (parts, changed)  # (parts kept: its id names it till the end)
        return found[1]

    def _reusable(self, rel: str, context: str, gap: int) -> dict[int, tuple[str, int, int]]:
        """claim id -> (its fingerprint then, offset, length) in the file the last build assembled as ``rel``."""
        old = self.old_parts.get(rel)
        if not (isinstance(old, dict) and old.get("context") == context and old.get("sep") == gap
                and self.exists(rel)):
            return {}
        try:
            ids, lengths = unpack(old["ids"]), unpack(old["lengths"])
            at, size = int(old["head"]), int(old["size"])
            if os.stat(os.path.join(self.base, rel)).st_size != size or len(ids) != len(lengths):
                return {}
        except (KeyError, ValueError, TypeError, OSError):
            return {}
        prints = self.old_prints
        reuse = {}
        for cid, length in zip(ids, lengths, strict=True):
            reuse[cid] = (prints.get(cid, ""), at, length)
            at += length + gap
        return reuse

    def _write_segments(self, rel: str, segments: Sequence[Segment]) -> None:
        if all(isinstance(s, bytes) for s in segments):
            self.file_bytes(rel, b"".join(s for s in segments if isinstance(s, bytes)))
            return
        target = os.path.join(self.base, rel)
        tmp = f"{target}.part"
        try:
            src = os.open(target, os.O_RDONLY)
            try:
                dst = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                try:
                    for seg in segments:
                        if isinstance(seg, bytes):
                            _write_all(dst, seg)
                        else:
                            _copy_range(src, dst, seg[0], seg[1] - seg[0])
                finally:
                    os.close(dst)
            finally:
                os.close(src)
            os.replace(tmp, target)
        except OSError as exc:
            raise ClaimsError(f"cannot write {target}: {exc.strerror or exc}") from None
        self.written += 1

    def file_bytes(self, rel: str, data: bytes) -> None:
        """Write ``rel``: a file that exists is replaced whole (written beside it, then renamed over it),
        so a reader never sees half of it; a new one is written in place."""
        target = os.path.join(self.base, rel)
        try:
            folder = rel.rpartition("/")[0]
            if folder not in self._folders:
                os.makedirs(os.path.join(self.base, folder), exist_ok=True)
                self._folders.add(folder)
            if self.old.get(rel) is None and not self.exists(rel):
                _write(target, data)
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
        for rel in sorted(self.old.keys() - self.new.keys()):
            path = self.root / rel
            if path.is_file():
                path.unlink()
                removed += 1
        if self.new.keys() == self.old.keys():  # the same files as last time: in the same (sorted) order
            files = {"paths": self._old_paths, "fps": "\n".join(map(self.new.__getitem__, self.old))}
        else:
            files = _joined(self.new)
        if files["paths"].count("\n") != max(len(self.new) - 1, 0):
            raise ClaimsError("a file name holds a line break")  # never: names are ids and slugs
        ids = sorted(self.new_prints)
        manifest = {"version": self.version, "files": files,
                    "parts": dict(sorted(self.new_parts.items())),
                    "prints": {"ids": pack(ids), "fps": "\n".join(self.new_prints[i] for i in ids)}}
        if self.state is not None:
            manifest["state"] = self.state
        (self.root / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n",
                                          encoding="utf-8")
        return removed
