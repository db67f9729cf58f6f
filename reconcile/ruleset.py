"""Loads and validates rule files: the shipped rules (package data), then the project's own folders.

A rule file is one YAML mapping (one rule, one file, as ruff has it) directly under a rules folder:

    code: RC601
    name: impossible-decrease-by-times
    kind: pattern
    severity: error
    message: {zh: "…{match}…", en: "…{match}…"}
    params: {...}                      # checked by the kind's pydantic Params model
    docs: {zh: {what, why, example, fix}, en: {what, why, example, fix}}

What a folder holds: `*.yaml` / `*.yml` files are rules and must be valid; sub-folders (`vocab/`) are not
rules and are skipped; any other file (README.md, notes.txt) is ignored, so that a folder can carry its own
documentation. A project folder given later overrides a rule of the same code from an earlier one (the
shipped rules come first); two files with the same code in one folder are an error.

Every error stops the load before any work, as one `ConfigError` line: `file:line: what is wrong`.
"""

from __future__ import annotations

import hashlib
import re
import string
import typing
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from .errors import ConfigError
from .kinds import REGISTRY, load_kind
from .kinds.base import CheckKind, Rule, RuleDocs
from .yamlload import YamlDoc, load_yaml, shown_path

SHIPPED = Path(__file__).resolve().parent / "rules"
LANGS = ("zh", "en")  # zh first: the fallback when a rule lacks the language asked for
SEVERITIES = ("error", "warning", "info")
DOC_SECTIONS = ("what", "why", "example", "fix")
RULE_KEYS = ("code", "name", "kind", "severity", "message", "params", "docs")
REQUIRED_KEYS = ("code", "name", "kind", "severity", "message", "docs")
RULE_SUFFIXES = (".yaml", ".yml")

CODE_RE = re.compile(r"^RC\d{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SELECTOR_RE = re.compile(r"^RC\d{0,3}$")


# ------------------------------------------------------------------------------------------- public API


def load_rules(
    dirs: Optional[Sequence[Path]] = None,
    *,
    lang: str = "zh",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str] = {},
) -> tuple[Rule, ...]:
    """The shipped rules, then each project folder's; selected, re-graded and sorted by code.

    `select` / `ignore` take codes, code prefixes (RC5 is every RC5xx rule) or rule names; the most
    specific selector wins, and ignore wins a tie. `severity` maps a code (or prefix) to a new severity.
    """
    if lang not in LANGS:
        raise ConfigError(f"unknown language '{lang}'", fix=f"use one of: {', '.join(LANGS)}")
    rules = load_all(dirs, lang=lang)
    _check_selectors("select", select, rules, must_match=True)
    _check_selectors("ignore", ignore, rules, must_match=False)
    _check_selectors("severity", list(severity), rules, must_match=True)
    for sel, sev in severity.items():
        if sev not in SEVERITIES:
            raise ConfigError(f"severity for {sel}: '{sev}' is not one of {', '.join(SEVERITIES)}")
    chosen = []
    for r in rules:
        if not _selected(r, select, ignore):
            continue
        override = _most_specific(r, severity)
        if override is not None:
            r = _replace(r, severity=severity[override])
        chosen.append(r)
    return tuple(chosen)


def load_all(dirs: Optional[Sequence[Path]] = None, *, lang: str = "zh") -> tuple[Rule, ...]:
    """Every rule of the shipped folder and the project folders, validated, overrides applied, sorted."""
    by_code: dict[str, Rule] = {}
    for folder in rule_folders(dirs):
        in_folder: dict[str, Rule] = {}
        for path in rule_files(folder):
            rule = load_rule_file(path, lang=lang)
            first = in_folder.get(rule.code)
            if first is not None:
                raise ConfigError(
                    f"rule code {rule.code} is also defined at {first.source}:{first.line}",
                    file=rule.source,
                    line=rule.line,
                    fix="give each rule its own code",
                )
            in_folder[rule.code] = rule
        by_code.update(in_folder)  # a later folder overrides an earlier one, code by code
    rules = tuple(sorted(by_code.values(), key=lambda r: r.code))
    _check_unique_names(rules)
    return rules


