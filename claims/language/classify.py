"""Prediction, promise or statement.

- **Promise**: the speaker commits to their own or their side's action ("we will support it in the fight
  against ISIL", "I promise to", "our government will").
- **Prediction**: a forecast of events: a future modal or construction ("there will be", "could happen",
  "is going to", "would" in reported speech), an expectation ("we expect ... to", "is expected to", "likely
  to", "doubted ... would"), a hedged judgement with a condition ("probably achievable, but only if ..."), or a
  forward time frame in the present tense ("the bridge opens next year").
- **Statement**: everything else: facts, opinions, the past ("would have", "had raised the issue in
  November"), refusals ("wouldn't comment"), someone else's forecast reported in the past ("She told us the
  backlog would be gone"), a future verb inside a relative clause ("waiting to see who will receive"),
  idioms ("I'll believe it when I see it"), questions. A comment clause ("as you might well imagine") holds
  no marker of its own; the rest of its sentence is read as usual. Speech repairs ("might w- well") and
  fillers ("uh") are removed first.

Pure and rule-based: the cues come from :mod:`claims.language.hedging`, the time frame from
:mod:`claims.language.timeframe`, the word lists from the ``kinds`` lexicon (``data/kinds.json``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from claims.language.hedging import Cue, is_modal_may
from claims.language.lexicon import Lexicons, load
from claims.language.timeframe import Timeframe

_FIRST_PERSON = r"(?:i|we|my\s+(?:government|administration|team|party|office|campaign)|" \
                r"our\s+(?:government|administration|team|party|office|campaign|country|company|side|forces|troops))"
_COMMIT = (r"(?:'ll|\s+will|\s+shall|\s+are\s+going\s+to|'re\s+going\s+to|\s+am\s+going\s+to|'m\s+going\s+to|"
           r"\s+is\s+going\s+to|\s+promise(?:s|d)?|\s+pledge(?:s|d)?|\s+vow(?:s|ed)?|\s+commit(?:s|ted)?\s+to|"
           r"\s+guarantee(?:s|d)?|\s+intend(?:s)?\s+to|\s+plan(?:s)?\s+to|\s+are\s+committed\s+to|"
           r"'re\s+committed\s+to|\s+am\s+committed\s+to|'m\s+committed\s+to|'m\s+determined\s+to|\s+aim(?:s)?\s+to|"
           r"\s+are\s+determined\s+to|\s+will\s+not|\s+won't|\s+will\s+never|'re\s+not\s+going\s+to|"
           r"\s+are\s+not\s+going\s+to)")
_NOT_AN_ACTION = r"(?:just\s+)?(?:have\s+to\s+see|see|know|find\s+out|wait|have\s+to\s+wait|be\s+watching|" \
                 r"look\s+at|hear|learn|talk\s+about|believe)\b"
PROMISE = re.compile(rf"(?<![\w'])(?P<subj>{_FIRST_PERSON}){_COMMIT}(?:\s+(?:also|always|still|then|now|"
                     rf"certainly|definitely|absolutely|continue\s+to))*\s+(?!{_NOT_AN_ACTION})(?P<verb>[a-z]+)", re.I)
_ADV = r"(?:(?:soon|well|still|also|eventually|never|not|probably|likely|almost\s+certainly|certainly|definitely|" \
       r"then|now|only|even|just|however|in\s+turn|,)\s*)*"
# A parenthetical between a modal and its verb: "might, however, be receptive", "would, when it was broken, give".
_ASIDE = r"(?:\s*,[^,.;:?!\"\u201c\u201d]{1,40}?,)?"
# Each future marker is a named group so that the rules below can tell "would" from "will".
FUTURE = re.compile(
    r"(?:(?<![\w'])(?<!good\s)(?P<will>will|shall|won't)\b|(?P<ll>'ll)|"
    r"(?P<going>(?:is|are|am|'s|'re|'m|was|were)\s+(?:not\s+)?going\s+to\s+(?!(?:the|a|an|such|great|his|her|their|"
    r"its|our|my|your|school|work|church|bed|court|war|jail|prison|trial|press)\b)[a-z]+)|"
    r"(?<![\w'])(?<!been\s)(?<!was\s)(?<!were\s)(?P<about>about|bound|due)\s+to\s+(?!(?:the|a|an|his|her|their|its)\b)[a-z]+|"
    r"(?<![\w'])(?P<likely>(?:is|are|was|were|be|seems?|looks?)\s+(?:not\s+)?(?:un|more\s+|less\s+|very\s+|highly\s+)?"
    r"likely\s+to)|"
    r"(?<![\w'])(?P<modal>could|may|might|should|would|wouldn't|couldn't|mightn't|shouldn't)" + _ASIDE + r"\s+" + _ADV +
    r"(?!have\b|been\b|does\b|is\b|of\b|and\b|or\b|the\b|well\s+imagine)(?P<mverb>[a-z]+)|"
    r"(?P<d>'d)\s+" + _ADV + r"(?!have\b|been\b|had\b|gone\b|done\b|seen\b|never\b|[a-z]+ed\b)[a-z]+|"
    r"(?<![\w'])(?P<expect>(?:is|are|am|'s|'re|be|was|were)\s+(?:also\s+|widely\s+|now\s+|not\s+)?expected\s+to|"
    r"expects?\s+(?!(?:that|a|an|the)\s+(?:loss|gain|charge)\b)(?:[^,.;]{0,40}?\s)?to\s+[a-z]+|"
    r"(?:doubts?|doubted)\s+(?:that\s+|whether\s+|if\s+)?[^,.;]{0,60}?\b(?:would|will|could|can)\b|"
    r"(?:there\s+(?:will|'ll)\s+be)))", re.I)
COUNTERFACTUAL = re.compile(r"\b(?:would|could|should|might|may|must|'d)\s+(?:not\s+)?have\s+(?:been|\w+ed|\w+en)\b",
                            re.I)
_HEDGED = re.compile(r"(?<![\w'])(?:probably|possibly|perhaps|maybe|likely)\b[^.?!]{0,80}?\b(?:if|unless|only\s+if|"
                     r"provided)\b|(?<![\w'])(?:maybe|perhaps)\s+(?:even\s+)?(?:the\s+)?(?:spring|summer|autumn|fall|"
                     r"winter|next|by|in|before)\b", re.I)


_PAST_VIEW = re.compile(r"(?:did\s+not|didn't|had\s+not|hadn't|never)\s+(?:anticipate|expect|foresee|predict|"
                        r"think|imagine)|had\s+(?:expected|anticipated|predicted|foreseen)", re.I)
# "a strike was possible in January": a judgement of likelihood about a time to come (backshifted in reports).
_POSSIBLE = re.compile(r"(?<![\w'])(?:is|are|was|were|be|remains?|remained)\s+(?:quite\s+|very\s+|still\s+|now\s+)?"
                       r"(?:possible|probable|likely|unlikely|expected|on\s+course|on\s+track)\b", re.I)


@lru_cache(maxsize=8)
def _patterns(version: str, words: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, re.Pattern]:
    """The word lists of the ``kinds`` lexicon as patterns (built once per lexicon version)."""
    w = dict(words)

    def alt(key: str) -> str:
        return "|".join(r"\s+".join(re.escape(t) for t in p.split()) for p in sorted(w[key], key=len, reverse=True))

    return {
        "idiom": re.compile(rf"(?:(?<![\w'])|(?='))(?:{alt('idioms')})(?![\w'])", re.I),
        "comment": re.compile(rf"(?<![\w'])(?:{alt('comment_clauses')})(?![\w'])", re.I),
        "refusal": re.compile(rf"(?<![\w'])(?:wouldn't|would\s+not|won't|will\s+not|couldn't|could\s+not|"
                              rf"declined\s+to|refused\s+to)\s+(?:{alt('refusal_verbs')})\b", re.I),
        "report": re.compile(rf"(?<![\w'])(?:{alt('past_report_verbs')})\b", re.I),
        "relative": re.compile(rf"(?<![\w'])(?:{alt('relative_heads')})\s+(?:who|what|which|whether|how|when|where|"
                               rf"if)\b[^.?!]*$", re.I),
        "past": re.compile(rf"(?<![\w'])(?:{'|'.join(_PAST_AUXILIARIES)}|{alt('irregular_past')})\b|"
                           rf"(?<![\w'])(?!(?:{alt('not_past')})\b)[a-z]{{3,}}ed\b", re.I),
        "participle": re.compile(rf"(?<![\w'])(?:{alt('not_past')})\b", re.I),
        "belief_can": re.compile(rf"(?<![\w'])(?:{alt('belief_heads')})\s+(?:that\s+)?(?:[\w']+\s+){{0,4}}?"
                                 rf"(?:can|cannot|can't)\s+(?!be\s+reached)[a-z]+", re.I),
    }


_BY_VERSION: dict[str, dict] = {}


def _words(lex: Lexicons) -> dict:
    got = _BY_VERSION.get(lex.version)
    if got is None:
        got = dict(_patterns(lex.version, tuple((k, tuple(v)) for k, v in sorted(lex.kinds.items()))))
        got["idiom_words"] = _key_words(lex.kinds.get("idioms", ()))
        got["comment_words"] = _key_words(lex.kinds.get("comment_clauses", ()))
        got["report_words"] = _key_words(lex.kinds.get("past_report_verbs", ()))
        got["belief_words"] = frozenset(lex.kinds.get("belief_heads", ()))
        got["past_words"] = _key_words((*_PAST_AUXILIARIES, *lex.kinds.get("irregular_past", ())))
        _BY_VERSION[lex.version] = got
    return got


_LETTERS = re.compile(r"[a-z]+")
_PAST_AUXILIARIES = ("was", "were", "had", "did", "didn't", "hadn't", "wasn't", "weren't")
_ED = re.compile(r"ed\b", re.I)


def _key_words(phrases) -> frozenset[str]:  # noqa: ANN001 - any iterable of phrases
    """The longest run of letters of each phrase ("i'll believe it when i see it" -> "believe"): a sentence
    without any of them cannot hold a phrase, so the costlier pattern is skipped."""
    return frozenset(max(w, key=len) for w in (_LETTERS.findall(p.lower()) for p in phrases) if w)


_FORWARD = re.compile(r"(?:by|before|until|till|within|into|next|this\s+coming|the\s+coming|no\s+later|tomorrow|"
                      r"later\s+this|at\s+the\s+end|in\s+the\s+next|for|ahead\s+of|in\s+time\s+for)\b")
# "seems unlikely", "looks likely": a judgement of likelihood; "can get back to 40% this year": ability within a
# time to come.
_SEEMS = re.compile(r"(?<![\w'])(?:seems?|seemed|looks?|appears?)\s+(?:very\s+|highly\s+|increasingly\s+)?"
                    r"(?:un)?likely\b", re.I)
_CAN = re.compile(r"(?<![\w'])(?:can|cannot|can't)\s+(?!be\s+reached)", re.I)
_PERFECT = re.compile(r"(?<![\w'])(?:have|has|had)\s+(?:\w+ly\s+)?(?:been|[a-z]+ed|[a-z]+en|gone|done|come|won|"
                      r"lost|risen|fallen|grown)\b", re.I)
_DID_NOT = re.compile(r"(?:did\s+not|didn't)\s", re.I)
_IF = re.compile(r"\b(?:if|unless|otherwise)\b", re.I)
_WH = frozenset({"who", "what", "which", "whether", "how", "when", "where", "if"})
_FIRST = frozenset({"i", "we", "my", "our"})
_VIEW_WORDS = frozenset({"anticipate", "anticipated", "expect", "expected", "foresee", "foreseen", "predict",
                         "predicted", "think", "imagine", "imagined"})
_HEDGE_WORDS = frozenset({"probably", "possibly", "perhaps", "maybe", "likely"})


_TRIGGER = re.compile(r"(?<![\w'])(?:will|shall|won't|going|about|bound|due|likely|unlikely|could|may|might|should|"
                      r"would|wouldn't|couldn't|mightn't|shouldn't|expected|expects?|doubts?|doubted)(?![\w'])|"
                      r"(?<=\w)'(?:ll|d)(?![\w'])", re.I)


# The runs of letters a trigger word is made of ("won't": "won"; "we'll": "ll"): a sentence holding none of them
# holds no trigger. Four characters match a Latin letter only under IGNORECASE (dotted and dotless i, long s,
# the Kelvin sign): a sentence with one of them is scanned all the same.
_TRIGGER_RUNS = frozenset("will shall won going about bound due likely unlikely could may might should would wouldn "
                          "couldn mightn shouldn expected expect expects doubt doubts doubted ll d".split())
_CASE_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")


# Markers whose pattern starts words before them ("is expected to", "there will be"): how many words back.
_LED = {"going": 3, "likely": 3, "unlikely": 3, "expected": 3, "will": 1, "'ll": 1}


def _word_starts_before(plain: str, pos: int, n: int) -> list[int]:
    """Where the ``n`` words before ``pos`` start (and the apostrophe of "we're", where an auxiliary starts)."""
    out: list[int] = []
    end = pos
    for _ in range(n):
        cut = plain.rfind(" ", 0, max(0, end - 1))
        start = cut + 1
        while start < end and not plain[start].isalnum() and plain[start] != "'":
            start += 1  # a quotation mark or a bracket before the word
        if start >= end:
            break
        word = plain[start:end]
        quote = word.find("'", 1)
        if quote > 0:
            out.append(start + quote)
        out.append(start)
        end = cut
        if cut < 0:
            break
    return sorted(out)


def _triggers(plain: str, toks: set[str]) -> list[re.Match]:
    """``_TRIGGER.finditer(plain)``, tried only where the lower-cased text holds one of the trigger words'
    runs of letters (``str.find``, much faster than the pattern's scan). A trigger is a whole word (or the
    "'ll" or "'d" ending one), so two never overlap and every match starts where its word's run does. The
    positions hold when lower-casing keeps the length; a sentence with a character that matches a Latin
    letter only under IGNORECASE is scanned whole."""
    runs = _TRIGGER_RUNS.intersection(toks)
    folds = not plain.isascii() and _CASE_FOLDS.search(plain)
    if not runs and not folds:
        return []
    low = plain.lower()
    if folds or len(low) != len(plain):
        return list(_TRIGGER.finditer(plain))
    starts: set[int] = set()
    for run in runs:
        needle = "'" + run if run in ("ll", "d") else run
        at = low.find(needle)
        while at >= 0:
            starts.add(at)
            at = low.find(needle, at + 1)
    return [m for m in map(_TRIGGER.match, (plain,) * len(starts), sorted(starts)) if m]


def _candidates(plain: str, toks: set[str]) -> list[re.Match]:
    """FUTURE matches, found from its trigger words: the pattern is tried only where one stands (and at up to
    three words before it, where "is expected to" or "are likely to" begin). Same matches as
    ``FUTURE.finditer`` on the TimeBank and AQUAINT sentences, several times faster. ``toks`` are the runs of
    letters of the lower-cased sentence."""
    out: list[re.Match] = []
    covered = -1
    for t in _triggers(plain, toks):
        pos = t.start()
        if pos <= covered:
            continue
        back = _LED.get(t.group().lower(), 0)
        lead = _word_starts_before(plain, pos, back) if back else ()
        for at in (*lead, pos):
            if at <= covered:
                continue
            m = FUTURE.match(plain, at)
            if m and m.end() > pos:
                out.append(m)
                covered = m.end() - 1
                break
    return out


def _future_markers(plain: str, p: dict, toks: set[str]) -> list[re.Match]:
    """The future markers of ``plain`` that still look forward where they stand."""
    out = []
    asides = _asides(plain, p, toks)
    for m in _candidates(plain, toks):
        if asides and any(a <= m.start() < b for a, b in asides):
            continue  # "as you might well imagine": a comment clause, addressed to the hearer
        before = plain[:m.start()]
        if m.group("modal") or m.group("d"):
            modal = (m.group("modal") or "'d").lower()
            if modal == "may" and not is_modal_may(plain, m.start("modal")):
                continue  # "On May 20", "Brian May": not the modal
            if m.group("modal") and p["refusal"].match(plain, m.start()):
                continue  # "wouldn't comment", "would not elaborate": a refusal, reported
        if (m.group("modal") or m.group("d") or m.group("likely") or m.group("expect")) \
                and _recounted(plain, m.start(), p, toks):
            continue  # "She told us the backlog would be gone", "had argued the sites should be": recounted
        embedded = not toks.isdisjoint(_WH) and p["relative"].search(before + m.group(0))
        if (m.group("will") or m.group("ll")) and embedded:
            continue  # "waiting to see ... who will receive weapons": a question inside the sentence
        if m.group("expect") and _DID_NOT.match(plain[max(0, m.start() - 8):m.start()].strip() + " "):
            continue
        out.append(m)
    return out


_AS = re.compile(r"as\b", re.I)  # a quick test: every comment clause starts with the word "as"


def _asides(plain: str, p: dict, toks: set[str]) -> list[tuple[int, int]]:
    if "as" not in toks or toks.isdisjoint(p["comment_words"]):
        return []  # every comment clause starts with "as"
    return [c.span() for c in p["comment"].finditer(plain)]


def comment_spans(text: str, lex: Lexicons | None = None) -> list[tuple[int, int]]:
    """Where ``text`` holds a comment clause ("as you might well imagine", "as you may know"): its hedges
    say nothing of how likely the claim is."""
    if not _AS.search(text):
        return []
    return _asides(text.replace("\u2019", "'"), _words(lex or load()), set(_LETTERS.findall(text.lower())))


def _possible(plain: str, p: dict, toks: set[str]) -> bool:
    """A judgement of likelihood ("a strike was possible in January"), unless recounted ("had suggested that
    institutions were likely to buy ... Monday"), as a modal is."""
    possible = _POSSIBLE.search(plain)
    return possible is not None and not _recounted(plain, possible.start(), p, toks)


def _recounted(plain: str, at: int, p: dict, toks: set[str]) -> bool:
    """A past perfect report or one told to the speaker stands before ``at`` (and no condition in the
    sentence): the speaker recounts someone else's earlier forecast."""
    return not toks.isdisjoint(p["report_words"]) and bool(p["report"].search(plain[:at])) \
        and not _hypothetical(plain)


def _hypothetical(plain: str) -> bool:
    return bool(_IF.search(plain))


def _forward_frame(plain: str, tf: Timeframe, p: dict[str, re.Pattern]) -> bool:
    """A time frame alone makes a prediction only when it points forward and the sentence is not past."""
    phrase = tf.phrase.lower()
    if tf.kind == "explicit" and not _FORWARD.match(phrase):
        return False
    if plain[tf.span[1]:tf.span[1] + 2] == "'s" or plain[tf.span[1]:tf.span[1] + 1] == "-" or \
            re.match(r"\s+(?:interest|rates?|debt|bonds?|care|unemployment|outlook|goals?)\b", plain[tf.span[1]:]):
        return False  # "tomorrow's vote", "long-term interest rates": the words name a thing, not a deadline
    rest = plain[:tf.span[0]] + plain[tf.span[1]:]
    return not _past(rest, p) and not _PERFECT.search(rest)


def _past(text: str, p: dict) -> bool:
    """``p["past"].search(text)``, skipped where it cannot match: no word ending in "ed" and none of the past
    auxiliaries and irregular verbs (by their longest run of letters), unless a character that matches a
    Latin letter only under IGNORECASE is present."""
    if not _ED.search(text) and p["past_words"].isdisjoint(_LETTERS.findall(text.lower())) \
            and (text.isascii() or not _CASE_FOLDS.search(text)):
        return False
    return bool(p["past"].search(text))


# Speech disfluencies in broadcast transcripts: a word fragment repaired by the word after it ("as you might w-
# well imagine", "for p- people"; a fragment that is no prefix of the next word, as in "long- and short-term",
# stays) and the fillers "uh", "um", "erm" (Shriberg, Preliminaries to a Theory of Speech Disfluencies, 1994).
_FRAGMENT = re.compile(r"(?<![\w'-])([a-z]{1,6})-\s+(?=\1)", re.I)
_FILLER = re.compile(r"(?<![\w'-])(?:uh|um|erm)(?![\w'-]),?\s*", re.I)
_FILLERS = frozenset({"uh", "um", "erm"})


def _fluent(plain: str, toks: set[str]) -> str:
    """``plain`` without its speech disfluencies (the same string where it has none)."""
    if "- " in plain:
        plain = _FRAGMENT.sub("", plain)
    if not toks.isdisjoint(_FILLERS):
        plain = _FILLER.sub("", plain)
    return plain


def classify(text: str, cues: list[Cue], timeframe: Timeframe | None, lex: Lexicons | None = None) -> str:
    """``promise``, ``prediction`` or ``statement`` for one claim's text."""
    p = _words(lex or load())
    plain = text.replace("\u2019", "'")
    if "  " in plain or "\n" in plain or "\t" in plain:
        plain = " ".join(plain.split())
    low = plain.lower()
    toks = set(_LETTERS.findall(low))
    fluent = _fluent(plain, toks)
    if fluent != plain:
        plain, low = fluent, fluent.lower()
        toks = set(_LETTERS.findall(low))
    if timeframe is not None and len(plain) != len(text):  # the frame's span must point into the text classified
        at = low.find(" ".join(timeframe.phrase.lower().split()))
        timeframe = replace(timeframe, span=(at, at + len(" ".join(timeframe.phrase.split())))) if at >= 0 \
            else timeframe
    idiom = not toks.isdisjoint(p["idiom_words"]) and p["idiom"].search(plain)
    if plain.endswith("?") or idiom:
        return "statement"
    markers = _future_markers(plain, p, toks)
    past_view = not toks.isdisjoint(_VIEW_WORDS) and _PAST_VIEW.search(plain)
    if past_view:  # "did not anticipate that would be the case": what was (not) foreseen back then
        markers = [m for m in markers if m.start() < past_view.start()]
        if not markers:
            return "statement"
    promise = not toks.isdisjoint(_FIRST) and PROMISE.search(plain)
    if promise:
        return "promise"
    vague = timeframe is not None and timeframe.kind == "vague"
    if " have " in low and COUNTERFACTUAL.search(plain) and len(markers) <= 1 and not vague:
        return "statement"
    hedged = not toks.isdisjoint(_HEDGE_WORDS) and _HEDGED.search(plain)
    judged = _SEEMS.search(plain) if "likely" in toks or "unlikely" in toks else None
    able = timeframe is not None and timeframe.kind != "open" and _CAN.search(plain) or \
        ("can" in toks or "cannot" in toks) and not toks.isdisjoint(p["belief_words"]) and p["belief_can"].search(plain)
    if markers or hedged or judged or able or timeframe is not None and _possible(plain, p, toks):
        return "prediction"
    if timeframe is not None and _forward_frame(plain, timeframe, p):
        return "prediction"
    return "statement"


_GROUPS = ("will", "ll", "going", "about", "likely", "modal", "d", "expect")


def marker_families(text: str, lex: Lexicons | None = None) -> list[str]:
    """The families of the future markers that still look forward in ``text`` ("will", "going", "about",
    "likely", "expect", "modal:could", ...) and "refusal" for a reported refusal ("wouldn't comment"): what
    the evaluation counts its disagreements by."""
    p = _words(lex or load())
    plain = " ".join(text.replace("\u2019", "'").split())
    toks = set(_LETTERS.findall(plain.lower()))
    plain = _fluent(plain, toks)
    toks = set(_LETTERS.findall(plain.lower()))
    out = []
    for m in _future_markers(plain, p, toks):
        group = next(g for g in _GROUPS if m.group(g))
        if group == "expect":  # the expectation group also holds "there will be" and "doubted ... would"
            first = m.group(0)[:5].lower()
            group = "will" if first == "there" else "doubt" if first == "doubt" else group
        out.append(f"modal:{m.group('modal').lower()}" if group == "modal" else "will" if group == "ll" else group)
    if any(p["refusal"].match(plain, m.start()) for m in re.finditer(r"(?<![\w'])(?:would|will|won't|could|"
                                                                     r"couldn't|wouldn't|declined|refused)\b", plain,
                                                                     re.I)):
        out.append("refusal")
    return out
