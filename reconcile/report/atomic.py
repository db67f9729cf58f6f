"""Reports are written to a temporary file beside the target and renamed into place, so that a run killed while
writing leaves the previous report intact."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterator, TextIO

from reconcile.errors import UsageError


# Errors of the disk rather than of the program: said in one line naming the file (exit 2), not as an internal error.
_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def _cannot_write(path: Path, exc: OSError) -> UsageError:
    return UsageError(f"cannot write the report here ({exc.strerror or exc})", file=str(path), fix="free some space or choose another path")


@contextlib.contextmanager
def atomic_text_writer(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    path = Path(path)
    if path.is_dir():
        raise UsageError("is a folder, not a file", file=str(path), fix="give a file name for the report")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        # mkstemp makes the file private (0600); a report is an ordinary file, readable as the umask allows.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as out:
            yield out
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as exc:
                raise _cannot_write(path, exc) from exc
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _cannot_write(path, exc) from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno in _DISK_ERRORS:  # a write inside the caller's block failed for want of space
            raise _cannot_write(path, exc) from exc
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
