"""Configuration: `reconcile.toml`, or `[tool.reconcile]` in `pyproject.toml`, found by walking up from the
working directory; command-line flags override it.

The first directory (the working directory, then each parent) holding a `reconcile.toml`, or a
`pyproject.toml` with a `[tool.reconcile]` table, is the project root; `reconcile.toml` wins when a
directory holds both. A `pyproject.toml` without the table does not stop the walk. In `reconcile.toml` the
keys are at the top level; in `pyproject.toml` they sit under `[tool.reconcile]`. Paths in the file are
relative to the file's folder; paths given as flags are relative to the working directory.

    paths = ["articles"]          # what `run` and `check` read when no PATH is given
    rules = ["rules"]             # project rule folders, after the shipped rules
    select = ["RC1", "RC601"]     # codes, code prefixes or rule names; empty: every rule
    ignore = ["RC7"]
    severity = {RC503 = "warning"}
    fail_on = "error"             # error | warning | info: the lowest severity that fails the gate
    db = "reports/reconcile.db"   # the ledger
    no_db = false
    reviews = "reviews.yaml"
    lang = "zh"                   # zh | en: messages and docs
    jobs = 2                      # worker processes; absent: one per core
    engine = "local"              # local | dask
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from .errors import ConfigError, UsageError

FAIL_LEVELS = ("error", "warning", "info")
LANGS = ("zh", "en")
ENGINES = ("local", "dask")
SEVERITIES = ("error", "warning", "info")
CONFIG_FILE = "reconcile.toml"
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class Config:
    root: Path  # the folder of the configuration file, or the working directory when there is none
    source: Optional[Path] = None  # the configuration file read, if any
    paths: tuple[Path, ...] = ()
    rules: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    db: Optional[Path] = None  # None only with no_db
    no_db: bool = False
    reviews: Optional[Path] = None
    lang: str = "zh"
    jobs: Optional[int] = None
    engine: str = "local"


# Validators: each returns the value as stored, or raises
# ValueError with what is wrong; `base` is the folder relative paths are resolved against.
def _str_list(value: Any, base: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of strings")
    return tuple(value)


def _selectors(value: Any, base: Path) -> tuple[str, ...]:
    from .ruleset import is_selector

    out = _str_list(value, base)
    for sel in out:
        if not is_selector(sel):
            raise ValueError(f"'{sel}' is not a rule code, code prefix (RC5) or rule name")
    return out


def _path_list(value: Any, base: Path) -> tuple[Path, ...]:
    return tuple(base / v for v in _str_list(value, base))


def _path(value: Any, base: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ValueError("expected a path (a string)")
    return base / value


def _bool(value: Any, base: Path) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _choice(*options: str) -> Callable[[Any, Path], str]:
    def check(value: Any, base: Path) -> str:
        if value not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return value

    return check


def _jobs(value: Any, base: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("expected a whole number of at least 1")
    return value


def _severity_map(value: Any, base: Path) -> dict[str, str]:
    from .ruleset import is_selector

    if not isinstance(value, dict):
        raise ValueError('expected a table of rule code = severity, e.g. {RC503 = "warning"}')
    for k, v in value.items():
        if not is_selector(k):
            raise ValueError(f"'{k}' is not a rule code, code prefix (RC5) or rule name")
        if v not in SEVERITIES:
            raise ValueError(f"{k}: expected one of {', '.join(SEVERITIES)}")
    return dict(value)


KEYS: dict[str, Callable[[Any, Path], Any]] = {
    "paths": _path_list,
    "rules": _path_list,
    "select": _selectors,
    "ignore": _selectors,
    "severity": _severity_map,
    "fail_on": _choice(*FAIL_LEVELS),
    "db": _path,
    "no_db": _bool,
    "reviews": _path,
    "lang": _choice(*LANGS),
    "jobs": _jobs,
    "engine": _choice(*ENGINES),
}


def find_config(cwd: Path) -> Optional[tuple[Path, dict[str, Any], str]]:
    """(file, its reconcile table, the file's text) of the nearest configuration, walking up from cwd."""
    for folder in (cwd, *cwd.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            text, data = _read_toml(own)
            return own, data, text
        py = folder / PYPROJECT
        if py.is_file():
            text, data = _read_toml(py)
            table = data.get("tool", {}).get("reconcile") if isinstance(data.get("tool"), dict) else None
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError("[tool.reconcile] must be a table", file=str(py))
                return py, table, text
    return None


def load_config(cwd: Optional[Path] = None, overrides: Optional[Mapping[str, Any]] = None) -> Config:
    """The configuration that applies in `cwd` (default: the working directory), with `overrides` (flags,
    by key name; a value of None, or an empty list, means the flag was not given) applied on top."""
    cwd = (cwd or Path.cwd()).resolve()
    found = find_config(cwd)
    values: dict[str, Any] = {}
    root, source = cwd, None
    if found is not None:
        source, table, text = found
        root = source.parent
        section = ("tool", "reconcile") if source.name == PYPROJECT else ()
        for key, raw in table.items():
            line = _key_line(text, section, key)
            if key not in KEYS:
                raise ConfigError(f"unknown key '{key}'", file=str(source), line=line,
                                  fix=f"known keys: {', '.join(KEYS)}")
            try:
                values[key] = KEYS[key](raw, root)
            except ValueError as e:
                raise ConfigError(f"{key}: {e}", file=str(source), line=line) from None
    for key, raw in (overrides or {}).items():
        if raw is None or (isinstance(raw, (list, tuple, dict)) and not raw):
            continue
        if key not in KEYS:
            raise UsageError(f"unknown setting '{key}'", fix=f"known settings: {', '.join(KEYS)}")
        if isinstance(raw, tuple):
            raw = list(raw)
        if key in ("paths", "rules") and isinstance(raw, list):
            raw = [str(p) for p in raw]
        elif key in ("db", "reviews") and isinstance(raw, Path):
            raw = str(raw)
        try:
            value = KEYS[key](raw, cwd)
        except ValueError as e:
            raise UsageError(f"--{key.replace('_', '-')}: {e}") from None
        if key == "severity":  # per rule: a flag for one rule keeps the file's other overrides
            value = {**values.get("severity", {}), **value}
        values[key] = value
    no_db = values.get("no_db", False)
    return Config(
        root=root,
        source=source,
        paths=values.get("paths", ()),
        rules=values.get("rules", ()),
        select=values.get("select", ()),
        ignore=values.get("ignore", ()),
        severity=values.get("severity", {}),
        fail_on=values.get("fail_on", "error"),
        db=None if no_db else values.get("db", root / "reports" / "reconcile.db"),
        no_db=no_db,
        reviews=values.get("reviews", root / "reviews.yaml"),
        lang=values.get("lang", "zh"),
        jobs=values.get("jobs"),
        engine=values.get("engine", "local"),
    )


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read: {getattr(e, 'strerror', None) or e}", file=str(path)) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        what = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        if m:
            raise ConfigError(f"invalid TOML (column {m.group(2)}): {what}", file=str(path),
                              line=int(m.group(1))) from None
        raise ConfigError(f"invalid TOML: {what}", file=str(path)) from None


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _key_line(text: str, section: tuple[str, ...], key: str) -> Optional[int]:
    """The line where `key` is set in the table `section` (tomllib gives no positions; this finds
    `key = …`, `key.sub = …` or a `[section.key]` header)."""
    current: tuple[str, ...] = ()
    key_re = re.compile(r'^\s*["\']?' + re.escape(key) + r'["\']?\s*[=.]')
    for n, line in enumerate(text.splitlines(), 1):
        h = _HEADER.match(line)
        if h:
            current = tuple(part.strip().strip("\"'") for part in h.group(1).split("."))
            if current == (*section, key):
                return n
            continue
        if current == section and key_re.match(line):
            return n
    return None
