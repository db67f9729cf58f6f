"""The command line fixes glibc's mmap threshold (reconcile/heap.py): after a large block has been freed, a block
of a column's size still comes from its own mapping (given back to the system when freed) instead of the heap."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from reconcile import heap

PROBE = textwrap.dedent(
    """
    import ctypes, sys
    from reconcile.heap import fix_mmap_threshold

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in
                    "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallInfo2
    fixed = fix_mmap_threshold() if sys.argv[1] == "fix" else False
    big = bytearray(16 << 20)  # mapped; freeing it raises glibc's threshold to 16 MiB unless it is fixed
    del big
    before = libc.mallinfo2().hblkhd
    column = bytearray(1 << 20)
    print(int(fixed), libc.mallinfo2().hblkhd - before)
    """
)


def _glibc_with_mallinfo2() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None)
    return hasattr(libc, "gnu_get_libc_version") and hasattr(libc, "mallinfo2")


def _probe(mode: str) -> tuple[int, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=env, check=True).stdout.split()
    return int(out[0]), int(out[1])


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="glibc 2.33 or later (mallinfo2) on Linux only")
def test_a_block_of_a_columns_size_is_mapped_after_a_larger_one_was_freed() -> None:
    fixed, mapped = _probe("fix")
    assert fixed == 1
    assert mapped >= 1 << 20
    # Without the fix glibc has raised its threshold, and the same block comes from the heap: the probe can fail.
    unfixed, heap_mapped = _probe("leave")
    assert unfixed == 0 and heap_mapped < 1 << 20


def test_an_explicit_setting_in_the_environment_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    assert heap.fix_mmap_threshold() is False


def test_the_command_line_fixes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from reconcile import cli

    called: list[int] = []
    monkeypatch.setattr(heap, "fix_mmap_threshold", lambda: called.append(1) or True)
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0 and called == [1]
