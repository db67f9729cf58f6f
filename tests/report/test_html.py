"""The HTML report without a browser: self-contained, every piece of document text escaped, data complete."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from reconcile.report.as_html import render, safe_json
from reconcile.report.context import utf16_offsets

from . import synthetic


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _payload(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S).group(1))


def test_json_in_script_cannot_close_the_element():
    s = safe_json({"t": "</script><script>alert(1)</script><!-- & \u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(s)
    assert json.loads(s)["t"].startswith("</script>")


def test_hostile_document_adds_no_markup():
    res = synthetic.hostile()
    page = render(res)
    parser = _Tags()
    parser.feed(page)
    scripts = [a for t, a in parser.tags if t == "script"]
    # The page's own script, its data, and one data block per document: nothing else.
    assert len(scripts) == 2 + len(res.pages)
    assert sum(1 for a in scripts if a.get("type") != "application/json") == 1
    assert not [t for t, _ in parser.tags if t in ("img", "iframe", "object", "embed")]
    assert not [(t, a) for t, a in parser.tags if any(k.startswith("on") for k in a)]
    # Chart SVGs are inert data inside JSON until shown; when shown they must carry no handlers either.
    for chart in _payload(page)["charts"]:
        sub = _Tags()
        sub.feed(chart["svg"])
        assert not [(t, a) for t, a in sub.tags if any(k.startswith("on") for k in a)]
        assert not [t for t, _ in sub.tags if t in ("script", "foreignobject", "img")]


def test_no_network_references():
    page = render(synthetic.small())
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert "default-src 'none'" in page  # and the page forbids itself to load anything


def test_payload_has_every_finding_document_and_chart_for_metrics_with_findings():
    res = synthetic.small()
    data = _payload(render(res))
    assert len(data["findings"]) == len(res.findings)
    assert [d["name"] for d in data["docs"]] == [p.doc for p in res.pages]
    charted = {data["metrics"][c["metric"]]["id"] for c in data["charts"] if c["svg"].startswith("<svg")}
    assert {f.metric_id for f in res.findings if f.metric_id} <= charted
    dup = next(f for f in data["findings"] if f["rule"] == "RC503")
    assert dup["pairs"] and any(k == "d" for _, k in dup["pairs"][0]["l"]["segs"])  # the dropped clause is marked


def test_document_text_round_trips_through_its_data_block():
    res = synthetic.hostile()
    page = render(res)
    for i, p in enumerate(res.pages):
        block = re.search(rf'<script type="application/json" id="doc-{i}">(.*?)</script>', page, re.S).group(1)
        assert json.loads(block)["t"] == p.text


def test_offsets_are_utf16_for_characters_beyond_the_bmp():
    text = "𠀀年增长16%"  # U+20000 takes two UTF-16 units
    assert utf16_offsets(text, [0, 1, 4, 7]) == [0, 2, 5, 8]
    assert utf16_offsets("增长16%", [0, 2]) == [0, 2]


def test_english_report_takes_english_text():
    page = render(synthetic.small("en"), lang="en")
    assert '<html lang="en">' in page and _payload(page)["t"]["summary.heading"] == "Overview"
