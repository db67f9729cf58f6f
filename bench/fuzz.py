"""Fuzz ingest + extract: `python bench/fuzz.py --seconds 600` (coverage-guided with atheris when installed).

Every input goes through the path a document takes in `reconcile extract`: bytes -> `ingest.load` (decode, HTML,
front matter, normalise, segment) -> `extract_page`, and must keep these invariants:

- neither stage raises; `load` returns a Page or a fatal Problem whose line is one line;
- every sentence's normalised span maps back to its original span, inside the text;
- every figure's `text` is exactly `page.text[start:end]`, its line is the line of its start, and its value,
  bounds and growth rate are finite (low <= high);
- figures come in text order without overlapping, each inside its sentence and its article; a growth rate never
  qualifies itself.

The first byte of an input chooses how the rest is read, so that byte-level mutations reach extraction and not
only the decoder: 0 raw bytes as a file (the decoder decides), 1 UTF-8 text (invalid bytes dropped) as a `.txt`,
2 one token of a number-rich vocabulary per byte (digits, Chinese numerals, scale words, units, separators,
growth phrases, URLs, phone numbers, dates), 3 raw bytes as an `.html` file.

`--target run` runs the whole pipeline instead: the text cut in two documents, aligned and checked by every shipped
rule; no exception, every finding's evidence is the slice of its document, messages one line, the JSON and SARIF
reports strict JSON (no Infinity or NaN).

An input that breaks an invariant is written to tests/regressions/crashes/ (one per distinct failure, the shortest
seen) with a `.txt` beside it saying what broke; tests/regressions/test_crashes.py replays every file there. The run
goes on after a failure, so that one run finds several. Seeds: the pages in seeds/ and windows of the shared corpus
(../shared/corpus or $RECONCILE_CORPUS), in several encodings.

    python bench/fuzz.py --seconds 600              # atheris (libFuzzer) if installed, else a mutation loop
    python bench/fuzz.py --engine random --seconds 60 --seed 1
    python bench/fuzz.py --target run --seconds 600  # the whole pipeline: align and every shipped rule
    python bench/fuzz.py --replay tests/regressions/crashes/*.bin
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

ROOT = Path(__file__).resolve().parent.parent
CRASHES = ROOT / "tests" / "regressions" / "crashes"
MAX_LEN = 4096

# Mode 2 vocabulary: one token per byte value (modulo its length). Chosen to meet the number grammar at its
# edges: scale words stacked, separators in odd places, ranges, signs, approximations, periods and growth words,
# and the things that must not become figures (URLs, phone and ID numbers, dates, versions).
TOKENS: tuple[str, ...] = (
    *"0123456789",
    *"０１２３４５６７８９",
    *"零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億兆",
    ".", "．", ",", "，", "、", "。", "；", "：", "%", "％", "‰", "-", "—", "–", "~", "～", "至", "到", "/", "／", "+", "±", "−",
    "e", "E", "x", "×", "^", "点", "分之", "成", "折", "倍", "个百分点", "百分点",
    "亿元", "万元", "元", "美元", "亿美元", "万亿元", "家", "个", "人", "名", "项", "吨", "万吨", "公里", "平方米", "亩", "户", "次", "件",
    "约", "近", "超过", "多", "余", "逾", "左右", "以上", "以下", "不到", "上下", "几", "数十", "第",
    "年", "月", "日", "季度", "上半年", "1—11月", "2023年", "2025年", "去年", "今年", "同期", "末",
    "同比增长", "增长", "下降", "减少", "提高", "比上年", "环比", "增速", "达到", "为", "是", "的", "共", "累计", "其中", "占",
    "呼和浩特市", "全市", "全国", "高新技术企业", "技术合同成交额", "地区生产总值", "财政收入", "目标", "预计",
    "http://", "https://www.gov.cn/", "a1b2/3.html?id=", "电话", "0471-", "13912345678", "身份证号", "110105199001011234",
    "2025.8.11", "2025/8/11", "2025-08-11", "v2.3.1", "版本", "《中国制造2025》", "第十四个五年规划", "5G", "G20", "COVID-19",
    " ", "\u3000", "\n", "\r\n", "\r", "\n\n", "\t", "（", "）", "(", ")", "“", "”", "《", "》", "#", "·", "\ufeff", "\u200b", "\ufffd",
    "<p>", "</p>", "<br>", "<script>", "&amp;", "&#20159;", "<!--", "-->",
)

# Seeds for the hostile cases of issue 7, beside the real pages.
HOSTILE_SEEDS: tuple[str, ...] = (
    "规模达到10^30亿元，增长1e308倍。",
    "利润为-3.5亿元，亏损−12万元，增长-5%。",
    "去年为0，今年增长到5家，增长率无从计算；由0增长200%。",
    "详见 https://www.gov.cn/zhengce/2025-08/11/content_7035.htm 和 http://a.cn/1234567.html 。",
    "咨询电话：0471-6951234，手机13912345678，身份证号110105199001011234。",
    "2025.8.11发布，2025/8/11更新，2025-08-11生效。",
    "版本 v2.3.1，Python 3.11.7，第5.2.1节。",
    "营收1万—5万元，3至5家，20%~30%，2023—2025年。",
    "1234567890 " * 40,
    "0" * 500,
    "９" * 300 + "亿亿亿万万万",
    "一二三四五六七八九十百千万亿" * 20,
)


# ---------------------------------------------------------------------------------------------- the target


class InvariantError(AssertionError):
    """An invariant of ingest + extract broken by an input (not an exception raised by reconcile)."""


def _decode_input(data: bytes) -> tuple[str, Optional[bytes], Optional[str]]:
    """(doc name, bytes to load or None, text to load or None) for a fuzz input."""
    if not data:
        return "empty.txt", b"", None
    mode, rest = data[0] % 4, data[1:]
    if mode == 0:
        return "fuzz.txt", rest, None
    if mode == 1:
        return "fuzz.txt", rest.decode("utf-8", "ignore").encode("utf-8"), None
    if mode == 2:
        return "fuzz.txt", "".join(TOKENS[b % len(TOKENS)] for b in rest).encode("utf-8"), None
    return "fuzz.html", rest, None


def _finite(x: Any) -> bool:
    return x is None or (isinstance(x, (int, float)) and math.isfinite(x))


def check(data: bytes) -> None:
    """Run one input through ingest + extract; raise on an exception or a broken invariant."""
    from reconcile.extract import extract_page
    from reconcile.ingest import Source, load
    from reconcile.models import Page, Problem

    doc, raw, _ = _decode_input(data)
    loaded = load(Source(doc, Path(doc), data=raw))
    if isinstance(loaded, Problem):
        if not loaded.fatal or "\n" in loaded.line():
            raise InvariantError(f"a refusal must be fatal and one line: {loaded.line()!r}")
        return
    if not isinstance(loaded, Page):
        raise InvariantError(f"load returned {type(loaded).__name__}")
    page = loaded
    for w in page.warnings:
        if "\n" in w.line():
            raise InvariantError(f"a warning of more than one line: {w.line()!r}")
    n = len(page.text)
    for a in page.articles:
        for p in a.paragraphs:
            for s in p.sentences:
                if not (0 <= s.start <= s.end <= n) or page.orig_span(s.nstart, s.nend) != (s.start, s.end):
                    raise InvariantError(f"sentence [{s.start}, {s.end}) n[{s.nstart}, {s.nend}) does not map back")
    page2, figures = extract_page(page)
    if page2.text != page.text:
        raise InvariantError("extract changed the page text")
    for i, f in enumerate(figures):
        if not (0 <= f.start < f.end <= n):
            raise InvariantError(f"figure {i} span [{f.start}, {f.end}) outside the text of {n} characters")
        if page.text[f.start : f.end] != f.text:
            raise InvariantError(f"figure {i} text {f.text!r} != slice {page.text[f.start:f.end]!r}")
        if not all(_finite(v) for v in (f.value, f.low, f.high, f.precision)):
            raise InvariantError(f"figure {i} {f.text!r}: value not finite ({f.value}, {f.low}, {f.high}, {f.precision})")
        if f.growth is not None and not all(_finite(v) for v in (f.growth.rate, f.growth.rate_low, f.growth.rate_high)):
            raise InvariantError(f"figure {i} {f.text!r}: growth rate not finite ({f.growth.rate})")
        if f.growth is not None and f.growth.of is not None and not (0 <= f.growth.of < len(figures)):
            raise InvariantError(f"figure {i}: growth.of {f.growth.of} outside the {len(figures)} figures")
        if f.line != page.line_of(f.start):
            raise InvariantError(f"figure {i} {f.text!r}: line {f.line} but its start is on line {page.line_of(f.start)}")
        if f.low is not None and f.high is not None and f.low > f.high:
            raise InvariantError(f"figure {i} {f.text!r}: low {f.low} > high {f.high}")
        if i and f.start < figures[i - 1].end:
            raise InvariantError(f"figure {i} {f.text!r} overlaps or precedes figure {i - 1} {figures[i - 1].text!r}")
        if not (f.sentence_start <= f.start and f.end <= f.sentence_end):
            raise InvariantError(f"figure {i} {f.text!r}: outside its sentence [{f.sentence_start}, {f.sentence_end})")
        if not (0 <= f.article < len(page.articles)) or not (page.articles[f.article].start <= f.start and f.end <= page.articles[f.article].end):
            raise InvariantError(f"figure {i} {f.text!r}: outside its article {f.article}")
        if f.growth is not None and f.growth.of == i:
            raise InvariantError(f"figure {i} {f.text!r}: a growth rate qualifying itself")


def check_run(data: bytes) -> None:
    """The whole pipeline (`--target run`): the input read as in `check`, cut in two documents, aligned and checked
    by every shipped rule; no exception, every finding's evidence is the slice of its document, messages are one line,
    and the JSON and SARIF reports are strict JSON."""
    from reconcile.api import run_texts
    from reconcile.ingest import Source, load
    from reconcile.models import Page

    doc, raw, _ = _decode_input(data)
    loaded = load(Source(doc, Path(doc), data=raw))
    if not isinstance(loaded, Page):
        return
    text = loaded.text
    cut = text.find("\n\n", len(text) // 3)
    cut = cut if cut > 0 else len(text) // 2
    docs = {"a.txt": text[:cut], "b.txt": text[cut:]}
    result = run_texts({k: v for k, v in docs.items() if v.strip()})
    pages = {p.doc: p for p in result.pages}
    for f in result.findings:
        if not f.evidence:
            raise InvariantError(f"finding {f.rule}: no evidence")
        for e in f.evidence:
            page = pages.get(e.doc)
            if page is None or page.text[e.start : e.end] != e.text:
                raise InvariantError(f"finding {f.rule}: evidence {e.text!r} is not the slice [{e.start}, {e.end}) of {e.doc}")
        if "\n" in f.message or not f.message.strip():
            raise InvariantError(f"finding {f.rule}: message empty or of more than one line: {f.message!r}")
    _strict_json(result)


def _strict_json(result: Any) -> None:
    """The machine formats are JSON as RFC 8259 has it: no NaN or Infinity (an unbounded interval's end is null)."""
    import io
    import json

    from reconcile.report import emit

    def refuse(constant: str) -> None:
        raise InvariantError(f"--format {fmt}: {constant} is not JSON")

    for fmt in ("json", "sarif"):
        buf = io.StringIO()
        emit(fmt, result, buf)
        json.loads(buf.getvalue(), parse_constant=refuse)


TARGETS: dict[str, Callable[[bytes], None]] = {"extract": check, "run": check_run}


def signature(exc: BaseException) -> str:
    """What a failure is, independent of the input: the exception type and the innermost reconcile frame."""
    frames = [fr for fr in traceback.extract_tb(exc.__traceback__) if "/reconcile/" in fr.filename.replace(os.sep, "/")]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    if isinstance(exc, InvariantError):
        what = str(exc).split(" ", 3)[-1][:40] if str(exc).startswith("figure") else str(exc)[:40]
        return f"InvariantError@{where}:{what}"
    return f"{type(exc).__name__}@{where}"


class Recorder:
    """Counts inputs and keeps the shortest input of each distinct failure in `out`."""

    def __init__(self, out: Path, report_every: float = 60.0, target: str = "extract") -> None:
        self.out = out
        self.target = target
        self.runs = 0
        self.failures = 0
        self.seen: dict[str, int] = {}
        self.start = time.monotonic()
        self.last_report = self.start
        self.report_every = report_every

    def __call__(self, data: bytes) -> None:
        self.runs += 1
        try:
            (check if self.target == "extract" else TARGETS[self.target])(data)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure is a finding
            self.failures += 1
            self._record(data, exc)
        now = time.monotonic()
        if now - self.last_report >= self.report_every:
            self.last_report = now
            print(self.summary(), file=sys.stderr, flush=True)

    def _record(self, data: bytes, exc: BaseException) -> None:
        sig = signature(exc)
        if sig in self.seen and self.seen[sig] <= len(data):
            return
        self.seen[sig] = len(data)
        self.out.mkdir(parents=True, exist_ok=True)
        stem = ("crash-" if self.target == "extract" else f"{self.target}-crash-") + hashlib.sha1(sig.encode()).hexdigest()[:12]
        kept = self.out / f"{stem}.bin"
        if kept.exists() and kept.stat().st_size <= len(data):  # an earlier run kept a shorter one
            return
        (self.out / f"{stem}.bin").write_bytes(data)
        tb = "".join(traceback.format_exception(exc)[-6:])
        (self.out / f"{stem}.txt").write_text(f"{sig}\n{len(data)} bytes\n\n{tb}", encoding="utf-8")
        print(f"fuzz: new failure {sig} ({len(data)} bytes) -> {self.out / stem}.bin", file=sys.stderr, flush=True)

    def summary(self) -> str:
        t = time.monotonic() - self.start
        return f"fuzz: {self.runs} inputs in {t:.0f} s ({self.runs / max(t, 1e-9):.0f}/s), {self.failures} failing, {len(self.seen)} distinct"


# ---------------------------------------------------------------------------------------------- seeds


def _corpus_dir() -> Optional[Path]:
    env = os.environ.get("RECONCILE_CORPUS")
    for c in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "corpus"]:
        if c.is_dir() and any(c.glob("*.txt")):
            return c
    return None


