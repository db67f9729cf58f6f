"""A temporary SQLite file that one process writes and reads alone (the page and finding stores' spill files)."""

from __future__ import annotations

import os
import sqlite3
import tempfile


def budget_from_env(name: str, default: int) -> int:
    """A store's budget: the environment variable `name` when it holds a whole number (0 or more), else `default`."""
    raw = os.environ.get(name, "")
    try:
        return max(0, int(raw)) if raw.strip() else default
    except ValueError:
        return default


def open_scratch(prefix: str) -> tuple[sqlite3.Connection, str]:
    """A connection to a new temporary database file, and its path. Nobody else opens it and it is deleted when it
    is closed, so there is no journal or fsync to pay for; statements are in autocommit unless a BEGIN opens one."""
    fd, path = tempfile.mkstemp(prefix=prefix, suffix=".db")
    os.close(fd)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    return db, path


def close_scratch(db: "sqlite3.Connection | None", path: "str | None") -> None:
    """Close the connection and delete the file (either may be None: nothing was spilled)."""
    if db is not None:
        db.close()
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


class SpillsToScratch:
    """For a store that may spill to a scratch file: `_db` and `_path` (None until it spills), closed with it."""

    _db: "sqlite3.Connection | None" = None
    _path: "str | None" = None

    def close(self) -> None:
        close_scratch(self._db, self._path)
        self._db, self._path = None, None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the temporary directory's cleaner has the file
            pass
