"""Machine-readable reports stay valid JSON whatever the findings hold: an open interval (以上, 超过) has no upper
bound, which Python holds as inf and JSON cannot (found by bench/fuzz.py --target run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import reconcile

# The parts are 2.5亿元以上 and 3.5亿元以上, so at least 6亿元 against a total of 5亿元: an arithmetic finding whose
# interval of the parts' sum is [6亿, no bound].
OPEN_PARTS = "本报讯 2024年，全市财政收入5亿元，其中税收收入2.5亿元以上，非税收入3.5亿元以上。\n"


def _strict(text: str) -> object:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_an_open_interval_is_written_as_null_not_infinity(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "page.txt").write_text(OPEN_PARTS, encoding="utf-8")
    res = reconcile("run", "--no-db", "page.txt", "--format", fmt, cwd=tmp_path)
    assert res.code == 0, res.err
    report = _strict(res.out)
    if fmt == "json":
        computed = [f["computed"] for f in report["findings"] if f["kind"] == "arithmetic"]  # type: ignore[index]
    else:
        computed = [r["properties"]["computed"] for r in report["runs"][0]["results"] if r["properties"]["kind"] == "arithmetic"]  # type: ignore[index]
    assert computed, "the arithmetic finding is reported"
    assert computed[0]["parts_interval"][0] == pytest.approx(6e8) and computed[0]["parts_interval"][1] is None