def _windows(text: str, rng: random.Random, count: int) -> Iterable[str]:
    for _ in range(count):
        size = rng.choice((40, 120, 400, 1200))
        start = rng.randrange(max(1, len(text) - size))
        yield text[start : start + size]


def seed_inputs(rng: random.Random, per_file: int = 6) -> list[bytes]:
    """Seeds for every mode: real pages and corpus windows in several encodings, the hostile cases, tokens."""
    texts: list[str] = list(HOSTILE_SEEDS)
    files = sorted((ROOT / "seeds").glob("*.txt"))
    corpus = _corpus_dir()
    if corpus is not None:
        files += sorted(corpus.glob("*.txt"))
    for f in files:
        texts.extend(_windows(f.read_text(encoding="utf-8", errors="replace"), rng, per_file))
    seeds: list[bytes] = []
    for i, t in enumerate(texts):
        seeds.append(b"\x01" + t.encode("utf-8"))
        codec = ("gb18030", "big5", "utf-16", "utf-8-sig")[i % 4]
        try:
            seeds.append(b"\x00" + t.encode(codec))
        except UnicodeEncodeError:
            seeds.append(b"\x00" + t.encode("gb18030", "replace"))
        if i % 5 == 0:
            seeds.append(b"\x03" + f"<html><body><h1>标题</h1><p>{t}</p><script>var a='1亿元';</script></body></html>".encode())
    for _ in range(40):
        seeds.append(b"\x02" + bytes(rng.randrange(256) for _ in range(rng.randrange(4, 80))))
    return [s[:MAX_LEN] for s in seeds]


