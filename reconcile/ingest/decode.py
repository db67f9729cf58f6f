"""Bytes to text: BOMs, strict UTF-8, a tolerant UTF-8 for pages with a few bad bytes, then GB18030 or Big5.

Order matters. Short Chinese texts are easy to misdetect by statistics alone, and GB18030 decodes almost any
byte string, so the cheap certain tests come first:

1. a BOM (UTF-8, UTF-16, UTF-32) settles it; offsets then count after the BOM;
2. magic numbers (PNG, ZIP, PDF, ...) and NUL bytes mean a binary file, which is refused;
3. strict UTF-8: almost no legacy-encoded Chinese text is valid UTF-8 by accident;
4. UTF-8 with a few invalid bytes, when the rest is plainly UTF-8 (it has valid multi-byte sequences and
   the bad bytes are rare): read with U+FFFD and warn with the byte offsets;
5. GB18030 or Big5, chosen by how many decoded characters are common ones in that encoding (GB2312's
   first level, Big5's 常用字 range): text in its own encoding scores near 1, text in the other below 0.7;
6. otherwise charset-normalizer, then give up.

`decode` never raises: it returns a `Decoded` or a `Refusal` with the reason.
"""

from __future__ import annotations

import codecs
import threading
import re
from dataclasses import dataclass

