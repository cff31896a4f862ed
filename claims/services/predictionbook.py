"""Importing PredictionBook's JSON export (``claims import --format predictionbook FILE``).

The file is a list of predictions ``{number, event, outcome, user, time_created, time_known, responses:
[{user, time, actions: {credence?, comment?, outcome?, change-deadline?, change-prediction?, ...}}]}``
(``../shared/data/predictionbook/README.md``). Each becomes one claim of kind ``prediction``:

- ``event`` the text, ``user`` the speaker, ``time_created`` the said date, ``time_known`` the due end;
  the source is the prediction's page, ``https://predictionbook.com/predictions/NUMBER``;
- the creator's first credence (0-100) the probability (``claim.probability``); the creator's later
  credences ``probability`` events; other users' credences are theirs, not the speaker's, and are left out;
- ``change-deadline`` a ``due`` event (a slip), ``change-prediction`` and ``comment`` notes;
- each judgement a status event on the day and by the user who judged it: right = fulfilled,
  wrong = not-fulfilled, unknown = open again. The export's top-level ``outcome`` is the final judgement:
  when the responses end otherwise (they are incomplete), one more status event records it, on the day
  after the last response or on ``time_known`` (whichever is later, and not after today), by
  ``predictionbook``.

Every event keeps PredictionBook's own time as ``recorded_at``, so ``--as-of`` reproduces the site's
history. The whole file is checked before anything is written; a bad prediction stops the import with
its position and number, and the database is left as it was. Importing the file again adds nothing.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypedDict

from claims import status
from claims.errors import ClaimsError, UsageError
from claims.language.normalize import clean_text
from claims.store.recording import EventInfo, NewClaim, SourceInfo

URL = "https://predictionbook.com/predictions/{number}"
JUDGEMENTS = {"right": status.FULFILLED, "wrong": status.NOT_FULFILLED, "unknown": status.OPEN}
REQUIRED = ("number", "event", "outcome", "user", "time_created", "time_known", "responses")
BY = "predictionbook"


class _State(TypedDict):
    """What the responses so far have made of the prediction."""

    status: str
    probability: float | None
    due_end: date


def _instant(value: Any, field: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{field} must be a date and time, not {value!r}")
    text = value.strip().replace(" UTC", "+00:00").replace("Z", "+00:00")
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{field} must be an ISO date and time, not {value!r}") from None
    return (t if t.tzinfo else t.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _credence(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise UsageError(f"{where}: credence must be a number from 0 to 100, not {value!r}")
    if not 0 <= value <= 100:
        raise UsageError(f"{where}: credence {value!r} is outside 0-100")
    return value / 100


def _responses(pred: dict[str, Any], created: datetime) -> list[tuple[datetime, str, dict[str, Any]]]:
    """(time, user, actions) in time order; a response stamped before the prediction counts as made with it."""
    responses = pred["responses"]
    if not isinstance(responses, list):
        raise UsageError("responses must be a list")
    out = []
    for i, resp in enumerate(responses, 1):
        if not isinstance(resp, dict) or not isinstance(resp.get("actions"), dict):
            raise UsageError(f"response {i} must be an object with actions")
        user = clean_text(resp.get("user"), f"response {i}: user", required=True, limit=300)
        out.append((max(_instant(resp.get("time"), f"response {i}: time"), created), user, resp["actions"]))
    return sorted(out, key=lambda r: r[0])


def _respond(state: _State, events: list[EventInfo], actions: dict[str, Any], *, when: datetime, who: str,
             creator: str, said: date, where: str) -> None:
    """One response's actions as events; ``state`` (status, probability, due_end) is updated in place."""
    current = state["status"]
    if "credence" in actions:
        p = _credence(actions["credence"], where)  # another forecaster's credence is checked, not kept
        if who == creator and state["probability"] is None:
            state["probability"] = p
        elif who == creator:
            events.append(EventInfo(type="probability", status=current, on=when.date(), recorded_at=when, by=who,
                                    data={"probability": p, "source": "predictionbook"}))
    if "change-deadline" in actions:
        state["due_end"] = _instant(actions["change-deadline"], f"{where}: change-deadline").date()
        events.append(EventInfo(type="due", status=current, on=when.date(), recorded_at=when, by=who,
                                due_start=said, due_end=state["due_end"], note="deadline changed on PredictionBook"))
    for key, label in (("change-prediction", "prediction changed to: "), ("comment", "")):
        if key in actions and isinstance(actions[key], str) and actions[key].strip():
            events.append(EventInfo(type="note", status=current, on=when.date(), recorded_at=when, by=who,
                                    note=clean_text(label + actions[key], f"{where}: {key}")))
    if "outcome" in actions:
        judged = JUDGEMENTS.get(actions["outcome"])
        if judged is None:
            raise UsageError(f"{where}: outcome must be right, wrong or unknown, not {actions['outcome']!r}")
        if judged != current:
            events.append(EventInfo(type="status", status=judged, from_status=current, on=when.date(),
                                    recorded_at=when, by=who, note=f"judged {actions['outcome']}"))
            state["status"] = judged


