"""The process's allocator setting: large blocks straight from the operating system, so that a long run's freed
arrays leave no holes behind.

glibc's malloc serves a block above its mmap threshold with a mapping of its own, given back to the system when
the block is freed, and a smaller block from the heap, where a freed block is a hole that only a block of its size
or smaller can reuse. The threshold starts at 128 KiB, but glibc raises it (up to 32 MiB) each time a mapped
block is freed, so after a run's first freed column every array of a column's size comes from the heap: each
growth of the figure table's columns frees the old block, and the kinds build and drop arrays and lists sized by
the run. The heap's holes then grow with the corpus (measured at the end of a `--jobs 1` run: 6.7 MiB free in
the heap at 4,000 documents, 11.4 at 16,000). With the threshold fixed at its starting value they stay flat
(3.5 and 4.1 MiB), and the peak resident set of the 16,000-document run is 5 MiB lower (430 -> 425 MiB; the
same at 4,000: 396), its output byte-identical, its time the same within the machine's noise (115 / 116 s).

Only the command line calls this: the allocator is the process's, and a program that imports reconcile.api keeps
its own settings. An explicit MALLOC_MMAP_THRESHOLD_ in the environment is the user's choice and is left alone.
"""

from __future__ import annotations

import os
import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h
THRESHOLD = 128 * 1024  # glibc's own starting value, kept instead of being raised


def fix_mmap_threshold(threshold: int = THRESHOLD) -> bool:
    """Fix glibc's mmap threshold at `threshold` bytes; whether it was set (False off glibc, or when the
    environment already sets it)."""
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # musl and others have no mallopt parameter of this number
        mallopt = libc.mallopt
    except (ImportError, OSError, AttributeError):  # a Python built without ctypes, or not glibc
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, threshold) == 1