def _libfuzzer_dict(path: Path) -> None:
    """Tokens for libFuzzer's dictionary mutations (UTF-8, escaped)."""
    lines = []
    for t in TOKENS:
        b = t.encode("utf-8")
        lines.append('"' + "".join(chr(c) if 32 <= c < 127 and chr(c) not in '"\\' else f"\\x{c:02x}" for c in b) + '"')
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


# ---------------------------------------------------------------------------------------------- engines


def run_atheris(seconds: int, seeds: list[bytes], recorder: Recorder, corpus: Optional[Path], extra: list[str], max_len: int = MAX_LEN) -> None:
    import atheris  # type: ignore[import-not-found]

    with atheris.instrument_imports(include=["reconcile"]):
        import reconcile.extract.figures  # noqa: F401  (instrumented for coverage)
        import reconcile.ingest  # noqa: F401

        if recorder.target == "run":
            import reconcile.align  # noqa: F401
            import reconcile.api  # noqa: F401
            import reconcile.kinds  # noqa: F401

    work = Path(tempfile.mkdtemp(prefix="reconcile-fuzz-"))
    corpus = corpus or work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for s in seeds:
        (corpus / hashlib.sha1(s).hexdigest()).write_bytes(s)
    _libfuzzer_dict(work / "tokens.dict")
    artifacts = work / "artifacts"
    artifacts.mkdir()
    argv = [
        sys.argv[0], str(corpus), f"-max_total_time={seconds}", f"-max_len={max_len}", "-timeout=30",
        f"-dict={work / 'tokens.dict'}", f"-artifact_prefix={artifacts}/", "-print_final_stats=1", *extra,
    ]
    print(f"fuzz: atheris, {len(seeds)} seeds, corpus {corpus}, {seconds} s", file=sys.stderr, flush=True)

    def target(data: bytes) -> None:
        recorder(data)
        if time.monotonic() - recorder.start > seconds + 5:  # libFuzzer's own limit, in case it is late
            print(recorder.summary(), file=sys.stderr, flush=True)
            os._exit(0)

    import atexit

    atexit.register(lambda: print(recorder.summary(), file=sys.stderr, flush=True))
    atheris.Setup(argv, target)
    atheris.Fuzz()