# What a refused file is, for the message. Checked against the first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a media file"),
    (b"\x00\x00\x00\x18ftyp", "a media file"),
    (b"\x00\x00\x00\x20ftyp", "a media file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SNIFF = 1 << 16  # bytes looked at to choose a legacy encoding
_MAX_BAD_SHARE = 0.01  # invalid UTF-8 bytes tolerated, as a share of all non-ASCII bytes
_MIN_COMMON = 0.85  # share of common characters a legacy decoding needs
_MIN_PLAUSIBLE = 0.97  # else: share of ordinary Han characters and punctuation
_MAX_CONTROL_SHARE = 0.05  # control characters allowed in decoded text before we call it binary
_MAX_WARNED_OFFSETS = 5
# Han, CJK and general punctuation, geometric marks (● ■ □), full-width forms.
_ORDINARY = re.compile("[\u4e00-\u9fff\u3000-\u303f\u2010-\u206f\u25a0-\u25ff\uff00-\uffef\u00b7]")
_VALID_NONASCII = re.compile("[^\x00-\x7f\ufffd]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bad_offsets: tuple[int, ...] = ()  # byte offsets of undecodable bytes (the first few)
    bad_count: int = 0


@dataclass(frozen=True)
class Refusal:
    what: str
    fix: str


# A codecs error handler that records where the bad bytes were, so a tolerant decode is one pass.
_seen = threading.local()


def _record(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad: list[int] = _seen.bad
    bad.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("reconcile-record", _record)


def _tolerant(data: bytes, encoding: str) -> tuple[str, list[int]]:
    _seen.bad = []
    try:
        text = data.decode(encoding, "reconcile-record")
        return text, _seen.bad
    finally:
        _seen.bad = []


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "a binary file (it contains NUL bytes)"
    return None


def _control_share(text: str) -> float:
    sample = text[:_SNIFF]
    if not sample:
        return 0.0
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v\x1b")
    return controls / len(sample)


def _common_share(text: str, codec: str) -> float:
    """Share of non-ASCII characters that are common ones in `codec` (its first-level character range)."""
    total = common = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) != 2:
            continue
        code = (b[0] << 8) | b[1]
        if codec == "gb18030":
            # GB2312 punctuation/symbols (A1A1-A9FE) and level-1 hanzi (B0A1-D7F9).
            if 0xA1A1 <= code <= 0xA9FE or 0xB0A1 <= code <= 0xD7F9:
                common += 1
        elif 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E:  # big5 symbols and 常用字
            common += 1
    return common / total if total else 0.0


def decode(data: bytes, encoding: str | None = None) -> Decoded | Refusal:
    if not data:
        return Refusal("the file is empty", "remove it or give a file with text")
    if encoding:
        return _forced(data, encoding)

    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, bad = _tolerant(data[len(bom) :], codec)
            return _finish(text, codec, [b + len(bom) for b in bad], bom=True)

    kind = _binary_kind(data)
    if kind:
        return Refusal(f"not a text file: {kind}", "give .txt, .md or .html files; convert other formats to text first")

    try:
        return _finish(data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError:
        pass

    text, bad = _tolerant(data, "utf-8")
    nonascii = _count_nonascii(data)
    # Evidence that the page is UTF-8 at all: some non-ASCII characters decoded correctly.
    if _VALID_NONASCII.search(text) and len(bad) <= max(3, _MAX_BAD_SHARE * nonascii):
        return _finish(text, "utf-8", bad)

    codec = _legacy(data[:_SNIFF])
    if codec is not None:
        text, bad = _tolerant(data, codec)
        return _finish(text, codec, bad)

    guess = _charset_normalizer(data)
    if guess is not None:
        text, bad = _tolerant(data, guess)
        return _finish(text, guess, bad)
    return Refusal(
        "cannot tell the text encoding (not UTF-8, GB18030 or Big5)",
        "convert it to UTF-8, or give the encoding with --encoding",
    )


def _legacy(sample: bytes) -> str | None:
    """GB18030 or Big5 for a sample that is not UTF-8, or None when neither reads as Chinese."""
    scored: list[tuple[float, float, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            head = sample.decode(codec)
        except UnicodeDecodeError as e:
            if e.start < len(sample) - 4:  # a real error, not a character cut at the sample's end
                continue
            head = sample[: e.start].decode(codec, "replace")
        scored.append((_common_share(head, codec), _plausible_share(head), codec))
    if not scored:
        return None
    common, _, codec = max(scored)
    if common >= _MIN_COMMON:
        return codec
    # Rarer characters (Traditional text in GB18030, say): accept a decoding that gives only ordinary
    # Han characters and punctuation, never private-use or compatibility code points.
    plausible, _, codec = max((p, c, k) for c, p, k in scored)
    return codec if plausible >= _MIN_PLAUSIBLE else None


def _plausible_share(text: str) -> float:
    nonascii = [c for c in text if c >= "\x80"]
    if not nonascii:
        return 0.0
    ok = sum(1 for c in nonascii if _ORDINARY.match(c))
    return ok / len(nonascii)


def _count_nonascii(data: bytes) -> int:
    # bytes.translate deletes ASCII at C speed; what is left is the non-ASCII bytes.
    return len(data.translate(None, bytes(range(0x80))))


def _charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data[:_SNIFF]).best()
    if match is None or match.encoding in ("utf_8", "ascii"):
        return None
    if match.chaos > 0.2:
        return None
    return match.encoding


def _forced(data: bytes, encoding: str) -> Decoded | Refusal:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        return Refusal(f"unknown encoding {encoding!r}", "give a Python codec name such as utf-8, gb18030 or big5")
    bom = b""
    if codec in ("utf-8", "utf-16", "utf-32"):
        for b, c in _BOMS:
            if data.startswith(b) and c.startswith(codec):
                bom = b
                codec = c
                break
    text, bad = _tolerant(data[len(bom) :], codec)
    return _finish(text, codec, [b + len(bom) for b in bad], bom=bool(bom))


def _finish(text: str, codec: str, bad: list[int], bom: bool = False) -> Decoded | Refusal:
    if not text.strip():
        return Refusal("the file has no text (only blanks)", "remove it or give a file with text")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        return Refusal("not a text file: it is mostly control characters", "give .txt, .md or .html files")
    nonblank = len(text) - text.count("\ufffd")
    if bad and len(bad) > max(3, 0.2 * nonblank):
        return Refusal(f"cannot decode it as {codec}: most bytes are invalid", "give the right encoding with --encoding")
    name = codec + ("-sig" if bom and codec == "utf-8" else "")
    return Decoded(text, name, tuple(bad[:_MAX_WARNED_OFFSETS]), len(bad))
