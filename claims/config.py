"""Where things live: the default database and the user's overrides.

``CLAIMS_DB`` (a path or a SQLAlchemy URL) overrides the default SQLite file; ``CLAIMS_HOME`` moves the
whole per-user folder (the database and ``config.json``), which is what the tests do; what can be made
again (the site's compiled templates) is kept in the user's cache folder, or ``cache/`` under ``CLAIMS_HOME``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError


def home() -> Path:
    env = os.environ.get("CLAIMS_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("claims", appauthor=False))


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
    """``config.json`` in the claims home folder (or ``CLAIMS_CONFIG``): lexicon overrides and the like."""
    path = Path(os.environ.get("CLAIMS_CONFIG") or home() / "config.json")
    if not path.exists():
        return {}
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