def _mutate(data: bytes, rng: random.Random, seeds: list[bytes], max_len: int = MAX_LEN) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(6)
        pos = rng.randrange(len(b) + 1)
        if op == 0 and b:  # flip a byte
            b[min(pos, len(b) - 1)] = rng.randrange(256)
        elif op == 1:  # insert a token
            b[pos:pos] = rng.choice(TOKENS).encode(rng.choice(("utf-8", "utf-8", "gb18030")), "ignore")
        elif op == 2 and len(b) > 2:  # delete a run
            del b[pos : pos + rng.randrange(1, 16)]
        elif op == 3:  # splice another seed
            other = rng.choice(seeds)
            a = rng.randrange(len(other) + 1)
            b[pos:pos] = other[a : a + rng.randrange(1, 200)]
        elif op == 4 and b:  # repeat a run
            run = bytes(b[pos : pos + rng.randrange(1, 32)])
            b[pos:pos] = run * rng.randrange(1, 20)
        elif op == 5 and b:  # change the mode
            b[0] = rng.randrange(4)
    return bytes(b[:max_len])


def run_random(seconds: int, seeds: list[bytes], recorder: Recorder, rng: random.Random, max_len: int = MAX_LEN) -> None:
    """Without atheris: mutate seeds at random (bytes, tokens, splices, repeats) until the time is up."""
    print(f"fuzz: random mutation, {len(seeds)} seeds, {seconds} s", file=sys.stderr, flush=True)
    for s in seeds:
        recorder(s)
    deadline = time.monotonic() + seconds
    pool = list(seeds)
    while time.monotonic() < deadline:
        data = _mutate(rng.choice(pool), rng, seeds, max_len)
        recorder(data)
        if rng.random() < 0.01:
            pool.append(data)
    print(recorder.summary(), file=sys.stderr, flush=True)


