"""The read side of restatements, on the light driver path (:mod:`claims.store.db`, plain SQL, no SQLAlchemy):
links and suggestions, slips, a claim's milestone trend, and follow-up quotes about the same subject.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from claims.errors import NotFound, UsageError
from claims.store.db import Reader

_LINK_COLS = ("l.id, l.new_claim_id, l.old_claim_id, l.relation, l.state, l.method, l.score, l.shared, l.slip_days, "
              "l.due_before, l.due_after, l.by, l.created_at, sp.name AS speaker, qn.text AS new_text, "
              "qo.text AS old_text, qn.said_on AS new_said_on, qo.said_on AS old_said_on")


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def speaker_ids(r: Reader, name: str) -> list[int]:
    """The speaker called ``name`` (or by an alias): [id], or NotFound."""
    from claims.language.normalize import name_key

    key = name_key(name)
    ids = [row["id"] for row in r.rows("SELECT id FROM speaker WHERE key = :k", {"k": key})]
    ids += [row["speaker_id"] for row in r.rows("SELECT speaker_id FROM speaker_alias WHERE key = :k", {"k": key})]
    if not ids and " " not in key:
        like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = r.rows("SELECT id FROM speaker WHERE key LIKE :k ESCAPE '\\' LIMIT 2", {"k": f"% {like}"})
        if len(found) == 1:
            ids = [found[0]["id"]]
    if not ids:
        raise NotFound(f"no speaker named {name!r}")
    return sorted(set(ids))


def _in(name: str, values: list[int]) -> tuple[str, dict[str, Any]]:
    marks = ", ".join(f":{name}{i}" for i in range(len(values)))
    return f"({marks})", {f"{name}{i}": v for i, v in enumerate(values)}


def links(r: Reader, *, speaker: str | None = None, pending: bool = False) -> list[dict[str, Any]]:
    """Links and suggestions, newest first (``pending``: suggestions only)."""
    where = ["l.state = 'suggested'"] if pending else ["l.state IN ('linked', 'suggested')"]
    params: dict[str, Any] = {}
    if speaker:
        clause, params = _in("s", speaker_ids(r, speaker))
        where.append(f"cn.speaker_id IN {clause}")
    rows = r.rows(f"SELECT {_LINK_COLS} FROM claim_link l JOIN claim cn ON cn.id = l.new_claim_id "
                  "JOIN claim co ON co.id = l.old_claim_id JOIN quote qn ON qn.id = cn.quote_id "
                  "JOIN quote qo ON qo.id = co.quote_id JOIN speaker sp ON sp.id = cn.speaker_id "
                  f"WHERE {' AND '.join(where)} ORDER BY l.id DESC", params)
    return [{"id": x["id"], "new": x["new_claim_id"], "old": x["old_claim_id"], "relation": x["relation"],
             "state": x["state"], "method": x["method"], "score": x["score"], "shared": _loads(x["shared"]) or [],
             "speaker": x["speaker"], "new_text": x["new_text"], "old_text": x["old_text"],
             "new_said_on": _iso(x["new_said_on"]), "old_said_on": _iso(x["old_said_on"]),
             "slip_days": x["slip_days"], "by": x["by"]} for x in rows]


def slips(r: Reader, *, speaker: str | None = None, min_slips: int = 1) -> list[dict[str, Any]]:
    """Tracked claims by how often (then how far) restatements moved their deadlines later."""
    if min_slips < 0:
        raise UsageError("--min must be 0 or more")
    params: dict[str, Any] = {"min": min_slips}
    where = "l.state = 'linked' AND l.relation = 'restatement'"
    if speaker:
        clause, extra = _in("s", speaker_ids(r, speaker))
        where += f" AND c.speaker_id IN {clause}"
        params.update(extra)
    rows = r.rows(
        "SELECT c.id, sp.name AS speaker, c.summary, c.status, c.due_end, count(*) AS said_again, "
        "sum(CASE WHEN l.slip_days > 0 THEN 1 ELSE 0 END) AS slips, "
        "coalesce(sum(CASE WHEN l.slip_days > 0 THEN l.slip_days ELSE 0 END), 0) AS days "
        "FROM claim_link l JOIN claim c ON c.id = l.old_claim_id JOIN speaker sp ON sp.id = c.speaker_id "
        f"WHERE {where} GROUP BY c.id, sp.name, c.summary, c.status, c.due_end "
        "HAVING sum(CASE WHEN l.slip_days > 0 THEN 1 ELSE 0 END) >= :min", params)
    firsts = _first_due(r, [x["id"] for x in rows])
    out = [{"id": x["id"], "speaker": x["speaker"], "summary": x["summary"], "status": x["status"],
            "times_said": int(x["said_again"]) + 1, "slips": int(x["slips"]), "days_slipped": int(x["days"]),
            "first_due": _iso(firsts.get(x["id"])), "due": _iso(x["due_end"])} for x in rows]
    out.sort(key=lambda s: (-s["slips"], -s["days_slipped"], s["id"]))
    return out


def _first_due(r: Reader, ids: list[int]) -> dict[int, Any]:
    """The due end each claim gave when first recorded (its ``created`` event)."""
    if not ids:
        return {}
    clause, params = _in("c", ids)
    return {x["claim_id"]: x["due_end"] for x in r.rows(
        f"SELECT claim_id, due_end FROM event WHERE type = 'created' AND claim_id IN {clause}", params)}


def _claim(r: Reader, claim_id: int) -> dict[str, Any]:
    row = r.one("SELECT c.id, c.status, c.summary, c.due_end, c.probability, c.speaker_id, c.quote_id, q.text, "
                "q.said_on, s.outlet, sp.name AS speaker FROM claim c JOIN quote q ON q.id = c.quote_id "
                "JOIN speaker sp ON sp.id = c.speaker_id LEFT JOIN source s ON s.id = c.source_id WHERE c.id = :id",
                {"id": claim_id})
    if row is None:
        raise NotFound(f"no claim with id {claim_id}")
    return row


def root_of(r: Reader, claim_id: int) -> int:
    row = r.one("SELECT old_claim_id FROM claim_link WHERE new_claim_id = :id AND state = 'linked' "
                "AND relation = 'restatement'", {"id": claim_id})
    return row["old_claim_id"] if row else claim_id


def trend(r: Reader, claim_id: int) -> dict[str, Any]:
    """The milestone trend of a tracked claim: each time it was said, the due end it gave then, the due end
    the claim had after it, and how it stands now."""
    _claim(r, claim_id)
    root = root_of(r, claim_id)
    claim = _claim(r, root)
    first = _first_due(r, [root]).get(root)
    said = [{"claim": root, "said_on": _iso(claim["said_on"]), "outlet": claim["outlet"], "text": claim["text"],
             "due_given": _iso(first), "due_after": _iso(first), "slip_days": None}]
    rows = r.rows("SELECT l.new_claim_id, l.due_after, l.slip_days, c.due_end, q.text, q.said_on, s.outlet "
                  "FROM claim_link l JOIN claim c ON c.id = l.new_claim_id JOIN quote q ON q.id = c.quote_id "
                  "LEFT JOIN source s ON s.id = c.source_id WHERE l.old_claim_id = :id AND l.state = 'linked' "
                  "AND l.relation = 'restatement' ORDER BY l.id", {"id": root})
    for x in rows:
        said.append({"claim": x["new_claim_id"], "said_on": _iso(x["said_on"]), "outlet": x["outlet"],
                     "text": x["text"], "due_given": _iso(x["due_end"]), "due_after": _iso(x["due_after"]),
                     "slip_days": x["slip_days"]})
    reversals = [x["id"] for x in r.rows(
        "SELECT CASE WHEN old_claim_id = :id THEN new_claim_id ELSE old_claim_id END AS id FROM claim_link "
        "WHERE state = 'linked' AND relation = 'reversal' AND (old_claim_id = :id OR new_claim_id = :id) "
        "ORDER BY id", {"id": root})]
    slipped = [s["slip_days"] for s in said if s["slip_days"]]
    return {"id": root, "asked": claim_id, "speaker": claim["speaker"], "summary": claim["summary"],
            "status": claim["status"], "due": _iso(claim["due_end"]), "first_due": _iso(first),
            "times_said": len(said), "slips": len(slipped), "days_slipped": sum(slipped), "said": said,
            "reversed_by": reversals}


def follow_ups(r: Reader, claim_id: int, *, limit: int = 20) -> list[dict[str, Any]]:
    """Later quotes (any speaker) about the same subject as the claim, newest first, with the words they
    share with it: candidates for evidence."""
    from claims.language.gist import gist

    claim = _claim(r, claim_id)
    mine = gist(claim["text"])
    terms = list(dict.fromkeys(mine.terms))
    if not terms:
        return []
    if r.dialect == "sqlite":
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        sql = ("SELECT rowid AS id FROM quote_fts WHERE quote_fts MATCH :q AND rowid > :qid "
               "ORDER BY rowid DESC LIMIT :n")
    else:
        query = " | ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms)
        sql = ("SELECT id FROM quote WHERE search_tsv @@ to_tsquery('english', :q) AND id > :qid "
               "ORDER BY id DESC LIMIT :n")
    ids = [x["id"] for x in r.rows(sql, {"q": query, "qid": claim["quote_id"], "n": max(limit * 10, 200)})]
    if not ids:
        return []
    clause, params = _in("q", ids)
    rows = r.rows("SELECT q.id, q.text, q.said_on, sp.name AS speaker, (SELECT min(c.id) FROM claim c "
                  f"WHERE c.quote_id = q.id) AS claim_id FROM quote q JOIN speaker sp ON sp.id = q.speaker_id "
                  f"WHERE q.id IN {clause}", params)
    out = []
    said = _day(claim["said_on"])
    for x in rows:
        when = _day(x["said_on"])
        if said and when and when < said:
            continue
        shared = sorted(set(mine.terms) & set(gist(x["text"]).terms))
        if len(shared) < min(2, len(set(terms))):
            continue
        out.append({"quote": x["id"], "claim": x["claim_id"], "speaker": x["speaker"], "said_on": _iso(when),
                    "text": x["text"], "shared": shared})
    out.sort(key=lambda f: (f["said_on"] or "", f["quote"]), reverse=True)
    return out[:limit]


def trend_chart(data: dict[str, Any], path: str) -> None:
    """A milestone trend chart (said date across, due end given up): matplotlib, the ``charts`` extra."""
    from pathlib import Path

    out = Path(path)
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise UsageError(f"--chart {path!r}: give a .png, .svg or .pdf file name")
    if not out.parent.is_dir():
        raise UsageError(f"--chart {path!r}: folder {str(out.parent)!r} does not exist")
    try:
        import matplotlib
    except ImportError:
        raise UsageError("--chart needs matplotlib: pip install 'claims[charts]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = [(date.fromisoformat(s["said_on"]), date.fromisoformat(s["due_given"]))
              for s in data["said"] if s["said_on"] and s["due_given"]]
    if not points:
        raise UsageError(f"claim {data['id']} has no said date with a due date to chart")
    fig, ax = plt.subplots(figsize=(7, 4))
    xs, ys = zip(*points, strict=True)
    ax.plot(xs, ys, marker="o")
    low, high = min(xs + ys), max(xs + ys)
    ax.plot([low, high], [low, high], linestyle=":", color="grey", label="due on the day it was said")
    ax.set_xlabel("said on")
    ax.set_ylabel("due by (as said then)")
    ax.set_title(f"claim {data['id']}: {data['slips']} slips, {data['days_slipped']} days")
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    try:
        fig.savefig(path)
    except OSError as exc:
        raise UsageError(f"cannot write chart {path}: {exc}") from None
    finally:
        plt.close(fig)
