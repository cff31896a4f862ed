"""Where things live: the default database and the user's overrides.

``CLAIMS_DB`` (a path or a SQLAlchemy URL) overrides the default SQLite file; ``CLAIMS_HOME`` moves the
whole per-user folder (the database and ``config.json``), which is what the tests do; what can be made
again (the site's compiled templates) is kept in the user's cache folder, or ``cache/`` under ``CLAIMS_HOME``.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError


def home() -> Path:
    env = os.environ.get("CLAIMS_HOME")
    if env:
        return Path(env).expanduser()
    return Path(_data_dir(os.environ.get("HOME"), os.environ.get("XDG_DATA_HOME")))


@functools.lru_cache(maxsize=4)
def _data_dir(_home: str | None, _xdg: str | None) -> str:
    """platformdirs' folder, looked up once per process for the environment it depends on."""
    import platformdirs

    return platformdirs.user_data_dir("claims", appauthor=False)


def cache_dir() -> Path:
    """Where claims keeps what it can make again (deleting it is always safe)."""
    env = os.environ.get("CLAIMS_HOME")
    if env:
        return Path(env).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("claims", appauthor=False))


def default_database() -> str:
    return os.environ.get("CLAIMS_DB") or str(home() / "claims.db")


def user_config() -> dict[str, Any]:
    """``config.json`` in the claims home folder (or ``CLAIMS_CONFIG``): lexicon overrides and the like.

    Kept for the rest of a command's run (an ingest asks for it a few times per article) and read again
    when the file's size or modification time changes, or after :func:`forget` (each command starts
    with it). The dict is shared: callers read it and never change it."""
    path = Path(os.environ.get("CLAIMS_CONFIG") or home() / "config.json")
    try:
        stat = path.stat()
    except OSError:
        return {}
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        _READ.clear()
        _READ[key] = _read_config(path)
    return _READ[key]


_READ: dict[tuple[str, int, int], dict[str, Any]] = {}


def forget() -> None:
    """Read config.json afresh next time."""
    _READ.clear()


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError) as exc:
        raise ClaimsError(f"cannot read config file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ClaimsError(f"config file {path} must hold a JSON object")
    return data


def current_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"
