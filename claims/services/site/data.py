"""What the site and the publishing exports read: every claim with its quote, speaker, outlets, tags and
history, as plain dicts, through the light read path (:mod:`claims.store.db`, plain SQL on the driver).

A claim here is the ``--json`` object of :func:`claims.store.serialize.claim_dict` (the same stable keys,
so the site's JSON download is what ``claims list --json`` prints) plus ``events`` (oldest first, as
``claims history --json``), ``appearances`` (every outlet that printed the quote), ``key`` (the claim's
stable hash), ``speaker_id``, ``speaker_org`` and ``changed_at`` (the instant of its last event).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from datetime import date, datetime, timezone
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from claims.errors import NotFound
from claims.language.normalize import name_key
from claims.status import ACTIVE
from claims.store.db import Reader

if TYPE_CHECKING:
    from claims.services.site.output import KnownSlugs
from claims.store.serialize import claim_dict, iso

# What every list needs of each claim (read for every claim on every build; its quote's day and its speaker
# are read on their own, once per quote and speaker) ...
_NARROW = "c.id, c.kind, c.summary, c.status, c.due_end, c.speaker_id, c.quote_id, c.created_at AS made_at, st.stamp"
# ... and what only its own page and download rows show (read for the claims whose files are rewritten).
_WIDE = ("c.key, c.due_start, c.probability, c.probability_low, c.probability_high, c.hedges, c.timeframe, "
         "c.condition, c.analysis_version, c.created_at, c.source_id, q.text AS quote_text, q.said_precision, "
         "src.outlet, src.url, src.title, src.published_on, src.kind AS source_kind")
_FROM = ("FROM claim c JOIN quote q ON q.id = c.quote_id JOIN speaker s ON s.id = c.speaker_id "
         "LEFT JOIN source src ON src.id = c.source_id")
# What a claim's pages and rows are made of, besides its tags and how overdue it is, without reading a wide
# column: its stamp (``claim_stamp``, migration 0013: set anew by triggers whenever the claim, its quote,
# speaker, source or an outlet's source is updated; none if never), when it was made (a claim that takes a
# deleted one's id differs), and what its history and outlets are. Both are append-only (nothing updates or
# deletes an event; moving or deleting an appearance stamps the claims), so how many rows there are and the
# newest one's id name them (one grouped read of each, not a subquery per claim; on a rebuild, only for the
# claims changes.since cannot vouch for).
# (as "count:newest" text, made by the database: formatting two numbers per claim in Python cost more)
_EVENT_COUNTS = "SELECT claim_id, count(*) || ':' || max(id) FROM event GROUP BY claim_id"
_OUTLET_COUNTS = "SELECT quote_id, count(*) || ':' || max(id) FROM appearance GROUP BY quote_id"


def _claims_sql(*, wide: bool) -> str:
    joins = (" JOIN quote q ON q.id = c.quote_id LEFT JOIN source src ON src.id = c.source_id" if wide else "")
    return (f"SELECT {_NARROW}{', ' + _WIDE if wide else ''} FROM claim c LEFT JOIN claim_stamp st "
            f"ON st.claim_id = c.id{joins} ORDER BY c.id")


_EVENT_COLUMNS = ("id, claim_id, type, from_status, status, happened_on, recorded_at, by, evidence, note, "
                  "due_start, due_end, data")
_EVENTS_SQL = f"SELECT {_EVENT_COLUMNS} FROM event ORDER BY claim_id, id"
_APPEARANCES_SQL = """
SELECT a.quote_id, src.outlet, src.title, src.url, src.published_on, src.kind
FROM appearance a JOIN source src ON src.id = a.source_id{where}
ORDER BY a.quote_id, src.published_on, src.id
"""


class SiteData:
    """Claims as raw rows (id order) with what every page needs cheaply (slug, tags, overdue days, a
    fingerprint of everything the claim is made of); the full claim dict is built only when a page or a
    download that shows it has to be written (:meth:`claim`). A row holds the narrow columns every list
    needs; the wide ones (the quote, hedges, source, ...) are read with the claim's history (:meth:`prefetch`)
    unless ``load(..., wide=True)`` read them for every claim."""

    def __init__(self, as_of: date):
        self.as_of = as_of
        self.rows: list[dict[str, Any]] = []
        self.speakers: dict[int, dict[str, Any]] = {}
        self.tags_of: dict[int, list[str]] = {}
        self.events_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.outlets: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self._claims: dict[int, dict[str, Any]] = {}
        self.by_id: dict[int, dict[str, Any]] = {}
        self.reader: Reader | None = None
        self._fetched: set[int] | None = set()  # claims whose history is read (None: all of them)
        self._quotes: set[int] = set()  # quotes whose outlets are read
        self.wide = False  # whether every row has its wide columns
        self.state: dict[str, Any] | None = None  # what the next build compares with (changes.state)
        self.remade: set[int] = set()  # the claims whose fingerprints were made (the others': the last build's)
        self.inherited = False  # whether any fingerprint could be the last build's (changes.since vouched)
        self.links: dict[int, set[int]] = {}  # claim id -> the other claims its page names (_links)
        self._conv = _Conversions()

    def prefetch(self, reader: Reader, ids: list[int]) -> None:
        """Read the histories, outlets and wide columns of the claims ``ids`` (the ones whose pages or
        download rows are to be written), in a few queries; all of them at once when that is most. A claim
        asked for later (:meth:`claim`) is read then, on the reader given here (kept for that)."""
        from claims.store.db import chunks

        self.reader = reader
        if self._fetched is None:
            return
        if len(ids) * 4 > len(self.rows):
            _histories(reader, self)
            return
        wanted = [i for i in dict.fromkeys(ids) if i not in self._fetched]
        for part in chunks(wanted, 500):
            marks = ", ".join(str(int(i)) for i in part)
            for ev in reader.rows(f"SELECT {_EVENT_COLUMNS} FROM event WHERE claim_id IN ({marks}) "
                                  "ORDER BY claim_id, id"):
                self.events_of[ev["claim_id"]].append(ev)
            quotes = {int(self.by_id[i]["quote_id"]) for i in part} - self._quotes
            if quotes:
                where = f" WHERE a.quote_id IN ({', '.join(map(str, sorted(quotes)))})"
                for row in reader.rows(_APPEARANCES_SQL.format(where=where)):
                    self.outlets[row["quote_id"]].append(row)
            if not self.wide:
                _widen(reader, self, f" WHERE c.id IN ({marks})")
            self._quotes |= quotes
            self._fetched.update(part)

    def claim(self, cid: int) -> dict[str, Any]:
        found = self._claims.get(cid)
        if found is None:
            if self._fetched is not None and cid not in self._fetched:
                if self.reader is None:
                    raise RuntimeError("claim histories were not loaded (load(..., histories=False) needs prefetch)")
                self.prefetch(self.reader, [cid])
            found = self._claims[cid] = _claim(self.by_id[cid], self.tags_of.get(cid, []),
                                               self.events_of.get(cid, []), self.outlets, self.as_of, self._conv)
        return found

    @property
    def made(self) -> int:
        """How many fingerprints this build made."""
        return len(self.remade)

    @property
    def claims(self) -> list[dict[str, Any]]:
        return [self.claim(r["id"]) for r in self.rows]


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def as_instant(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (list, dict)):
        return value
    return json.loads(value)


_SLUG_WORD = re.compile(r"[a-z0-9]+")


def slugify(text: str, limit: int = 60) -> str:
    """``"We're just not ready ..."`` -> ``"were-just-not-ready"``: ASCII letters, digits and dashes; as many
    whole words as fit in ``limit`` characters (a first word must fit in ``limit - 1``)."""
    text = text[: limit * 3]
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _SLUG_WORD.findall(text.lower().replace("'", ""))
    if not words or len(words[0]) >= limit:
        return "claim"
    joined = "-".join(words)
    if len(joined) <= limit:
        return joined
    if joined[limit] == "-":  # the words end exactly at the limit
        return joined[:limit]
    return joined[:limit].rpartition("-")[0]  # (there is a dash: the first word is shorter than the limit)


def match_speakers(reader: Reader, names: list[str]) -> set[int]:
    """Speaker ids for ``--speaker`` names: the name, an alias, or a surname only one speaker has."""
    speakers = reader.rows("SELECT id, key FROM speaker")
    aliases = reader.rows("SELECT speaker_id, key FROM speaker_alias")
    by_key = {s["key"]: s["id"] for s in speakers}
    by_key.update({a["key"]: a["speaker_id"] for a in aliases if a["key"] not in by_key})
    found = set()
    for name in names:
        key = name_key(name)
        sid = by_key.get(key)
        if sid is None:
            last = [s["id"] for s in speakers if s["key"].split()[-1:] == [key]]
            sid = last[0] if len(last) == 1 else None
        if sid is None:
            raise NotFound(f"no speaker named {name!r}")
        found.add(sid)
    return found


def _iso_day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if isinstance(value, date) else str(value)[:10]


def _widen(reader: Reader, data: SiteData, where: str = "") -> None:
    """The wide columns of the claims ``where`` picks (all: every claim's), added to their rows."""
    names, raw = reader.tuples(f"SELECT c.id, {_WIDE} {_FROM}{where} ORDER BY c.id")
    names = names[1:]
    by_id = data.by_id
    for values in raw:
        row = by_id.get(values[0])
        if row is not None:
            row.update(zip(names, values[1:], strict=True))
    if not where:
        data.wide = True


def _histories(reader: Reader, data: SiteData) -> None:
    """Every claim's history and every quote's outlets, in two queries (and the wide columns, in one)."""
    data.events_of.clear()
    data.outlets.clear()
    for ev in reader.rows(_EVENTS_SQL):
        data.events_of[ev["claim_id"]].append(ev)
    for row in reader.rows(_APPEARANCES_SQL.format(where="")):
        data.outlets[row["quote_id"]].append(row)
    if not data.wide:
        _widen(reader, data)
    data._fetched = None


def load(reader: Reader, *, as_of: date, speakers: list[str] | None = None,
         tags: list[str] | None = None, histories: bool = True, wide: bool = True,
         known_slugs: KnownSlugs | None = None, last: Any = None) -> SiteData:
    """Every claim (or those of ``speakers`` / with one of ``tags``) with its history and outlets. With
    ``histories`` False the histories and outlets are left to :meth:`SiteData.prefetch` (the site reads
    them only for what it rewrites), and with ``wide`` False the wide columns too (``histories`` True reads
    them all); the fingerprints are the same either way. ``known_slugs(id, fingerprint)`` gives the slug an
    earlier build made for the claim when it had that fingerprint (the slug follows from what the
    fingerprint covers), so that it is not made again. ``last``: that build's :func:`changes.state`; the
    claims that cannot have changed since (:func:`changes.since`) keep their fingerprint from it, and
    ``data.state`` is this build's."""
    from claims.services.site import changes

    keep_speakers = match_speakers(reader, speakers) if speakers else None
    data = SiteData(as_of)
    tags_of: dict[int, list[str]] = defaultdict(list)
    tag_rows = reader.tuples("SELECT claim_id, tag FROM claim_tag ORDER BY claim_id, tag")[1]
    for cid, tag in tag_rows:
        tags_of[cid].append(tag)
    wanted_tags = {t.strip().lower() for t in tags or [] if t.strip()}
    data.tags_of = tags_of
    said_on = dict(reader.tuples("SELECT id, said_on FROM quote")[1])
    people = {sid: (name, title, org) for sid, name, title, org in
              reader.tuples("SELECT id, name, title, organization FROM speaker")[1]}
    known: dict[int, str] = known_slugs.slugs if known_slugs else {}
    known_prints: dict[int, str] = known_slugs.prints if known_slugs else {}
    names, raw = reader.tuples(_claims_sql(wide=wide))
    made = ([v[0] for v in raw], [v[7] for v in raw])  # every claim's id and creation instant
    since = changes.since(reader, last, as_of, made, tag_rows) if known_prints else None
    # the narrow columns, in _NARROW's order, then the wide ones (when read)
    wide_names = names[9:]
    today = as_of.isoformat()
    speakers_ = data.speakers
    stamps: dict[int, int] = {}
    unsure: list[tuple[dict[str, Any], Any, Any]] = []  # rows whose fingerprint is made below
    inherited = known_prints if since is not None else {}
    old_stamps: dict[int, int] = since.stamps if since else {}
    new_claims: set[int] = since.claims if since else set()
    new_quotes: set[int] = since.quotes if since else set()
    old_stamp = old_stamps.get
    known_get, inherited_get, said_get = known.get, inherited.get, said_on.get
    for values in raw:
        cid, kind, summary, status, due, sid, qid, made_at, stamp = values[:9]
        if keep_speakers is not None and sid not in keep_speakers:
            continue
        ctags = tags_of.get(cid) or []
        if wanted_tags and not wanted_tags.intersection(t.lower() for t in ctags):
            continue
        said = said_get(qid)
        sname, stitle, sorg = people[sid]
        due_end = due[:10] if type(due) is str else _iso_day(due)  # (SQLite gives ISO text)
        said_iso = said[:10] if type(said) is str else _iso_day(said)
        late = None
        if due_end and due_end < today and status in ACTIVE:
            late = (as_of - date.fromisoformat(due_end)).days
        if stamp is not None:
            stamps[cid] = stamp
        print_ = inherited_get(cid)
        if print_ is not None and (stamp != old_stamp(cid) or cid in new_claims or qid in new_quotes):
            print_ = None
        row = {"id": cid, "kind": kind, "summary": summary, "status": status, "due_end": due, "speaker_id": sid,
               "quote_id": qid, "said_on": said, "speaker_name": sname, "speaker_title": stitle,
               "speaker_org": sorg, "tags": ctags, "due_end_iso": due_end, "said_on_iso": said_iso,
               "days_overdue": late, "slug": known_get(cid) if print_ else None, "print": print_}
        if print_ is None or row["slug"] is None:
            unsure.append((row, made_at, stamp))
        if wide_names:
            row.update(zip(wide_names, values[9:], strict=True))
        data.rows.append(row)
        data.by_id[cid] = row
        sp = speakers_.get(sid)
        if sp is None:
            sp = speakers_[sid] = {"id": sid, "name": sname, "title": stitle, "organization": sorg,
                                   "slug": f"{sid}-{slugify(sname)}", "rows": []}
        sp["rows"].append(row)
    _fingerprints(reader, unsure, len(data.rows), known, known_prints)
    data.links = _links(reader)
    data.remade = {row["id"] for row, _made_at, _stamp in unsure}
    data.inherited = since is not None
    data.state = changes.state(reader, as_of, made, tag_rows, stamps, since)
    data.wide = wide
    if histories:
        _histories(reader, data)
    return data


# The events a claim's page links to other claims by (views.restatements: "of" and "claim" in their data).
_LINK_EVENTS = "SELECT claim_id, data FROM event WHERE type IN ('restatement', 'reversal', 'due') AND data IS NOT NULL"


def _links(reader: Reader) -> dict[int, set[int]]:
    """Claim id -> the other claims its page names (it restates, reverses, is restated by ...): read from
    the events the page is made of, not from ``claim_link``, which says what is linked now."""
    found: dict[int, set[int]] = {}
    for cid, raw in reader.tuples(_LINK_EVENTS)[1]:
        try:
            value = _json(raw)
        except ValueError:
            continue
        if isinstance(value, dict):
            for key in ("of", "claim"):
                other = value.get(key)
                if type(other) is int:
                    found.setdefault(cid, set()).add(other)
    return found


def _fingerprints(reader: Reader, rows: list[tuple[dict[str, Any], Any, Any]], total: int,
                  known: dict[int, str], known_prints: dict[int, str]) -> None:
    """The fingerprint and slug of each of ``rows`` (row, creation instant, stamp): everything the claim's
    pages and rows are made of (the slug and ISO days follow from it), its id too, so that a list's claims
    are named by their fingerprints alone (output.parts_print). The histories' and outlets' counts are read
    for these claims only, unless they are many."""
    from claims.store.db import chunks

    if not rows:
        return
    if len(rows) * 4 > total:
        histories_ = dict(reader.tuples(_EVENT_COUNTS)[1])
        outlets = dict(reader.tuples(_OUTLET_COUNTS)[1])
    else:
        histories_, outlets = {}, {}
        for part in chunks(rows, 500):
            claim_ids = ", ".join(str(int(r["id"])) for r, _m, _s in part)
            quote_ids = ", ".join(sorted({str(int(r["quote_id"])) for r, _m, _s in part}))
            histories_.update(reader.tuples(_EVENT_COUNTS.replace(" GROUP BY", f" WHERE claim_id IN ({claim_ids}) "
                                                                  "GROUP BY"))[1])
            outlets.update(reader.tuples(_OUTLET_COUNTS.replace(" GROUP BY", f" WHERE quote_id IN ({quote_ids}) "
                                                                "GROUP BY"))[1])
    blake2b, histories_get, outlets_get = hashlib.blake2b, histories_.get, outlets.get
    for row, made_at, stamp in rows:
        cid = row["id"]
        if type(made_at) is not str:  # (PostgreSQL: an aware datetime, printed in the session's zone)
            made_at = made_at.timestamp()
        made_of = (f"{cid}\x00{stamp}\x00{made_at}\x00{histories_get(cid)}\x00{outlets_get(row['quote_id'])}\x00"
                   f"{row['tags']!r}\x00{row['days_overdue']}")
        print_ = row["print"] = blake2b(made_of.encode(), digest_size=16).hexdigest()
        slug = known.get(cid) if known_prints.get(cid) == print_ else None
        row["slug"] = slug or f"{cid}-{slugify(' '.join(row['speaker_name'].split()[-1:] + [row['summary']]))}"


class _Conversions:
    """The database's raw dates and instants as the claim dicts have them, each distinct value converted
    once per build (a bulk import gives thousands of events the same instant, claims share due dates)."""

    def __init__(self) -> None:
        self.dates: dict[Any, date | None] = {}
        self.days: dict[Any, str | None] = {}
        self.instants: dict[Any, tuple[datetime | None, str | None]] = {}

    def date(self, value: Any) -> date | None:
        try:
            return self.dates[value]
        except KeyError:
            found = self.dates[value] = as_date(value)
            return found

    def day(self, value: Any) -> str | None:
        """``iso(as_date(value))``."""
        try:
            return self.days[value]
        except KeyError:
            found = self.days[value] = iso(as_date(value))
            return found

    def instant(self, value: Any) -> tuple[datetime | None, str | None]:
        """``(as_instant(value), iso(as_instant(value)))``."""
        try:
            return self.instants[value]
        except KeyError:
            moment = as_instant(value)
            found = self.instants[value] = (moment, iso(moment))
            return found


def _event(ev: dict[str, Any], conv: _Conversions, recorded: str | None) -> dict[str, Any]:
    """:func:`claims.store.serialize.event_dict` of the raw event row (the same keys in the same order, the
    same values: ``tests/test_site.py`` compares them), plus its ``data``."""
    due = None
    if ev["due_start"] is not None or ev["due_end"] is not None:
        due = {"start": conv.day(ev["due_start"]), "end": conv.day(ev["due_end"])}
    return {"id": ev["id"], "type": ev["type"], "status": ev["status"], "from": ev["from_status"],
            "on": conv.day(ev["happened_on"]), "recorded_at": recorded, "by": ev["by"], "evidence": ev["evidence"],
            "note": ev["note"], "due": due, "data": _json(ev["data"])}


def _claim(row: dict[str, Any], tags: list[str], raw_events: list[dict[str, Any]], outlets: dict,
           as_of: date, conv: _Conversions | None = None) -> dict[str, Any]:
    conv = conv or _Conversions()
    events, changed = [], None
    for ev in raw_events:
        moment, recorded = conv.instant(ev["recorded_at"])
        events.append(_event(ev, conv, recorded))
        if moment and (changed is None or moment > changed):
            changed = moment
    ns = SimpleNamespace(**row)
    ns.due_start, ns.due_end = conv.date(row["due_start"]), conv.date(row["due_end"])
    ns.said_on, ns.published_on = conv.date(row["said_on"]), conv.date(row["published_on"])
    created = conv.instant(row["created_at"])
    ns.created_at = created[0]
    ns.hedges, ns.timeframe = _json(ns.hedges) or [], _json(ns.timeframe)
    claim = claim_dict(ns, tags, as_of)
    claim["key"] = row["key"]
    claim["speaker_id"] = row["speaker_id"]
    claim["speaker_org"] = row["speaker_org"]
    claim["events"] = events
    claim["appearances"] = [{"outlet": o["outlet"], "title": o["title"], "url": o["url"],
                             "published_on": conv.day(o["published_on"]), "kind": o["kind"]}
                            for o in outlets.get(row["quote_id"], [])]
    if not claim["appearances"] and claim["source"]:
        claim["appearances"] = [claim["source"]]
    claim["changed_at"] = iso(changed) if changed else created[1]
    claim["slug"] = row["slug"]
    return claim
