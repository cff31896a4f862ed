"""Pure language code: text and dates in, findings out.

Hedging cues and the probabilities they imply (``hedging``, ``lexicon``), time frames and due windows
(``timeframe``), dates and the news convention for "said Thursday" (``dates``, ``said``), TIMEX3 values for
scoring (``timex``), prediction/promise/statement (``classify``), all of it together (``analysis``), names'
titles (``titles``) and text normalisation (``normalize``). The lexicons are data in ``data/``, each row
with its source. May import: the standard library, dateparser, ``claims.errors`` and ``claims.config``.
Never the store, the services or the command line (``tests/test_layers.py`` checks).
"""
