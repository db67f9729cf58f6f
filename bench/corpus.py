"""Synthetic corpora of N documents built from real texts, for the scale and gate benches and the engine tests.

Every document is a window of consecutive paragraphs of a real text (../shared/corpus and seeds/, or
$RECONCILE_CORPUS), then varied so that the corpus is not N exact copies of two dozen texts:

- figures: every year is shifted by the document's own offset (so the document speaks of other years, consistently),
  and about half of the other numbers are scaled by a factor in [0.8, 1.25], printed with the same decimals;
- layout: adjacent paragraphs swapped, OCR-style hard wrapping every 14–26 characters, full-width digits and %,
  half-width punctuation, CRLF line ends;
- what an archive really holds: about 3% of documents reprint an earlier one (a sentence dropped or one figure
  changed), and about 8% end with one of a few standing notices (boilerplate: groups of hundreds of copies).

Document i depends only on (seed, i, doc_chars), so the corpus of 1,000 is a prefix of the corpus of 4,000 and
documents can be generated in any order or in parallel. Dates go to a manifest.csv beside the documents.

    .venv/bin/python bench/corpus.py OUT_DIR N [--seed 1] [--doc-chars 1500]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent

_NUMBER = re.compile(r"(?<![\d.])(\d+)(?:\.(\d+))?(?![\d.])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年)")
_NOTICES = (
    "本报欢迎读者提供新闻线索，来信请寄编辑部读者服务中心，邮政编码010000。",
    "本文转载自其他媒体，仅供读者参考，内容以原发布机构公告为准，如有疑问请联系编辑部核实。",
    "编辑部郑重声明：凡本报注明来源的作品，未经书面授权，任何单位和个人不得转载、摘编或以其他方式使用。",
)
_HALF = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})
_FULL = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789%."})


@dataclass(frozen=True)
class Spec:
    """What a corpus is made of: document i is a pure function of (seed, i, doc_chars) and the sources."""

    n: int
    seed: int = 1
    doc_chars: int = 1500  # characters of source text per document (before layout changes)


@dataclass(frozen=True)
class Source:
    name: str
    year: int  # the year the text was published
    date: str  # ISO date of publication, as precise as known
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Doc:
    name: str  # file name, relative to the corpus folder
    text: str
    date: str
    title: str
    origin: str  # "source-name@paragraph" (or "reprint-of:<name>")


def corpus_path() -> Optional[Path]:
    env = os.environ.get("RECONCILE_CORPUS")
    for c in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "corpus"]:
        if c.is_dir() and any(c.glob("*.txt")):
            return c
    return None


def _paragraphs(text: str) -> tuple[str, ...]:
    lines = (ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return tuple(ln for ln in lines if len(ln) >= 8)


@lru_cache(maxsize=4)
def load_sources(corpus_dir: Optional[Path] = None, seeds_dir: Optional[Path] = None) -> tuple[Source, ...]:
    """The real texts: the shared corpus (when present) and the seed pages with their manifest dates."""
    out: list[Source] = []
    corpus_dir = corpus_dir or corpus_path()
    if corpus_dir is not None:
        for f in sorted(Path(corpus_dir).glob("*.txt")):
            m = re.search(r"(19|20)\d\d", f.name)
            year = int(m.group()) if m else 2020
            out.append(Source(f.stem, year, f"{year}-03", _paragraphs(f.read_text(encoding="utf-8"))))
    seeds_dir = seeds_dir or ROOT / "seeds"
    dates: dict[str, str] = {}
    manifest = seeds_dir / "manifest.csv"
    if manifest.is_file():
        with open(manifest, encoding="utf-8-sig", newline="") as fh:
            dates = {row["path"]: row["date"] for row in csv.DictReader(fh)}
    for f in sorted(seeds_dir.glob("*.txt")):
        date = dates.get(f.name, "2025")
        out.append(Source(f.stem, int(date[:4]), date, _paragraphs(f.read_text(encoding="utf-8"))))
    if not out:
        raise FileNotFoundError("no source texts: set RECONCILE_CORPUS or keep seeds/ beside bench/")
    return tuple(s for s in out if s.paragraphs)


# ------------------------------------------------------------------------------------------ variations


def _vary_number(m: re.Match[str], rng: random.Random) -> str:
    whole, frac = m.group(1), m.group(2)
    if rng.random() >= 0.5 or (len(whole) > 1 and whole.startswith("0")):
        return m.group()
    value = float(m.group()) * rng.uniform(0.8, 1.25)
    if frac is not None:
        return f"{value:.{len(frac)}f}"
    return str(max(1, round(value)))


def vary_figures(text: str, rng: random.Random, year_shift: int) -> str:
    """Years shifted by `year_shift` (consistently), about half of the other numbers scaled."""
    marked = _YEAR.sub(lambda m: "\x00" + str(int(m.group(1)) + year_shift) + "\x01", text)
    parts = re.split(r"(\x00\d+\x01)", marked)
    return "".join(p[1:-1] if p.startswith("\x00") else _NUMBER.sub(lambda m: _vary_number(m, rng), p) for p in parts)


def _wrap(paragraph: str, width: int) -> str:
    return "\n".join(paragraph[i : i + width] for i in range(0, len(paragraph), width))


def _lay_out(title: str, paragraphs: list[str], rng: random.Random) -> str:
    """The document as printed: paragraph order, wrapping, widths and line ends varied."""
    if len(paragraphs) > 2 and rng.random() < 0.3:
        i = rng.randrange(len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    if rng.random() < 0.25:  # OCR output: a hard line break every few characters
        width = rng.randint(14, 26)
        paragraphs = [_wrap(p, width) for p in paragraphs]
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    r = rng.random()
    if r < 0.15:
        text = text.translate(_FULL)
    elif r < 0.25:
        text = text.translate(_HALF)
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    return text


def _title(paragraph: str) -> str:
    head = re.split(r"[，。；：！？,;:]", paragraph, maxsplit=1)[0]
    return head[:24] or paragraph[:24]


# ------------------------------------------------------------------------------------------ documents


def _rng(spec: Spec, i: int, salt: int = 0) -> random.Random:
    return random.Random((spec.seed * 1_000_003 + i) * 7 + salt)


def _name(i: int) -> str:
    return f"{i // 1000:03d}/d{i:06d}.txt"


def _original(i: int, spec: Spec, sources: Sequence[Source]) -> tuple[str, list[str], str, str]:
    """(title, paragraphs, date, origin) of document i before layout: a varied window of a real text."""
    rng = _rng(spec, i)
    weights = [sum(len(p) for p in s.paragraphs) for s in sources]
    src = rng.choices(sources, weights=weights)[0]
    start = rng.randrange(len(src.paragraphs))
    paras: list[str] = []
    size = 0
    k = start
    while size < spec.doc_chars and k < start + len(src.paragraphs):
        p = src.paragraphs[k % len(src.paragraphs)]
        if len(p) > 2 * spec.doc_chars:  # a very long paragraph: a window of it, cut at a sentence end
            cut = p.find("。", rng.randrange(len(p) - spec.doc_chars))
            p = p[cut + 1 : cut + 1 + spec.doc_chars] if cut >= 0 else p[: spec.doc_chars]
            end = p.rfind("。")
            p = p[: end + 1] if end > 0 else p
        if p:
            paras.append(p)
            size += len(p)
        k += 1
    shift = rng.choice((0, 0, 0, -1, 1, -2, 2, -3, 3))
    paras = [vary_figures(p, rng, shift) for p in paras]
    date = str(src.year + shift) + src.date[4:]
    return _title(paras[0]), paras, date, f"{src.name}@{start}"


def document(i: int, spec: Spec, sources: Sequence[Source]) -> Doc:
    rng = _rng(spec, i, salt=1)
    if i > 10 and rng.random() < 0.03:  # a reprint of an earlier document, edited
        j = rng.randrange(i)
        title, paras, date, _ = _original(j, spec, sources)
        origin = "reprint-of:" + _name(j)
        sentences = [s for s in re.split(r"(?<=。)", paras[-1]) if s]
        if rng.random() < 0.5 and len(sentences) > 1:  # one sentence dropped
            del sentences[rng.randrange(len(sentences))]
            paras[-1] = "".join(sentences)
        else:  # one figure changed
            k = rng.randrange(len(paras))
            paras[k] = _NUMBER.sub(lambda m: str(int(m.group(1)) + 1) if m.group(2) is None else m.group(), paras[k], count=1)
    else:
        title, paras, date, origin = _original(i, spec, sources)
    if rng.random() < 0.08:
        paras.append(rng.choice(_NOTICES))
    return Doc(_name(i), _lay_out(title, paras, rng), date, title, origin)


def documents(spec: Spec, sources: Optional[Sequence[Source]] = None, start: int = 0) -> Iterator[Doc]:
    sources = sources or load_sources()
    for i in range(start, spec.n):
        yield document(i, spec, sources)


def write_corpus(out: Path, spec: Spec, sources: Optional[Sequence[Source]] = None) -> dict[str, int]:
    """Write the corpus under `out` (one folder of up to 1,000 documents each, with its manifest.csv).

    A corpus already written there with the same spec is kept (`.spec.json` records it)."""
    out = Path(out)
    stamp = out / ".spec.json"
    if stamp.is_file():
        old = json.loads(stamp.read_text())
        if old.get("spec") == asdict(spec):
            return old["stats"]
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[tuple[str, str, str]]] = {}
    chars = nbytes = 0
    for d in documents(spec, sources):
        path = out / d.name
        path.parent.mkdir(exist_ok=True)
        data = d.text.encode("utf-8")
        path.write_bytes(data)
        chars += len(d.text)
        nbytes += len(data)
        folder, _, base = d.name.partition("/")
        rows.setdefault(folder, []).append((base, d.date, d.title))
    for folder, entries in rows.items():
        with open(out / folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["path", "date", "title", "source"])
            for base, date, title in entries:
                w.writerow([base, date, title, "synthetic (bench/corpus.py)"])
    stats = {"documents": spec.n, "chars": chars, "bytes": nbytes}
    stamp.write_text(json.dumps({"spec": asdict(spec), "stats": stats}))
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--doc-chars", type=int, default=1500)
    args = ap.parse_args()
    stats = write_corpus(args.out, Spec(args.n, args.seed, args.doc_chars))
    print(f"{stats['documents']} documents, {stats['chars']:,} characters, {stats['bytes']:,} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
