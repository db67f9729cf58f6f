"""Offsets for the figure gold: find quoted spans, build JSON Lines, check every line against its source.

Offsets are never typed by hand. Three commands (run from the repository root):

    python tests/gold/figures/tools/spans.py find DOC TEXT [CONTEXT]
        every (start, end) of TEXT in DOC, or of TEXT inside each occurrence of CONTEXT.
    python tests/gold/figures/tools/spans.py build SOURCE OUT.jsonl
        turn a compact annotation source (format below) into sorted gold lines with offsets.
    python tests/gold/figures/tools/spans.py check [FILE.jsonl ...]
        every line's text equals its slice, keys and enums are valid, lines are sorted and do not overlap,
        every figure lies inside a window of windows.yaml, and Arabic values agree with their text.

Compact source: one figure per line, fields separated by "|" (the texts hold no "|"):

    where | value | unit | approx | kind | nature | modality | metric | entity | scope | period | psrc | growth | note

`where` is TEXT, or TEXT@CONTEXT (TEXT inside the unique CONTEXT), either with an optional #N (N-th occurrence,
0-based, of CONTEXT or TEXT). A `\\n` in TEXT or CONTEXT stands for a line break. `approx` is -, about, over, under,
at_least, at_most or range:LOW:HIGH; over/at_least set low = value and under/at_most set high = value. `growth` is
- or RATE,BASIS[,BASE_PERIOD][,diff]. An empty field takes the default set by a line `@ key=value` (keys: entity,
scope, period, psrc, modality, nature); `-` means null. Lines starting with `doc:` name the document; `#` comments.
"""

from __future__ import annotations

import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[4]
GOLD = Path(__file__).resolve().parents[1]

KEYS = ["doc", "start", "end", "text", "value", "low", "high", "unit", "approx", "kind", "nature", "modality",
        "metric", "entity", "scope", "period", "period_source", "growth", "note"]
