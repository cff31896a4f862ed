"""Bulk import and export: JSON Lines (one claim object per line, the ``--json`` keys) and CSV.

Import validates every record first and writes them in one transaction (in batches), so a bad record
leaves the database as it was; ``skip_invalid`` writes the rest and reports what it skipped. Records
already present (same speaker, quote and summary) are counted, not added again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from sqlalchemy import select

from claims.errors import ClaimsError, InvalidRecord, UsageError
from claims.reading.files import decode, loads, read_text  # noqa: F401  (decode: re-exported)
from claims.services import restatements
from claims.services.csv_rows import CSV_COLUMNS, csv_row, guard, unguard, write_csv  # noqa: F401  (re-exported)
from claims.services.intake import claim_from_fields
from claims.store import models
from claims.store.engine import Store
from claims.store.queries import hydrate
from claims.store.recording import NewClaim, record

BATCH = 2000
MAX_LINE = 10_000_000


@dataclass
class ImportReport:
    """What an import did. ``added`` (claims created) and ``existing`` (records that created no claim: the
    claim was already in the database or earlier in the file) are the original keys; ``claims_created``,
    ``appearances_added`` (a quote newly linked to a source: the same words in another outlet) and
    ``duplicates`` (= ``existing``) say the same thing separately."""

    read: int = 0
    added: int = 0
    existing: int = 0
    appearances_added: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "added": self.added, "existing": self.existing,
                "skipped": [{"line": n, "error": e} for n, e in self.skipped],
                "claims_created": self.added, "appearances_added": self.appearances_added,
                "duplicates": self.existing}

    def summary(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return (f"Read {n(self.read, 'record')}: {n(self.added, 'claim')} created, "
                f"{n(self.appearances_added, 'appearance')} added, {n(self.existing, 'duplicate')} "
                f"(already recorded), {len(self.skipped)} skipped.")


def detect_format(path: str, fmt: str | None) -> str:
    if fmt:
        fmt = fmt.lower()
        if fmt not in ("jsonl", "csv"):
            raise UsageError(f"unknown format {fmt!r}; use jsonl or csv")
        return fmt
    return "csv" if path.lower().endswith((".csv", ".tsv")) else "jsonl"


def iter_jsonl(content: str) -> Iterator[tuple[int, Any]]:
    stripped = content.lstrip()
    if stripped.startswith("["):  # a JSON array is accepted too
        try:
            records = loads(content)
        except json.JSONDecodeError as exc:
            raise InvalidRecord(exc.lineno, f"not valid JSON ({exc.msg})") from None
        yield from enumerate(records, 1)
        return
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            raise InvalidRecord(n, f"line is {len(line):,} characters long")
        try:
            yield n, loads(line)
        except json.JSONDecodeError as exc:
            hint = "; is this a CSV file? use --format csv" if n == 1 and "," in line and "{" not in line else ""
            raise InvalidRecord(n, f"not valid JSON ({exc.msg}){hint}") from None


def iter_csv(content: str) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        if reader.fieldnames is None:
            return
        header = [unguard(h or "").strip() for h in reader.fieldnames]
        reader.fieldnames = header
        for row in reader:
            line = reader.line_num
            rec: dict[str, Any] = {k: unguard(v) for k, v in row.items() if k and isinstance(v, str) and v != ""}
            if None in row:
                raise InvalidRecord(line, "more cells than header columns")
            for key in ("hedges", "overdue", "id"):
                rec.pop(key, None)
            low, high = rec.pop("probability_low", None), rec.pop("probability_high", None)
            if low is not None and high is not None:
                rec["probability_range"] = [low, high]
            if "events" in rec:
                try:
                    rec["events"] = loads(rec["events"])
                except json.JSONDecodeError:
                    raise InvalidRecord(line, "events column is not valid JSON") from None
            yield line, rec
    except csv.Error as exc:
        raise InvalidRecord(reader.line_num, f"malformed CSV ({exc})") from None


def parse_mapping(pairs: list[str], what: str) -> dict[str, str]:
    """``["text=promise", "speaker=party"]`` -> ``{"text": "promise", "speaker": "party"}``."""
    out = {}
    for pair in pairs:
        field_, sep, value = pair.partition("=")
        if not sep or not field_.strip():
            raise UsageError(f"{what} takes FIELD=VALUE, not {pair!r}")
        out[field_.strip()] = value.strip()
    return out


def _remap(rows: Iterator[tuple[int, Any]], mapping: dict[str, str], constants: dict[str, str]):
    for line, rec in rows:
        if isinstance(rec, dict) and (mapping or constants):
            rec = dict(rec)
            for field_, column in mapping.items():
                rec[field_] = rec.get(column)
            rec.update(constants)
        yield line, rec


def import_file(store: Store, path: str, *, fmt: str | None = None, skip_invalid: bool = False, by: str,
                today: date, analyze: bool = True, mapping: dict[str, str] | None = None,
                constants: dict[str, str] | None = None,
                progress: Callable[[str, int, int | None], None] | None = None) -> ImportReport:
    """Import a JSONL or CSV file. ``mapping`` names the file's column for a claims field
    (``{"text": "promise"}``); ``constants`` sets a field for every record (``{"kind": "promise"}``).
    ``progress(stage, done, total)``, if given, hears how far reading and writing have got."""
    fmt = detect_format(path, fmt)
    content = read_text(path)
    rows = iter_csv(content) if fmt == "csv" else iter_jsonl(content)
    rows = _remap(rows, mapping or {}, constants or {})
    report = ImportReport()
    items: list[NewClaim] = []
    apply: Callable[..., NewClaim] | None = None
    if analyze:
        from claims.services.intake import apply_analysis

        apply = apply_analysis
    lines = content.count("\n") + 1 if progress else 0  # only reported with progress
    while True:
        try:
            line, rec = next(rows)
        except StopIteration:
            break
        except InvalidRecord as exc:
            if not skip_invalid or exc.line == 1 and fmt == "csv":
                raise
            report.skipped.append((exc.line, exc.reason))
            break  # the reader cannot go on past a broken line of CSV/JSON array; JSONL lines are independent
        report.read += 1
        if progress and report.read % 500 == 0:
            progress("reading", min(line, lines), lines)
        try:
            item = claim_from_fields(rec, today=today)
            if apply:
                item = apply(item, today=today)
            items.append(item)
        except UsageError as exc:
            if not skip_invalid:
                raise InvalidRecord(line, str(exc)) from None
            report.skipped.append((line, str(exc)))
    if not items and report.read == 0 and not report.skipped:
        raise ClaimsError(f"{path} holds no records")
    now = models.utcnow()
    if progress:
        progress("reading", lines, lines)
    with store.write() as session:
        for i in range(0, len(items), BATCH):
            if progress:
                progress("writing", i, len(items))
            written = record(session, items[i:i + BATCH], by=by, now=now)
            restatements.after_record(session, items[i:i + BATCH], written, by=by)
            for result in written:
                if result.created:
                    report.added += 1
                else:
                    report.existing += 1
                report.appearances_added += result.appearance_added
        if progress:
            progress("writing", len(items), len(items))
    return report


def iter_claims(store: Store, *, as_of: date, events: bool = True, page: int = 1000) -> Iterator[dict[str, Any]]:
    """Every claim in id order, each with its events, a page of claims per query."""
    last = 0
    C = models.Claim.__table__
    E = models.Event.__table__
    while True:
        with store.read() as session:
            ids = list(session.execute(select(C.c.id).where(C.c.id > last).order_by(C.c.id).limit(page)).scalars())
            if not ids:
                return
            claims = hydrate(session, ids, as_of)
            if events:
                from claims.store.serialize import event_dict

                by_claim: dict[int, list] = {i: [] for i in ids}
                for ev in session.execute(select(E).where(E.c.claim_id.in_(ids)).order_by(E.c.id)):
                    by_claim[ev.claim_id].append(event_dict(ev))
                for claim in claims:
                    claim["events"] = by_claim[claim["id"]]
        yield from claims
        last = ids[-1]


def export(store: Store, out: IO[str], *, fmt: str = "jsonl", as_of: date) -> int:
    claims = iter_claims(store, as_of=as_of)
    if fmt == "csv":
        return write_csv(claims, out, with_events=True)
    if fmt != "jsonl":
        raise UsageError(f"unknown format {fmt!r}; use jsonl or csv")
    n = 0
    for claim in claims:
        out.write(json.dumps(claim, ensure_ascii=False) + "\n")
        n += 1
    return n
