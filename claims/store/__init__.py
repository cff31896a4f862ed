"""The store: the data model, the database and the read and write paths.

``models`` (SQLModel tables), ``engine`` (one SQLAlchemy engine per process, short-lived sessions, explicit
transactions, Alembic migrations in ``migrations/``), ``db`` (the light read path on the DB-API drivers,
no SQLAlchemy), ``recording`` (the one write path), ``queries`` and ``search`` (the read path),
``serialize`` (rows to the stable JSON objects). May import: ``claims.errors``, ``claims.config``,
``claims.status`` and ``claims.language`` (text normalisation, names' titles). Never the services or the
command line; importing this package imports nothing heavy.
"""
