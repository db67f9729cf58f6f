"""Inputs the fuzzer (bench/fuzz.py) found breaking ingest + extract, replayed: each must now pass the target's
invariants. A new failure found by `python bench/fuzz.py` lands in crashes/ as crash-<id>.bin with a .txt saying
what broke; once fixed, it stays here as a regression test. Also checks the fuzzer's own bookkeeping."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CRASHES = Path(__file__).resolve().parent / "crashes"

sys.path.insert(0, str(ROOT))  # the fuzz target lives in bench/, beside the tests
from bench import fuzz as FUZZ  # noqa: E402

# Hand-made inputs in the fuzzer's format (first byte: 0 raw file, 1 UTF-8 text, 2 tokens, 3 HTML) for the hostile
# cases of issue 7, kept beside whatever the fuzzer finds.
HAND_MADE = {
    "digits-one-sentence": b"\x01" + b"1,2,3,4,5,6,7,8,9,0," * 60,
    "huge-figure": b"\x01" + "规模达到1".encode() + b"0" * 400 + "亿元，增长1".encode() + b"0" * 400 + b"%",
    "stacked-scales": b"\x01" + "一万亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿元".encode(),
    "zero-base": b"\x01" + "2023年为0家，2024年为5家，同比增长100%，由0增长到5。".encode(),
    "bom-then-html": b"\x03\xef\xbb\xbf<html><body><p>" + "增长16%".encode() + b"</p>",
    "utf16-odd-length": b"\x00\xff\xfe" + "增长16%".encode("utf-16-le") + b"\x00",
    "lone-surrogate-bytes": b"\x00" + "增长".encode() + b"\xed\xa0\x80" + "16%".encode(),
    "cr-only-lines": b"\x01" + "标题\r\r本报讯 增长16%。\r第二段27.41亿元。\r".encode(),
    "nul-bytes": b"\x00" + "增长16%".encode() + b"\x00" * 10,
    "tokens-all": b"\x02" + bytes(range(256)),
}


# Failures found and not fixed yet (their owners are told): the test fails the day they are fixed, so that the
# entry is removed and the input stays as a plain regression test.
KNOWN: dict[str, str] = {}


def _crash_params() -> list:  # type: ignore[type-arg]
    out = []
    for p in sorted(CRASHES.glob("*.bin")):
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[p.stem])] if p.stem in KNOWN else []
        out.append(pytest.param(p, id=p.stem, marks=marks))
    return out


@pytest.mark.parametrize("path", _crash_params())
def test_a_crash_the_fuzzer_found_passes_now(path: Path) -> None:
    # run-crash-*.bin came from `--target run` (the whole pipeline), crash-*.bin from ingest + extract.
    target = FUZZ.check_run if path.name.startswith("run-") else FUZZ.check
    target(path.read_bytes())


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_hand_made_hostile_input(name: str) -> None:
    FUZZ.check(HAND_MADE[name])


@pytest.mark.parametrize("name", ["zero-base", "huge-figure", "digits-one-sentence", "cr-only-lines"])
def test_hand_made_hostile_input_through_the_whole_pipeline(name: str) -> None:
    FUZZ.check_run(HAND_MADE[name])


def test_the_fuzzer_keeps_the_shortest_input_of_each_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def check(data: bytes) -> None:
        if b"X" in data:
            raise ZeroDivisionError("planted")
        if b"Y" in data:
            raise FUZZ.InvariantError("planted invariant")

    monkeypatch.setattr(FUZZ, "check", check)
    rec = FUZZ.Recorder(tmp_path, report_every=1e9)
    for data in (b"\x01aaaXbbb", b"\x01ok", b"\x01X", b"\x01XXXXXXXX", b"\x01Y"):
        rec(data)
    assert rec.runs == 5 and rec.failures == 4 and len(rec.seen) == 2
    kept = sorted(p.read_bytes() for p in tmp_path.glob("*.bin"))
    assert kept == [b"\x01X", b"\x01Y"]
    assert all(p.with_suffix(".txt").read_text(encoding="utf-8").split("\n", 1)[0] for p in tmp_path.glob("*.bin"))


def test_a_short_fuzz_run_finds_nothing(tmp_path: Path) -> None:
    rng = random.Random(7)
    seeds = FUZZ.seed_inputs(rng, per_file=1)
    rec = FUZZ.Recorder(tmp_path, report_every=1e9)
    FUZZ.run_random(3, seeds, rec, rng)
    assert rec.runs >= len(seeds)
    assert rec.failures == 0, sorted(rec.seen)
