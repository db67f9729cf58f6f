"""List every numeral of a gold document that no gold figure covers, with context, for a second reading.

    python tests/gold/figures/tools/audit.py seeds-000.jsonl

A review aid for the annotator (each uncovered numeral should be one the guide excludes), not a check.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spans import GOLD, read_doc  # noqa: E402

NUMERAL = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万亿半双]+")


def main(name: str) -> None:
    recs = [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines()]
    doc = recs[0]["doc"]
    text = read_doc(doc)
    covered = [(r["start"], r["end"]) for r in recs]
    for m in NUMERAL.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        ctx = text[max(0, m.start() - 8):m.end() + 8].replace("\n", "⏎")
        print(f"{m.start():6d}  {m.group():8s} {ctx}")


if __name__ == "__main__":
    main(sys.argv[1])
