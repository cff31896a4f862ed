"""Prediction, promise or statement.

- **Promise**: the speaker commits to their own or their side's action ("we will support it in the fight
  against ISIL", "I promise to", "our government will").
- **Prediction**: a forecast of events: a future modal or construction ("there will be", "could happen",
  "is going to"), an expectation ("we expect ... to", "likely to"), or a future time frame ("any day").
- **Statement**: everything else: facts, opinions, the past ("would have"), questions.

Pure and rule-based: the cues come from :mod:`claims.language.hedging`, the time frame from
:mod:`claims.language.timeframe`.
"""

from __future__ import annotations

import re

from claims.language.hedging import Cue
from claims.language.timeframe import Timeframe

_FIRST_PERSON = r"(?:i|we|my\s+(?:government|administration|team|party|office|campaign)|" \
                r"our\s+(?:government|administration|team|party|office|campaign|country|company|side|forces|troops))"
_COMMIT = (r"(?:'ll|\s+will|\s+shall|\s+are\s+going\s+to|'re\s+going\s+to|\s+am\s+going\s+to|'m\s+going\s+to|"
           r"\s+is\s+going\s+to|\s+promise(?:s|d)?|\s+pledge(?:s|d)?|\s+vow(?:s|ed)?|\s+commit(?:s|ted)?\s+to|"
           r"\s+guarantee(?:s|d)?|\s+intend(?:s)?\s+to|\s+plan(?:s)?\s+to|\s+are\s+committed\s+to|"
           r"'re\s+committed\s+to|\s+am\s+committed\s+to|'m\s+committed\s+to|'m\s+determined\s+to|\s+aim(?:s)?\s+to|\s+are\s+determined\s+to|"
           r"\s+will\s+not|\s+won't|\s+will\s+never)")
_NOT_AN_ACTION = r"(?:just\s+)?(?:have\s+to\s+see|see|know|find\s+out|wait|have\s+to\s+wait|be\s+watching|" \
                 r"look\s+at|hear|learn|talk\s+about)\b"
PROMISE = re.compile(rf"(?<![\w'])(?P<subj>{_FIRST_PERSON}){_COMMIT}(?:\s+(?:also|always|still|then|now|"
                     rf"certainly|definitely|absolutely|continue\s+to))*\s+(?!{_NOT_AN_ACTION})(?P<verb>[a-z]+)", re.I)
FUTURE = re.compile(r"(?<![\w'])(?:will|'ll|shall|won't|is\s+going\s+to|are\s+going\s+to|'s\s+going\s+to|"
                    r"'re\s+going\s+to|am\s+going\s+to|'m\s+going\s+to|about\s+to|bound\s+to|"
                    r"(?:is|are|was|were)\s+(?:un)?likely\s+to|(?:could|may|might|should|would)\s+(?:soon\s+|well\s+|"
                    r"still\s+|also\s+|eventually\s+|never\s+|not\s+)?(?!have\b|been\b)[a-z]+|"
                    r"(?:expects?|expected|anticipates?|anticipated|predicts?|predicted|forecasts?)\b|"
                    r"there\s+(?:will|'ll)\s+be|chance|odds)", re.I)
COUNTERFACTUAL = re.compile(r"\b(?:would|could|should|might|may|must)\s+(?:not\s+)?have\s+(?:been|\w+ed|\w+en)\b", re.I)


def classify(text: str, cues: list[Cue], timeframe: Timeframe | None) -> str:
    plain = " ".join(text.replace("\u2019", "'").split())
    if plain.endswith("?"):
        return "statement"
    if PROMISE.search(plain):
        return "promise"
    if COUNTERFACTUAL.search(plain) and timeframe is None:
        return "statement"
    if FUTURE.search(plain) or timeframe is not None:
        return "prediction"
    return "statement"
