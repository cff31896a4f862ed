"""The site's Jinja2 environment: autoescape on for every template, and three shortcuts that keep the
output byte for byte what plain Jinja2 gives (a hundred thousand pages per build make them count):

- ``a.b`` on a plain dict reads the key first: the views are dicts, and Jinja's default (the attribute
  first) raises and catches an AttributeError on every lookup. No view has a key that shadows a dict method
  the templates call.
- Each ``{{ value }}`` is escaped by :func:`escape`, which gives markupsafe's ``escape`` result (the same
  five replacements, the same ``Markup`` type) without a Python-level ``Markup.__new__`` per value.
- ``urlencode`` remembers the few tags it quotes on every claim page.

The compiled templates are kept between builds in a bytecode cache (a rebuild renders a few pages, and
compiling the templates was a tenth of a second of it); the output does not depend on it.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, Template
from jinja2.bccache import Bucket
from markupsafe import Markup
from markupsafe import escape as plain_escape

_new_str = str.__new__


def escape(value: Any) -> Markup:
    """markupsafe's ``escape``, faster for the plain ``str``, ``int`` and ``Markup`` values pages print."""
    kind = type(value)
    if kind is str:
        return _new_str(Markup, value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                        .replace("'", "&#39;").replace('"', "&#34;"))
    if kind is Markup:
        return value
    if kind is int:
        return _new_str(Markup, str(value))
    return plain_escape(value)


class _Template(Template):
    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: Any, globals: Any) -> Template:
        if "escape" in namespace:  # the compiled template's own name for markupsafe.escape
            namespace["escape"] = escape
        return super()._from_namespace(environment, namespace, globals)


class SiteEnvironment(Environment):
    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class BytecodeFolder(FileSystemBytecodeCache):
    """Jinja's compiled templates in ``directory`` (made when first written), each under a key of the
    template's name and checked against its source's checksum and the Python version. A cache that cannot
    be read or written only means compiling again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def environment(bytecode_dir: str | None = None, **globals_: Any) -> SiteEnvironment:
    """The environment, its compiled templates kept in ``bytecode_dir`` (None: compiled anew)."""
    # autoescape=True, not select_autoescape(): that one does not cover *.html.j2 names. auto_reload off:
    # the templates do not change during a build, and checking costs a stat per template per page.
    env = SiteEnvironment(loader=PackageLoader("claims.services.site", "templates"), autoescape=True,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                          auto_reload=False)
    if bytecode_dir:
        # Jinja's cache key is the template's name and source only: the options that shape the compiled
        # code, and Jinja's version, go in the file names.
        shape = repr((jinja2.__version__, env.autoescape, env.trim_blocks, env.lstrip_blocks,
                      env.keep_trailing_newline, env.newline_sequence, env.optimized, sorted(env.extensions),
                      env.block_start_string, env.variable_start_string, env.comment_start_string,
                      env.line_statement_prefix, env.line_comment_prefix))
        tag = hashlib.blake2b(shape.encode("utf-8"), digest_size=8).hexdigest()
        env.bytecode_cache = BytecodeFolder(bytecode_dir, f"%s-{tag}.cache")
    env.globals.update(globals_)
    plain = env.filters["urlencode"]
    quoted = lru_cache(maxsize=4096)(plain)

    def urlencode(value: Any) -> Any:
        return quoted(value) if type(value) is str else plain(value)

    env.filters["urlencode"] = urlencode
    return env