APPROX = {None, "about", "over", "under", "at_least", "at_most", "range"}
KINDS = {"count", "amount", "percent", "ratio", "rank", "share", "growth", "other"}
NATURES = {None, "stock", "flow", "cumulative"}
MODALITIES = {"actual", "target", "forecast"}
BASES = {"yoy", "since", "mom", "other"}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")
SCALE = {"万亿": Decimal(10) ** 12, "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "千": Decimal(1000), "百": Decimal(100)}


def doc_path(doc: str) -> Path:
    """`seeds/...` is relative to the repository; `corpus/NAME` is NAME in the shared corpus."""
    if doc.startswith("corpus/"):
        env = os.environ.get("RECONCILE_CORPUS")
        base = Path(env) if env else ROOT.parent / "shared" / "corpus"
        return base / doc[len("corpus/"):]
    return ROOT / doc


def read_doc(doc: str) -> str:
    return doc_path(doc).read_bytes().decode("utf-8-sig")


def find_all(hay: str, needle: str) -> list[int]:
    out, i = [], hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def locate(text: str, where: str) -> tuple[int, int, str]:
    """Resolve TEXT[@CONTEXT][#N] to (start, end, text)."""
    occ = None
    m = re.search(r"#(\d+)$", where)
    if m:
        occ, where = int(m.group(1)), where[: m.start()]
    where = where.replace("\\n", "\n").replace("\\u200b", "\u200b")
    needle, _, ctx = where.partition("@")
    anchor = ctx or needle
    hits = find_all(text, anchor)
    if not hits:
        raise ValueError(f"not found: {anchor!r}")
    if occ is None and len(hits) > 1:
        raise ValueError(f"{anchor!r} occurs {len(hits)} times: add #N")
    base = hits[occ or 0]
    inner = anchor.find(needle) if ctx else 0
    if ctx and (inner < 0 or anchor.find(needle, inner + 1) >= 0):
        raise ValueError(f"{needle!r} must occur exactly once in {ctx!r}")
    start = base + inner
    return start, start + len(needle), needle


def number(s: str) -> Any:
    d = Decimal(s)
    return int(d) if d == d.to_integral_value() else float(d)


def parse_growth(field: str) -> dict[str, Any] | None:
    if field in ("", "-"):
        return None
    parts = [p.strip() for p in field.split(",")]
    g: dict[str, Any] = {"rate": number(parts[0]), "basis": parts[1],
                         "base_period": parts[2] if len(parts) > 2 and parts[2] not in ("", "-") else None}
    if "diff" in parts[3:]:
        g["difference"] = True
    return g


def build(source: Path) -> list[dict[str, Any]]:
    doc, text = None, ""
    defaults: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for n, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("doc:"):
            doc = line[4:].strip()
            text, defaults = read_doc(doc), {}
            continue
        if line.startswith("@"):
            for kv in line[1:].split(";"):
                k, _, v = kv.strip().partition("=")
                defaults[k.strip()] = v.strip()
            continue
        f = [p.strip() for p in line.split("|")]
        f += [""] * (14 - len(f))
        try:
            start, end, span = locate(text, f[0])
        except ValueError as e:
            raise SystemExit(f"{source}:{n}: {e}") from None

        def val(i: int, key: str) -> Any:
            v = f[i] if f[i] != "" else defaults.get(key, "-")
            return None if v == "-" else v

        value = None if f[1] in ("", "-") else number(f[1])
        approx, low, high = f[3] or "-", None, None
        if approx.startswith("range:"):
            _, lo, hi = approx.split(":")
            approx, low, high = "range", number(lo), number(hi)
        elif approx in ("over", "at_least"):
            low = value
        elif approx in ("under", "at_most"):
            high = value
        rec = {"doc": doc, "start": start, "end": end, "text": span, "value": value, "low": low, "high": high,
               "unit": None if f[2] in ("", "-") else f[2], "approx": None if approx == "-" else approx,
               "kind": f[4], "nature": val(5, "nature"), "modality": val(6, "modality") or "actual",
               "metric": val(7, "metric"), "entity": val(8, "entity"), "scope": val(9, "scope"),
               "period": val(10, "period"), "period_source": val(11, "psrc"), "growth": parse_growth(f[12])}
        if rec["period"] is None:
            rec["period_source"] = None
        if f[13]:
            rec["note"] = f[13]
        out.append(rec)
    out.sort(key=lambda r: (r["doc"], r["start"]))
    return out


def arabic_value(span: str) -> Decimal | None:
    """The value of a span written as Arabic digits and an optional scale word, for the typo check only."""
    span = ZERO_WIDTH.sub("", span)  # the corpus prints zero-width spaces inside some numbers
    m = re.search(r"(\d+(?:\.\d+)?)\s*(?:多|余)?(万亿|万|亿|千|百)?", span.replace(",", "").replace("\n", ""))
    if not m or re.search(r"\d.*[^\d.].*\d", span.replace("\n", "")):
        return None
    v = Decimal(m.group(1))
    return v * SCALE[m.group(2)] if m.group(2) and not span.startswith("第") else v


def windows(folder: Path = GOLD) -> list[dict[str, Any]]:
    import yaml

    return yaml.safe_load((folder / "windows.yaml").read_text(encoding="utf-8")) or []


def check(files: list[Path], skip_missing: bool = False) -> list[str]:
    """Problems of the gold files; with `skip_missing`, lines of documents that are absent (the corpus) are skipped."""
    errors: list[str] = []
    wins = windows(files[0].parent if files else GOLD)  # each gold folder (figures, dev, heldout) has its windows
    texts: dict[str, str] = {}
    for path in files:
        last: tuple[str, int, int] | None = None
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            r = json.loads(raw)
            missing = [k for k in KEYS if k not in r and k != "note"]
            if missing:
                errors.append(f"{where}: missing {missing}")
                continue
            doc = r["doc"]
            if doc not in texts:
                if skip_missing and not doc_path(doc).is_file():
                    continue
                texts[doc] = read_doc(doc)
            if texts[doc][r["start"]:r["end"]] != r["text"]:
                errors.append(f"{where}: text {r['text']!r} != slice {texts[doc][r['start']:r['end']]!r}")
            if last and (last[0], last[1]) > (doc, r["start"]):
                errors.append(f"{where}: not sorted by start")
            if last and last[0] == doc and r["start"] < last[2]:
                errors.append(f"{where}: overlaps the previous figure")
            last = (doc, r["start"], r["end"])
            if not any(w["doc"] == doc and w["start"] <= r["start"] and r["end"] <= w["end"] for w in wins):
                errors.append(f"{where}: outside every window of windows.yaml")
            bad = [(k, r[k]) for k, allowed in (("approx", APPROX), ("kind", KINDS), ("nature", NATURES),
                                                ("modality", MODALITIES)) if r[k] not in allowed]
            if (r["period"] is None) != (r["period_source"] is None):
                bad.append(("period/period_source", (r["period"], r["period_source"])))
            if r["period_source"] not in (None, "stated", "inferred"):
                bad.append(("period_source", r["period_source"]))
            g = r["growth"]
            if g is not None and (g.get("basis") not in BASES or not isinstance(g.get("rate"), (int, float))):
                bad.append(("growth", g))
            if (r["kind"] == "growth") != (g is not None):
                bad.append(("kind/growth", r["kind"]))
            if r["kind"] in ("percent", "share", "ratio", "rank", "growth") and r["nature"] is not None:
                bad.append(("nature for " + r["kind"], r["nature"]))
            if bad:
                errors.append(f"{where}: invalid {bad}")
            av = arabic_value(r["text"])
            if av is not None and r["value"] is not None and Decimal(str(r["value"])) != av:
                errors.append(f"{where}: value {r['value']} but text {r['text']!r} reads {av}")
    return errors


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "find":
        text = read_doc(argv[1])
        anchor = argv[3] if len(argv) > 3 else argv[2]
        for base in find_all(text, anchor):
            s = base + anchor.find(argv[2])
            print(s, s + len(argv[2]), repr(text[max(0, s - 15):s + len(argv[2]) + 15]))
        return 0
    if len(argv) == 3 and argv[0] == "build":
        recs = build(Path(argv[1]))
        with open(argv[2], "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(recs)} figures -> {argv[2]}")
        return 0
    if argv and argv[0] == "check":
        files = [Path(a) for a in argv[1:]] or sorted(GOLD.glob("*.jsonl"))
        errors = check(files)
        for e in errors:
            print(e)
        print(f"{len(files)} files, {len(errors)} problems")
        return 1 if errors else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