def rule_folders(dirs: Optional[Sequence[Path]]) -> list[Path]:
    """The shipped folder, then the project folders, each once (a checkout's rules/ is the shipped one)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for d in [SHIPPED, *(Path(x) for x in (dirs or ()))]:
        if not d.is_dir():
            what = "is not a folder" if d.exists() else "rules folder not found"
            raise ConfigError(what, file=shown_path(d), fix="point `rules` at a folder of RC*.yaml files")
        key = d.resolve()
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def rule_files(folder: Path) -> list[Path]:
    """The rule files directly in a folder, in name order; sub-folders and non-YAML files are not rules."""
    files = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or p.suffix.lower() not in RULE_SUFFIXES:
            continue
        if p.is_file() or not p.exists():  # a broken link is reported when read; a folder or FIFO is skipped
            files.append(p)
    return files


def load_rule_file(path: Path, *, lang: str = "zh") -> Rule:
    """One rule file, validated; raises ConfigError with the file and line of the first problem."""
    doc = load_yaml(path)
    return build_rule(doc, lang=lang)


def rules_digest(rules: Iterable[Rule]) -> str:
    """A hash of what the rules would do, for caches that must be invalidated when rules change."""
    h = hashlib.sha256()
    for r in sorted(rules, key=lambda r: r.code):
        params = r.params.model_dump_json() if hasattr(r.params, "model_dump_json") else repr(r.params)
        for part in (r.code, r.kind, r.severity, r.message, params):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
    return h.hexdigest()


# ------------------------------------------------------------------------------------------ validation


def build_rule(doc: YamlDoc, *, lang: str = "zh") -> Rule:
    data = doc.data
    if data is None:
        raise doc.error((), "empty rule file", fix="a rule file holds one mapping: code, name, kind, severity, …")
    if not isinstance(data, dict):
        raise doc.error(
            (),
            f"not a rule: expected a mapping (code, name, kind, …), found {_type_name(data)}",
            fix="a rule file holds one rule; move other files out of the rules folder",
        )
    for key in data:
        if key not in RULE_KEYS:
            raise doc.error((key,), f"unknown key '{key}'", key=True, fix=f"known keys: {', '.join(RULE_KEYS)}")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise doc.error((), f"missing key{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")

    code = _string(doc, "code")
    if not CODE_RE.match(code):
        raise doc.error(("code",), f"code '{code}' does not match RC followed by three digits (RC601)")
    name = _string(doc, "name")
    if not NAME_RE.match(name):
        raise doc.error(("name",), f"name '{name}' is not kebab-case (lower-case words joined by '-')")
    kind_name = _string(doc, "kind")
    if kind_name not in REGISTRY:
        raise doc.error(("kind",), f"unknown check kind '{kind_name}'", fix=f"known kinds: {', '.join(REGISTRY)}")
    sev = _string(doc, "severity")
    if sev not in SEVERITIES:
        raise doc.error(("severity",), f"severity '{sev}' is not one of {', '.join(SEVERITIES)}")

    kind = _kind(doc, kind_name)
    params = _params(doc, kind)
    messages = _messages(doc, kind.message_fields(params))
    docs = _docs(doc)
    chosen = lang if lang in docs else "zh"
    return Rule(
        code=code,
        name=name,
        kind=kind_name,
        severity=sev,
        message=messages.get(lang, messages["zh"]),
        params=params,
        docs=docs[chosen],
        source=doc.name,
        line=doc.line(),
        lang=lang,
    )


def _string(doc: YamlDoc, key: str) -> str:
    value = doc.data[key]
    if not isinstance(value, str) or not value.strip():
        raise doc.error((key,), f"{key}: expected a non-empty string, found {_type_name(value)}")
    return value.strip()


def _kind(doc: YamlDoc, name: str) -> CheckKind:
    try:
        return load_kind(name)
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith("reconcile.kinds"):
            raise doc.error(("kind",), f"check kind '{name}' is registered but not installed ({e.name})") from None
        raise


def _params(doc: YamlDoc, kind: CheckKind) -> Any:
    from pydantic import ValidationError

    raw = doc.data.get("params")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise doc.error(("params",), f"params: expected a mapping, found {_type_name(raw)}")
    try:
        return kind.Params.model_validate(raw)
    except ValidationError as e:
        # Of the errors (a union reports one per member), the one that reaches deepest into the file is the
        # one the user can act on.
        errors = e.errors(include_url=False)
        err = max(errors, key=lambda x: len(doc.resolve(("params", *x["loc"]))))
        loc = ("params", *err["loc"])
        at_key = err["type"] in ("extra_forbidden", "missing")  # the last element names a key, not a node
        where = _dotted((*doc.resolve(loc[:-1]), loc[-1]) if at_key else doc.resolve(loc))
        if err["type"] == "extra_forbidden":
            model = _model_at(kind.Params, err["loc"][:-1])
            known = f"; known keys: {', '.join(model.model_fields)}" if model is not None else ""
            raise doc.error(loc, f"{where}: unknown key '{err['loc'][-1]}'{known}", key=True) from None
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "missing":
            raise doc.error(loc[:-1], f"{where}: required key is missing", key=True) from None
        raise doc.error(loc, f"{where}: {msg}") from None


def _messages(doc: YamlDoc, fields: Optional[frozenset[str]]) -> dict[str, str]:
    raw = doc.data["message"]
    if isinstance(raw, str):
        raw_by_lang = {"zh": raw}
        loc_of = {"zh": ("message",)}
    elif isinstance(raw, dict):
        for k in raw:
            if k not in LANGS:
                raise doc.error(("message", k), f"message: unknown language '{k}'", key=True, fix="use zh and en")
        if "zh" not in raw:
            raise doc.error(("message",), "message: the zh text is missing", key=True)
        raw_by_lang = raw
        loc_of = {k: ("message", k) for k in raw}
    else:
        raise doc.error(("message",), f"message: expected a string or {{zh: …, en: …}}, found {_type_name(raw)}")
    out = {}
    for lang, text in raw_by_lang.items():
        if not isinstance(text, str) or not text.strip():
            raise doc.error(loc_of[lang], f"message.{lang}: expected a non-empty string, found {_type_name(text)}")
        problem = _template_problem(text, fields)
        if problem:
            raise doc.error(loc_of[lang], f"message.{lang}: {problem}")
        out[lang] = text
    return out


def _template_problem(text: str, fields: Optional[frozenset[str]]) -> Optional[str]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as e:
        return f"not a valid template ({e}); write a literal brace as {{{{ or }}}}"
    for _, field, _, _ in parsed:
        if field is None:
            continue
        base = re.split(r"[.\[]", field, maxsplit=1)[0]
        if not base or base.isdigit():
            return "a template field needs a name ({match}, not {} or {0})"
        if fields is not None and base not in fields:
            return f"unknown field {{{base}}}; this kind provides: {', '.join(sorted(fields))}"
    return None


def _docs(doc: YamlDoc) -> dict[str, RuleDocs]:
    raw = doc.data["docs"]
    if not isinstance(raw, dict):
        raise doc.error(("docs",), f"docs: expected {{zh: {{what, why, example, fix}}, en: …}}, found {_type_name(raw)}")
    for k in raw:
        if k not in LANGS:
            raise doc.error(("docs", k), f"docs: unknown language '{k}'", key=True, fix="use zh and en")
    if "zh" not in raw:
        raise doc.error(("docs",), "docs: the zh sections are missing", key=True)
    out = {}
    for lang, sections in raw.items():
        if not isinstance(sections, dict):
            raise doc.error(("docs", lang), f"docs.{lang}: expected a mapping of {', '.join(DOC_SECTIONS)}")
        for k in sections:
            if k not in DOC_SECTIONS:
                raise doc.error(
                    ("docs", lang, k), f"docs.{lang}: unknown section '{k}'", key=True,
                    fix=f"the sections are {', '.join(DOC_SECTIONS)}",
                )
        for k in DOC_SECTIONS:
            if k not in sections:
                raise doc.error(("docs", lang), f"docs.{lang}: section '{k}' is missing", key=True)
            value = sections[k]
            if not isinstance(value, str) or not value.strip():
                raise doc.error(("docs", lang, k), f"docs.{lang}.{k}: expected non-empty text")
        out[lang] = RuleDocs(**{k: sections[k].strip() for k in DOC_SECTIONS})
    return out


def _check_unique_names(rules: Sequence[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for r in rules:
        other = seen.get(r.name)
        if other is not None:
            raise ConfigError(
                f"rule name '{r.name}' ({r.code}) is also the name of {other.code} at {other.source}:{other.line}",
                file=r.source,
                line=r.line,
                fix="give each rule its own name",
            )
        seen[r.name] = r


# ----------------------------------------------------------------------------------- select and ignore


def is_selector(text: object) -> bool:
    """A rule code, a code prefix (RC, RC5, RC60) or a rule name."""
    return isinstance(text, str) and bool(SELECTOR_RE.match(text) or NAME_RE.match(text))


def _check_selectors(what: str, selectors: Sequence[str], rules: Sequence[Rule], *, must_match: bool) -> None:
    names = {r.name for r in rules}
    for sel in selectors:
        if not is_selector(sel):
            raise ConfigError(f"{what}: '{sel}' is not a rule code, code prefix (RC5) or rule name")
        if must_match and not any(_matches(sel, r) for r in rules):
            hint = "a rule name" if sel in names or not sel.startswith("RC") else "a rule code or prefix"
            raise ConfigError(f"{what}: '{sel}' matches no rule", fix=f"check {hint} with `reconcile rules`")


def _matches(selector: str, rule: Rule) -> bool:
    return rule.code.startswith(selector) if SELECTOR_RE.match(selector) else rule.name == selector


def _specificity(selector: str) -> int:
    return 10 if not SELECTOR_RE.match(selector) else len(selector)  # a name is as specific as a full code


def _most_specific(rule: Rule, selectors: Iterable[str]) -> Optional[str]:
    best = None
    for s in selectors:
        if _matches(s, rule) and (best is None or _specificity(s) > _specificity(best)):
            best = s
    return best


def _selected(rule: Rule, select: Sequence[str], ignore: Sequence[str]) -> bool:
    sel = _most_specific(rule, select or ("RC",))
    if sel is None:
        return False
    ign = _most_specific(rule, ignore)
    return ign is None or _specificity(ign) < _specificity(sel)


# ---------------------------------------------------------------------------------------------- helpers


def _replace(rule: Rule, **changes: Any) -> Rule:
    from dataclasses import replace

    return replace(rule, **changes)


def _dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(model: Any, loc: Sequence[Any]) -> Any:
    """The pydantic model class that `loc` (a path inside `model`'s data) ends in, when it is one."""
    from pydantic import BaseModel

    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            continue  # a union tag or other validator name
        model = _find_model(fields[part].annotation, BaseModel)
        if model is None:
            return None
    return model


def _find_model(annotation: Any, base: type) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg, base)
        if found is not None:
            return found
    return None


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)
