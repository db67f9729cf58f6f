"""Compare number parsers on the same cases: reconcile's own, cn2an and jionlp (each skipped when absent).

    .venv/bin/python bench/compare_parsers.py [--jionlp-path DIR] [--corpus DIR] [--peer-cases DIR]

Accuracy on four sets, then speed:
- numerals: ../shared/peer-cases/numerals.tsv (cn2an's own cases), value;
- money: ../shared/peer-cases/money.tsv (jionlp's own cases), value/low/high and currency;
- gold figures: the text of every figure in tests/gold/figures (seed pages and corpus windows, annotated by
  the project's guide), value and unit;
- in-sentence money: jionlp's money-extractor cases in in-sentence.tsv, spans found;
- speed: characters per second over the shared corpus (or the seeds), reconcile.scan against cn2an.transform
  (its in-text conversion) and jionlp's money extractor (on a sample: it is slow).

jionlp is heavy (it pulls a segmenter and dictionaries) and is not a project dependency: install it outside the
project (`pip install --target /tmp/jio jionlp`) and pass --jionlp-path.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reconcile.extract.numerals import parse_number  # noqa: E402
from reconcile.extract.quantities import parse_quantity, scan  # noqa: E402
from reconcile.extract.units import lookup  # noqa: E402

Parser = Callable[[str], Optional[dict[str, Any]]]  # text -> {value, low, high, unit} or None


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def close(a: Any, b: Any, tol: float = 0.006) -> bool:
    if b in ("", None):
        return True  # the peer gives no value (a pure range): nothing to compare
    try:
        return a is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=tol)
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------- parsers


def reconcile_number(text: str) -> Optional[dict[str, Any]]:
    n = parse_number(text)
    if n is not None:
        return {"value": n.value}
    q = parse_quantity(text)
    return None if q is None else {"value": q.value, "low": q.low, "high": q.high, "unit": q.unit}


def reconcile_money(text: str) -> Optional[dict[str, Any]]:
    q = parse_quantity(text, default_unit="元")
    return None if q is None else {"value": q.value, "low": q.low, "high": q.high, "unit": q.unit}


def reconcile_figure(text: str) -> Optional[dict[str, Any]]:
    q = parse_quantity(text)
    return None if q is None else {"value": q.value, "low": q.low, "high": q.high, "unit": q.unit}


_NUMERAL = re.compile(r"[0-9.,零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億点负-]+")


def make_cn2an() -> Optional[dict[str, Parser]]:
    try:
        import cn2an  # type: ignore[import-untyped]
    except ImportError:
        return None

    def number(text: str) -> Optional[dict[str, Any]]:
        for mode in ("strict", "normal", "smart"):
            try:
                return {"value": float(cn2an.cn2an(text, mode))}
            except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on what it cannot read
                continue
        return None

    def figure(text: str) -> Optional[dict[str, Any]]:
        # cn2an reads numerals, not units: give it the longest numeral run, score the value only.
        runs = sorted(_NUMERAL.findall(text), key=len, reverse=True)
        return number(runs[0].strip(",.")) if runs else None

    return {"numeral": number, "money": figure, "figure": figure, "transform": lambda t: cn2an.transform(t, "cn2an")}


def make_jionlp(path: Optional[str]) -> Optional[dict[str, Parser]]:
    if path:
        sys.path.insert(0, path)
    try:
        import jionlp as jio  # type: ignore[import-untyped]
    except ImportError:
        return None
    currency = {"人民币": "元", "美元": "美元", "港元": "港元", "港币": "港元", "日元": "日元", "欧元": "欧元",
                "新台币": "新台币", "台币": "新台币"}

    def money(text: str) -> Optional[dict[str, Any]]:
        try:
            r = jio.parse_money(text)
        except Exception:  # noqa: BLE001
            return None
        if not r:
            return None
        num = r.get("num")
        out: dict[str, Any] = {"unit": currency.get(r.get("case"), r.get("case"))}
        if isinstance(num, list):
            out["low"], out["high"] = float(num[0]), float(num[1])
            out["value"] = None
        else:
            out["value"] = float(num)
        return out

    def figure(text: str) -> Optional[dict[str, Any]]:
        r = money(text)
        if r is not None and r.get("unit") == "元" and "元" not in text:
            r["unit"] = None  # jionlp assumes money; a count is not 元
        return r

    return {"numeral": money, "money": money, "figure": figure, "extract": jio.ner.extract_money}


# ------------------------------------------------------------------------------------------------- sets


def score_numerals(parser: Parser, cases: list[dict[str, str]]) -> tuple[int, int]:
    ok = sum(1 for r in cases if (p := parser(r["input"])) is not None and close(p.get("value"), r["value"], 1e-12))
    return ok, len(cases)


def score_money(parser: Parser, cases: list[dict[str, str]], with_unit: bool = True) -> tuple[int, int]:
    ok = 0
    for r in cases:
        p = parser(r["input"])
        if p is None:
            continue
        good = close(p.get("value"), r["value"]) and close(p.get("low"), r["low"]) and close(p.get("high"), r["high"])
        if with_unit:
            good = good and p.get("unit") == r["unit"]
        ok += good
    return ok, len(cases)


def gold_figures() -> list[dict[str, Any]]:
    out = []
    for f in sorted((ROOT / "tests" / "gold" / "figures").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                out.append({"input": g["text"].replace("\n", ""), "value": g.get("value"), "low": g.get("low"),
                            "high": g.get("high"), "unit": g.get("unit")})
    return out


def score_figures(parser: Parser, cases: list[dict[str, Any]], with_unit: bool = True) -> tuple[int, int]:
    ok = 0
    for r in cases:
        p = parser(r["input"])
        if p is None:
            continue
        v = p.get("value")
        target = r["value"] if r["value"] is not None else r["low"]
        got = v if r["value"] is not None else p.get("low")
        good = close(got, target, 1e-9 + abs(float(target or 0)) * 1e-9)
        if with_unit:
            good = good and (p.get("unit") == r["unit"])
        ok += good
    return ok, len(cases)


def score_extract_money(extract: Callable[[str], list[Any]], cases: list[dict[str, str]]) -> tuple[int, int]:
    ok = total = 0
    for r in cases:
        if "money_extractor" not in r["source"]:
            continue
        expected = [e["text"].replace(" ", "") for e in json.loads(r["expected"])]
        found = [t.replace(" ", "") for t in extract(r["input"])]
        total += 1
        ok += sorted(expected) == sorted(found)
    return ok, total


def reconcile_extract_money(text: str) -> list[str]:
    from tests.extract.test_peer_cases import normalise_like_ingest

    s = normalise_like_ingest(text)
    return [q.text for q in scan(s) if q.role == "figure" and q.unit and (lookup(q.unit) or lookup("个")).family == "currency"]


# ------------------------------------------------------------------------------------------------ speed


def corpus_text(corpus: Optional[Path]) -> str:
    files = sorted(corpus.glob("*.txt")) if corpus and corpus.is_dir() else sorted((ROOT / "seeds").glob("*.txt"))
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def speed(fn: Callable[[str], Any], sentences: list[str], budget: float = 20.0) -> tuple[float, int]:
    chars, t0 = 0, time.perf_counter()
    for s in sentences:
        fn(s)
        chars += len(s)
        if time.perf_counter() - t0 > budget:
            break
    return chars / (time.perf_counter() - t0), chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jionlp-path", default=None, help="a --target directory where jionlp is installed")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--peer-cases", type=Path, default=ROOT.parent / "shared" / "peer-cases")
    args = ap.parse_args()

    libs: dict[str, dict[str, Any]] = {"reconcile": {"numeral": reconcile_number, "money": reconcile_money,
                                                     "figure": reconcile_figure, "extract": reconcile_extract_money}}
    c = make_cn2an()
    if c:
        libs["cn2an"] = c
    else:
        print("cn2an not installed: skipped")
    j = make_jionlp(args.jionlp_path)
    if j:
        libs["jionlp"] = j
    else:
        print("jionlp not installed: skipped (pip install --target /tmp/jio jionlp; --jionlp-path /tmp/jio)")

    numerals = rows(args.peer_cases / "numerals.tsv")
    money = rows(args.peer_cases / "money.tsv")
    sentences_tsv = rows(args.peer_cases / "in-sentence.tsv")
    figures = gold_figures()

    print(f"\n{'set':44} " + " ".join(f"{name:>18}" for name in libs))

    def line(label: str, fn: Callable[[dict[str, Any]], Optional[tuple[int, int]]]) -> None:
        cells = []
        for lib in libs.values():
            r = fn(lib)
            cells.append(f"{'n/a':>18}" if r is None else f"{r[0]:>4}/{r[1]:<4} {r[0] / r[1]:7.1%} ")
        print(f"{label:44} " + " ".join(cells))

    line("numerals (cn2an cases): value", lambda L: score_numerals(L["numeral"], numerals))
    line("money (jionlp cases): value+bounds+currency", lambda L: score_money(L["money"], money))
    line("money (jionlp cases): value+bounds only", lambda L: score_money(L["money"], money, with_unit=False))
    line("gold figures (seeds, corpus): value+unit", lambda L: score_figures(L["figure"], figures))
    line("gold figures (seeds, corpus): value only", lambda L: score_figures(L["figure"], figures, False))
    line("money in sentences (jionlp cases): exact",
         lambda L: score_extract_money(lambda t: [e["text"] if isinstance(e, dict) else e for e in L["extract"](t)],
                                       sentences_tsv) if "extract" in L else None)

    text = corpus_text(args.corpus)
    sents = [s for s in re.split(r"(?<=[。！？；\n])", text) if s.strip()]
    print(f"\nspeed over {len(text):,} characters ({len(sents):,} sentences); each run stops after 20 s")
    rate, n = speed(scan, sents)
    print(f"  reconcile.scan              {rate:>12,.0f} chars/s  ({n:,} chars)")
    if "cn2an" in libs:
        rate, n = speed(libs["cn2an"]["transform"], sents)
        print(f"  cn2an.transform             {rate:>12,.0f} chars/s  ({n:,} chars)")
    if "jionlp" in libs:
        rate, n = speed(libs["jionlp"]["extract"], sents, budget=10.0)
        print(f"  jionlp.ner.extract_money    {rate:>12,.0f} chars/s  ({n:,} chars)")


if __name__ == "__main__":
    main()
