"""claims: a claim and quote tracking database.

The library is split by domain: ``models`` and ``store`` hold the data layer, ``tracking`` the
claim lifecycle, ``queries`` the read side, ``transfer`` import and export, ``search`` full-text
search, and the language modules (``hedging``, ``timeframe``, ``said``, ``analysis``,
``quotations``, ``attribution``, ``speakers``, ``ingest``) read text.
"""

__version__ = "0.1.0"
