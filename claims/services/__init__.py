"""The services: what a user asks for, on top of the store and the language and reading code.

Turning typed or imported fields into claims (``intake``), the claim lifecycle (``tracking``: add, resolve,
reopen, note, reschedule, reanalyze), import and export (``transfer``), ingesting articles (``ingest``),
speakers (``speakers``: matching, merge, split). May import the store, ``claims.language``,
``claims.reading`` and the shared modules; never the command line. Services return data; they print
nothing.
"""
