"""Editors' decisions on findings, kept in a plain YAML file under version control (`reviews.yaml`).

One entry per decision, appended at the end, so that reviews travel with the repository and show up in diffs as
added lines; the latest decision for a fingerprint wins. Both decisions silence the gate for that fingerprint:

- confirm: a real error, acknowledged and being corrected;
- dismiss: not an error (with the reason: a revision, a different scope, "baseline" when adopting the tool).

Fingerprints never contain offsets (see kinds.base.fingerprint), so decisions survive edits elsewhere.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import os
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from .errors import ConfigError

DECISIONS = ("confirm", "dismiss")
HEADER = (
    "# Editors' decisions on reconcile findings (`reconcile review`): one entry per decision,\n"
    "# the latest for a fingerprint wins. confirm = a real error being corrected; dismiss = not an error.\n"
    "reviews:\n"
)
_KEYS = {"fingerprint", "decision", "reason", "by", "date", "rule", "finding"}
_FINGERPRINT = re.compile(r"^[0-9a-f]{8,64}$")


@dataclass(frozen=True)
class Review:
    fingerprint: str
    decision: str
    reason: str
    by: str
    date: str
    rule: Optional[str] = None
    finding: Optional[str] = None  # the finding's message when it was reviewed, for people reading the file

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def _loader(text: str) -> Any:
    import yaml

    class NoAliases(yaml.SafeLoader):
        # A review file never needs anchors; refusing them rules out "billion laughs" files.
        def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.MarkedYAMLError(None, None, "aliases (*name) are not allowed in a review file", event.start_mark)
            return super().compose_node(parent, index)

    return NoAliases(text)


def load_reviews(path: Path) -> dict[str, Review]:
    """The latest decision per fingerprint; {} when the file does not exist. Errors name file and line."""
    import yaml

    path = Path(path)
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the review file ({exc})", file=str(path), fix="check that it is a UTF-8 text file")
    loader = _loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(f"invalid YAML: {exc.problem or exc.context}", file=str(path), line=mark.line + 1 if mark else None, fix="fix the file by hand or restore it from version control")
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file=str(path))
    finally:
        loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("reviews", []), list) or set(data) - {"reviews"}:
        raise ConfigError("expected a mapping with one key, reviews: a list of decisions", file=str(path), line=1)
    nodes = _entry_nodes(root)
    out: dict[str, Review] = {}
    for i, entry in enumerate(data.get("reviews") or []):
        line = nodes[i].start_mark.line + 1 if i < len(nodes) else None
        out_entry = _entry(entry, str(path), line)
        out[out_entry.fingerprint] = out_entry
    return out


def _entry_nodes(root: Any) -> list[Any]:
    for k, v in getattr(root, "value", []):
        if getattr(k, "value", None) == "reviews":
            return list(getattr(v, "value", []) or [])
    return []


def _entry(entry: Any, file: str, line: Optional[int]) -> Review:
    if not isinstance(entry, dict):
        raise ConfigError("a review entry must be a mapping", file=file, line=line)
    unknown = set(entry) - _KEYS
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; known: {', '.join(sorted(_KEYS))}", file=file, line=line)
    for key in ("fingerprint", "decision", "reason", "by", "date"):
        if key not in entry or entry[key] in (None, ""):
            raise ConfigError(f"a review entry needs {key}", file=file, line=line)
    fp = str(entry["fingerprint"])
    if not _FINGERPRINT.match(fp):
        raise ConfigError(f"{fp!r} is not a finding fingerprint", file=file, line=line)
    if entry["decision"] not in DECISIONS:
        raise ConfigError(f"decision must be confirm or dismiss, not {entry['decision']!r}", file=file, line=line)
    return Review(fp, entry["decision"], str(entry["reason"]), str(entry["by"]), str(entry["date"]), entry.get("rule"), entry.get("finding"))


def append_reviews(path: Path, reviews: Sequence[Review]) -> None:
    """Append decisions to the review file, creating it when needed; atomic (temporary file and rename)."""
    import yaml

    from .report.atomic import atomic_text_writer

    path = Path(path)
    existing = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    if existing.strip():
        load_reviews(path)  # refuse to append to a file that is already broken
        if not re.search(r"^reviews:\s*(\[\])?\s*$", existing, flags=re.M):
            raise ConfigError("has no top-level `reviews:` list to append to", file=str(path), line=1)
        existing = re.sub(r"^reviews:\s*\[\]\s*$", "reviews:", existing, flags=re.M)
        if not existing.endswith("\n"):
            existing += "\n"
    else:
        existing = HEADER
    block = yaml.safe_dump([r.as_dict() for r in reviews], allow_unicode=True, sort_keys=False, width=100) if reviews else ""
    with atomic_text_writer(path) as out:
        out.write(existing)
        out.write(block)


def reviewer_name(explicit: Optional[str] = None) -> str:
    if explicit:
        return explicit
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout.strip()
        if name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USER", "unknown")


def today() -> str:
    # A review's date is when the editor decided: the one place where today's date belongs.
    return _dt.date.today().isoformat()


def review_map(reviews: Mapping[str, Review]) -> dict[str, dict[str, Any]]:
    """fingerprint -> the decision as reports show it."""
    return {fp: {"decision": r.decision, "reason": r.reason, "by": r.by, "date": r.date} for fp, r in reviews.items()}


def make_reviews(findings: Iterable[Mapping[str, Any]], decision: str, reason: str, by: str) -> list[Review]:
    day = today()
    return [Review(f["fingerprint"], decision, reason, by, day, f.get("rule"), f.get("message")) for f in findings]
