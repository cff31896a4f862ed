"""Pure article reading: an article's text in, its quotations and who said them out.

Reading files and HTML (``files``, ``articles``), finding quotations (``quotations``), the people in an
article and their names (``names``), who said each quotation (``attribution``), and all of it dated and
analysed (``extract``). May import: the standard library, trafilatura, ``claims.errors``, ``claims.config``
and ``claims.language``. Never the store, the services or the command line (``tests/test_layers.py``).
"""