def _recorded(ev: EventInfo) -> datetime:
    assert ev.recorded_at is not None  # every event read from the export is stamped
    return ev.recorded_at


def convert(pred: Any, *, today: date) -> NewClaim:
    """One PredictionBook prediction as a claim with its history; UsageError names the bad field."""
    if not isinstance(pred, dict):
        raise UsageError("a prediction must be a JSON object")
    missing = [k for k in REQUIRED if k not in pred]
    if missing:
        raise UsageError(f"missing {', '.join(missing)}")
    number = pred["number"]
    if isinstance(number, bool) or not isinstance(number, int):
        raise UsageError(f"number must be an integer, not {number!r}")
    text = clean_text(pred["event"], "event", required=True)
    user = clean_text(pred["user"], "user", required=True, limit=300)
    if pred["outcome"] not in ("right", "wrong"):
        raise UsageError(f"outcome must be right or wrong, not {pred['outcome']!r}")
    created = _instant(pred["time_created"], "time_created")
    known = _instant(pred["time_known"], "time_known")
    now = datetime.now(timezone.utc)
    if created > now:
        raise UsageError(f"time_created {created.date().isoformat()} is in the future")
    said, due = created.date(), known.date()
    events = [EventInfo(type="created", status=status.OPEN, on=said, recorded_at=created, by=user,
                        evidence=URL.format(number=number), due_start=said, due_end=due)]
    state: _State = {"status": status.OPEN, "probability": None, "due_end": due}
    for i, (when, who, actions) in enumerate(_responses(pred, created), 1):
        _respond(state, events, actions, when=when, who=who, creator=user, said=said, where=f"response {i}")
    current, probability, due_end = state["status"], state["probability"], state["due_end"]
    final = JUDGEMENTS[pred["outcome"]]
    if current != final:
        last = max(_recorded(e) for e in events)
        at = min(max(last + timedelta(seconds=1), known), now)
        events.append(EventInfo(type="status", status=final, from_status=current, on=min(at.date(), today),
                                recorded_at=at, by=BY, note=f"outcome {pred['outcome']} in the export"))
    events.sort(key=_recorded)
    return NewClaim(
        text=text, speaker=user, said_on=said, said_precision="day", kind="prediction",
        source=SourceInfo(outlet="PredictionBook", url=URL.format(number=number), published_on=said,
                          kind="other"),
        due_start=said, due_end=due_end, probability=probability, tags=["predictionbook"], events=events,
        attributed_as=user, explicit={"kind", "due", "probability"},
    )


def read(content: str, *, today: date) -> list[NewClaim]:
    """Every prediction in the file, checked; ClaimsError naming the first bad one (counted from 1)."""
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ClaimsError(f"not PredictionBook JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, list):
        raise ClaimsError("not PredictionBook JSON: expected a list of predictions")
    if not data:
        raise ClaimsError("the file holds no predictions")
    items = []
    for i, pred in enumerate(data, 1):
        try:
            items.append(convert(pred, today=today))
        except UsageError as exc:
            number = pred.get("number") if isinstance(pred, dict) else None
            which = f"prediction {i}" + (f" (number {number})" if number is not None else "")
            raise ClaimsError(f"{which}: {exc}; nothing was imported") from None
    return items


def import_file(store: Any, path: str, *, by: str, today: date) -> Any:
    """Import a PredictionBook export; returns an ImportReport (read, added, existing)."""
    from claims.reading.files import read_text
    from claims.services.transfer import BATCH, ImportReport
    from claims.store import models
    from claims.store.recording import record

    items = read(read_text(path), today=today)
    report = ImportReport(read=len(items))
    with store.write() as session:
        for i in range(0, len(items), BATCH):
            for result in record(session, items[i:i + BATCH], by=by, now=models.utcnow()):
                if result.created:
                    report.added += 1
                else:
                    report.existing += 1
    return report
