"""Faults injected into a real `python -m reconcile.cli` process, for the end-to-end tests (this folder is put on
PYTHONPATH by tests/robustness/conftest.py; Python imports `sitecustomize` at start-up). Nothing happens unless
one of these variables is set:

RECONCILE_FAULT_DENY      paths (os.pathsep-separated): opening one raises PermissionError, as for a file the
                          user may not read (the tests run as root, where chmod 000 stops nothing)
RECONCILE_FAULT_VANISH    paths: the file is deleted when reconcile first opens it, a real removal during the run
RECONCILE_FAULT_MARKER    a file created when a pause below is reached, so that the test knows when to kill
RECONCILE_FAULT_PAUSE_REPLACE   a path: os.replace(tmp, path) pauses (after the temporary file is written in full,
                          before the rename) until the process is killed
RECONCILE_FAULT_PAUSE_STORE     N: the Nth Ledger.store() inside a transaction pauses until the process is killed
RECONCILE_FAULT_DISK_FULL 1: os.fsync raises ENOSPC, as when the disk fills while a report is written
"""

from __future__ import annotations

import builtins
import os
import sys
import time


def _paths(var: str) -> set[str]:
    return {os.path.realpath(p) for p in os.environ.get(var, "").split(os.pathsep) if p}


def _pause() -> None:
    marker = os.environ.get("RECONCILE_FAULT_MARKER")
    if marker:
        with open(marker, "w") as f:
            f.write(str(os.getpid()))
    time.sleep(600)
    os._exit(99)  # never reached in the tests: they kill the process


def _install() -> None:
    deny, vanish = _paths("RECONCILE_FAULT_DENY"), _paths("RECONCILE_FAULT_VANISH")
    if deny or vanish:
        real_open = builtins.open

        def open_(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(file, (str, bytes, os.PathLike)):
                p = os.path.realpath(os.fsdecode(file))
                if p in deny:
                    raise PermissionError(13, "Permission denied", os.fsdecode(file))
                if p in vanish:
                    vanish.discard(p)
                    os.unlink(p)
            return real_open(file, *args, **kwargs)

        builtins.open = open_
    target = os.environ.get("RECONCILE_FAULT_PAUSE_REPLACE")
    if target:
        real_replace = os.replace
        target = os.path.realpath(target)

        def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.path.realpath(os.fsdecode(dst)) == target:
                _pause()
            return real_replace(src, dst, *args, **kwargs)

        os.replace = replace
    if os.environ.get("RECONCILE_FAULT_DISK_FULL"):
        import errno

        def fsync(fd):  # type: ignore[no-untyped-def]
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        os.fsync = fsync
    if os.environ.get("RECONCILE_FAULT_PAUSE_STORE"):
        sys.meta_path.insert(0, _LedgerHook(int(os.environ["RECONCILE_FAULT_PAUSE_STORE"])))


class _LedgerHook:
    """Wraps reconcile.ledger.Ledger.store once the module is imported."""

    def __init__(self, nth: int) -> None:
        self.nth = nth

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name != "reconcile.ledger":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        loader, nth = spec.loader, self.nth

        class Loader:
            def create_module(self, spec):  # type: ignore[no-untyped-def]
                return loader.create_module(spec)

            def exec_module(self, module):  # type: ignore[no-untyped-def]
                loader.exec_module(module)
                real_store = module.Ledger.store
                calls = [0]

                def store(self, *a, **kw):  # type: ignore[no-untyped-def]
                    real_store(self, *a, **kw)
                    calls[0] += 1
                    if calls[0] == nth:
                        _pause()

                module.Ledger.store = store

        spec.loader = Loader()
        return spec


_install()
