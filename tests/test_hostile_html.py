"""Issue 7, HTML escaping end to end: hostile article files (names and text that try to inject markup, close the
data script, or break JSON) run through `reconcile run --html` and `reconcile check --html` add no markup, and
their text comes back exactly from the report's data.

tests/report/test_html.py and tests/report/test_browser.py test the emitter on a synthetic hostile run (and in a
browser); this test feeds real files through ingest and extraction, so that what reaches the report is what a
newsroom's files would produce: file names with quotes and angle brackets, HTML inputs whose entities decode to
markup, text beyond the BMP, U+2028.
"""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

HOSTILE_NAMES = ['a"><img src=x onerror=alert(1)>.txt', "b<svg onload=alert(2)><script>.txt", "c&amp;'d.txt"]
HOSTILE_TEXT = (
    "本报讯 2024年，呼和浩特市技术合同成交额15.06亿元。2025年，呼和浩特市技术合同成交额27.41亿元，同比增长95%。"
    "</script><script>alert(3)</script><!-- \u2028\u2029 {{7*7}} ${alert(4)} <img src=x onerror=alert(5)> 𠀀𠀁 &lt;b&gt;\n"
)
HOSTILE_HTML = (
    "<html><head><title>&lt;script&gt;alert(6)&lt;/script&gt;</title></head><body>"
    "<p>本报讯 2025年，呼和浩特市技术合同成交额27.41亿元，同比增长95%。&lt;/script&gt;&lt;svg onload=alert(7)&gt;</p>"
    "<script>alert(8)</script></body></html>\n"
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile")
    for name in HOSTILE_NAMES:
        (root / name).write_text(HOSTILE_TEXT, encoding="utf-8")
    (root / "page.html").write_text(HOSTILE_HTML, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reconcile.cli", "run", "--no-db", ".", "--html", "report.html", "--format", "json"],
                          cwd=root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return root, (root / "report.html").read_text(encoding="utf-8")


def _strings(value: object) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_hostile_files_add_no_markup(report: tuple[Path, str]) -> None:
    _, page = report
    tags = _Tags()
    tags.feed(page)
    assert not [t for t, _ in tags.tags if t in ("img", "iframe", "object", "embed", "svg", "b")], "no element from the text"
    assert not [(t, a) for t, a in tags.tags if any(k.startswith("on") for k in a)], "no event handler"
    code = [s for (t, a), s in zip([x for x in tags.tags if x[0] == "script"], tags.scripts) if a.get("type") != "application/json"]
    assert len(code) == 1, "the page's own script only"
    assert "alert(" not in code[0]


def test_every_data_block_is_json_and_holds_the_text_exactly(report: tuple[Path, str]) -> None:
    root, page = report
    tags = _Tags()
    tags.feed(page)
    blocks = [json.loads(s) for (t, a), s in zip([x for x in tags.tags if x[0] == "script"], tags.scripts) if a.get("type") == "application/json"]
    assert blocks
    dump = "\n".join(_strings(blocks))
    for name in HOSTILE_NAMES:
        assert name in dump, f"the document name {name!r} is carried as data"
    assert "</script><script>alert(3)</script>" in dump and "\u2028" in dump and "𠀀𠀁" in dump


def test_findings_quote_the_hostile_documents(report: tuple[Path, str]) -> None:
    root, page = report
    assert "RC201" in page, "the growth mismatch in the hostile files is reported"