def replay(files: list[str]) -> int:
    bad = 0
    for name in files:
        try:
            target = check_run if Path(name).name.startswith("run-") else check
            target(Path(name).read_bytes())
            print(f"ok    {name}")
        except BaseException as exc:  # noqa: BLE001
            bad += 1
            print(f"FAIL  {name}: {signature(exc)}: {exc}")
    return 1 if bad else 0


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=60, help="how long to fuzz")
    ap.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto")
    ap.add_argument("--seed", type=int, default=0, help="random seed (seed windows; the random engine)")
    ap.add_argument("--out", type=Path, default=CRASHES, help="where failing inputs are written")
    ap.add_argument("--corpus", type=Path, default=None, help="keep libFuzzer's growing corpus in DIR")
    ap.add_argument("--replay", nargs="+", metavar="FILE", help="run these inputs once and report")
    ap.add_argument("--target", choices=sorted(TARGETS), default="extract", help="extract: ingest + extract; run: the whole pipeline over two documents")
    ap.add_argument("--max-len", type=int, default=MAX_LEN, help="longest input, in bytes")
    args, extra = ap.parse_known_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.replay:
        return replay(args.replay)
    rng = random.Random(args.seed)
    seeds = seed_inputs(rng)
    recorder = Recorder(args.out, target=args.target)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    if engine == "atheris":
        run_atheris(args.seconds, seeds, recorder, args.corpus, extra, args.max_len)
    else:
        run_random(args.seconds, seeds, recorder, rng, args.max_len)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
