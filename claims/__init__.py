"""claims: a claim and quote tracking database.

The packages are the layers, each importing only from those below it:

- ``claims.commands``: the command line (the Typer app; ``cli.py`` at the top is its entry point).
- ``claims.services``: add, resolve, import, export, ingest, speakers.
- ``claims.store``: models, engine and sessions, migrations, the read and write paths, search.
- ``claims.reading``: pure article reading (files, HTML, quotations, names, attribution).
- ``claims.language``: pure language code (dates, said dates, time frames, hedging, lexicons, kinds).

``claims.errors``, ``claims.config`` and ``claims.status`` are shared by all of them. ``tests/test_layers.py``
checks that no import runs against these arrows.
"""

__version__ = "0.1.0"
