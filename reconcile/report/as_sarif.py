"""`--format sarif`: SARIF 2.1.0 for code-review tools (GitHub code scanning, VS Code's SARIF viewer).

One rule descriptor per rule code with its documentation as help (text and markdown); each finding a result
whose first evidence is its location and the rest related locations; columns in Unicode code points
(`run.columnKind`); the finding's fingerprint as a partial fingerprint, so that tools follow a finding across
runs as the rules do; reviewed findings carry the editors' decision (a dismissal as an accepted suppression).
"""

from __future__ import annotations

from typing import Any, Optional, TextIO
from urllib.parse import quote

from .. import __version__
from ..locale import Messages, messages
from ..models import Evidence, Finding, Page
from ..pagestore import by_doc
from .positions import span_region
from .records import JsonArray, JsonObject, plain, write_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "reconcile/v1"


def uri(doc: str) -> str:
    """A document name as a relative URI reference (Chinese file names percent-encoded, slashes kept)."""
    return quote(doc.replace("\\", "/"), safe="/-._~")


def _help(rule: Any, msg: Messages) -> dict[str, str]:
    sections = [(msg(f"finding.{k}"), getattr(rule.docs, k, "").strip()) for k in ("what", "why", "example", "fix")]
    text = "\n\n".join(f"{h}: {b}" for h, b in sections if b)
    markdown = "\n\n".join(f"**{h}**\n\n{b}" for h, b in sections if b)
    return {"text": text, "markdown": markdown}


def _descriptor(code: str, rule: Any, finding: Optional[Finding], msg: Messages) -> dict[str, Any]:
    if rule is None:  # a finding from a rule this run did not load (an old ledger): what the finding says
        assert finding is not None
        return {"id": code, "name": finding.name, "shortDescription": {"text": finding.name},
                "defaultConfiguration": {"level": LEVEL.get(finding.severity, "warning")}, "properties": {"kind": finding.kind}}
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.name},
        "fullDescription": {"text": rule.docs.what.strip()},
        "help": _help(rule, msg),
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {"kind": rule.kind},
    }


def _location(ev: Evidence, pages: dict[str, Page], msg: Messages) -> dict[str, Any]:
    region = span_region(pages.get(ev.doc), ev.start, ev.end, ev.line)
    region["snippet"] = {"text": ev.text}
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri(ev.doc)}, "region": region}}
    if ev.role:
        loc["message"] = {"text": msg(f"role.{ev.role}") if msg.has(f"role.{ev.role}") else ev.role}
    return loc


def _result(f: Finding, index: dict[str, int], pages: dict[str, Page], msg: Messages) -> dict[str, Any]:
    locations = [_location(e, pages, msg) for e in f.evidence]
    res: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": locations[:1],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
    }
    if len(locations) > 1:
        res["relatedLocations"] = [dict(loc, id=i) for i, loc in enumerate(locations[1:], 1)]
    props: dict[str, Any] = {"kind": f.kind}
    if f.metric_id:
        props["metric_id"] = f.metric_id
    if f.computed:
        props["computed"] = f.computed
    if f.review:
        props["review"] = f.review
        if f.review.get("decision") == "dismiss":
            res["suppressions"] = [{"kind": "external", "status": "accepted", "justification": str(f.review.get("reason", ""))}]
    res["properties"] = props
    return res


def sarif_document(result: Any, lang: str = "zh") -> JsonObject:
    """The SARIF log, to be streamed: one pass over the findings now for the rules they use (the first finding of
    each rule, for rules this run did not load), and one when the results are written."""
    msg = messages(lang)
    pages = by_doc(result.pages)
    rules = {r.code: r for r in getattr(result, "rules", ())}
    first: dict[str, Finding] = {}
    for f in result.findings:
        first.setdefault(f.rule, f)
    codes = sorted(set(rules) | set(first))
    index = {c: i for i, c in enumerate(codes)}
    notifications = (
        {"level": "error" if p.fatal else "warning", "message": {"text": p.line()},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(p.doc)}}}]}
        for p in result.problems
    )
    invocation = JsonObject({
        "executionSuccessful": not any(p.fatal for p in result.problems),
        "toolExecutionNotifications": JsonArray(notifications),
    })
    run = JsonObject({
        "tool": {"driver": {
            "name": "reconcile",
            "version": __version__,
            "semanticVersion": __version__,
            "language": "zh-CN" if lang == "zh" else "en",
            "rules": [_descriptor(c, rules.get(c), first.get(c), msg) for c in codes],
        }},
        "invocations": JsonArray([invocation]),
        "artifacts": JsonArray(_artifact(p) for p in result.pages),
        "columnKind": "unicodeCodePoints",
        "results": JsonArray(_result(f, index, pages, msg) for f in result.findings),
    })
    return JsonObject({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": JsonArray([run])})


def _artifact(p: Page) -> dict[str, Any]:
    return {"location": {"uri": uri(p.doc)}, "hashes": {"sha-256": p.sha256}} if p.sha256 else {"location": {"uri": uri(p.doc)}}


def sarif_log(result: Any, lang: str = "zh") -> dict[str, Any]:
    """The SARIF log as one dict, for callers that want to look into it (not for writing a large run)."""
    return plain(sarif_document(result, lang))


def emit(result: Any, out: TextIO, lang: str = "zh", **_: Any) -> None:
    write_json(out, sarif_document(result, lang))
    out.write("\n")
