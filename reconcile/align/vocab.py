"""Vocabularies: the domain data alignment reads (rules/vocab/*.yaml, plus a project's own folders).

A vocabulary file is a YAML mapping with any of these sections; every entry says *why* (a `note`), because an
alias is a claim that two printed names count the same thing, and an editor must be able to check that claim:

```yaml
metrics:                      # canonical metric names and the other names printed for them
  - name: 国家高新技术企业
    aliases:
      - {name: 高新技术企业, note: 高新技术企业 is a national certification; 国家 is often dropped}
entities:                     # the same for places and organisations
  - name: 中国
    aliases: [{name: 全国, note: ...}]
units:                        # units that count the same things: 名, 位 and 人 all count people
  - {family: 人, members: [人, 名, 位], note: ...}
prefixes:                     # words in front of a metric that do not change what it counts (培育, 引进 ...)
  - {words: [培育, 引进], note: ...}
fillers:                      # words naming the whole entity, wherever they stand (全国, 全市 ...)
  - {words: [全国, 全市], note: ...}
suffixes:                     # endings that only say "the number of" (人数, 数量 ...)
  - {words: [数量, 人数], note: ...}
inserts:                      # what may stand inside a name without changing it (粮食总产量 = 粮食产量)
  - {words: [总, 级], note: ...}
terms:                        # abbreviations spelt out inside longer names: 单位GDP能耗 -> 单位国内生产总值能耗
  - {name: GDP, means: 国内生产总值, note: ...}
```

Errors are `ConfigError`s with `file:line: what`: bad YAML, an unknown key, a missing note, an alias equal to its
own canonical name, an alias (or canonical name) claimed by two canonical names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Sequence

from ..errors import ConfigError

SHIPPED = Path(__file__).resolve().parent.parent / "rules" / "vocab"

_SECTIONS = ("metrics", "entities", "units", "prefixes", "fillers", "suffixes", "inserts", "terms")


def fold(text: str) -> str:
    """The form names are compared in: NFKC (full-width letters and digits), no spaces, no quotation marks."""
    t = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in t if not ch.isspace() and ch not in _QUOTES)


_QUOTES = set("\"'“”‘’「」『』《》〈〉")


@dataclass(frozen=True)
class Vocabulary:
    """Folded name -> canonical name tables, and the word lists the phrase normaliser uses."""

    metric_alias: Mapping[str, str] = field(default_factory=dict)
    entity_alias: Mapping[str, str] = field(default_factory=dict)
    unit_family: Mapping[str, str] = field(default_factory=dict)
    prefixes: tuple[str, ...] = ()  # longest first
    fillers: tuple[str, ...] = ()  # longest first
    suffixes: tuple[str, ...] = ()  # longest first
    inserts: frozenset[str] = frozenset()
    terms: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (section, folded alias) -> note
    files: tuple[str, ...] = ()

    def canonical_metric(self, name: str) -> Optional[str]:
        return self.metric_alias.get(fold(name))

    def canonical_entity(self, name: str) -> Optional[str]:
        return self.entity_alias.get(fold(name))


def load_vocabulary(dirs: Sequence[Path] | None = None) -> Vocabulary:
    """The shipped vocabularies plus those in `dirs` (each a vocab folder, or a rules folder with a vocab/ inside).

    Files are read in a fixed order (shipped first, then each folder's files by name), so the result never
    depends on the file system's listing order.
    """
    files = sorted(SHIPPED.glob("*.yaml")) if SHIPPED.is_dir() else []
    for d in dirs or ():
        d = Path(d)
        folder = d / "vocab" if (d / "vocab").is_dir() else d
        if not folder.is_dir():
            from ..yamlload import shown_path

            raise ConfigError("vocabulary folder not found", file=shown_path(d))
        if folder.resolve() == SHIPPED.resolve():
            continue
        files.extend(sorted(p for p in folder.glob("*.yaml") if not _looks_like_rule(p)))
    builder = _Builder()
    for f in files:
        builder.read(f)
    return builder.build()


def _looks_like_rule(p: Path) -> bool:
    # A rules folder given without a vocab/ inside: its RC101.yaml files are rules, not vocabularies.
    stem = p.stem
    return len(stem) > 2 and stem[:2].isalpha() and stem[:2].isupper() and stem[2:3].isdigit()


# ---------------------------------------------------------------------------------------------------- reading


class _Builder:
    def __init__(self) -> None:
        self.metric: dict[str, tuple[str, str]] = {}  # folded alias -> (canonical, "file:line")
        self.entity: dict[str, tuple[str, str]] = {}
        self.canon_metric: dict[str, str] = {}  # folded canonical -> canonical
        self.canon_entity: dict[str, str] = {}
        self.units: dict[str, tuple[str, str]] = {}
        self.prefixes: set[str] = set()
        self.fillers: set[str] = set()
        self.suffixes: set[str] = set()
        self.inserts: set[str] = set()
        self.terms: dict[str, str] = {}
        self.notes: dict[tuple[str, str], str] = {}
        self.files: list[str] = []

    def read(self, path: Path) -> None:
        import yaml

        from ..yamlload import shown_path

        name = shown_path(path)  # as the user would type it, as rule files are named
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read vocabulary: {e}", file=name) from e
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
            line = mark.line + 1 if mark is not None else None
            what = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise ConfigError(f"bad YAML: {what}", file=name, line=line) from e
        self.files.append(name)
        if root is None:
            return
        doc = _Node(root, name)
        for key, value in doc.mapping(_SECTIONS):
            getattr(self, "_" + key)(value)

    # Each section -----------------------------------------------------------------------------------------

    def _metrics(self, node: "_Node") -> None:
        self._named(node, "metrics", self.metric, self.canon_metric)

    def _entities(self, node: "_Node") -> None:
        self._named(node, "entities", self.entity, self.canon_entity)

    def _named(self, node: "_Node", section: str, table: dict, canon: dict) -> None:
        for item in node.sequence():
            fields = dict(item.mapping(("name", "note", "aliases"), required=("name",)))
            canonical = fields["name"].string()
            cf = fold(canonical)
            if cf in table and table[cf][0] != canonical:
                raise item.error(f"{canonical!r} is already an alias of {table[cf][0]!r} ({table[cf][1]})")
            canon[cf] = canonical
            table.setdefault(cf, (canonical, item.where))
            for alias_node in fields["aliases"].sequence() if "aliases" in fields else ():
                a = dict(alias_node.mapping(("name", "note"), required=("name", "note")))
                alias = a["name"].string()
                note = a["note"].string()
                af = fold(alias)
                if af == cf:
                    raise alias_node.error(f"alias {alias!r} points at itself")
                if af in canon and canon[af] != canonical:
                    raise alias_node.error(f"alias {alias!r} is itself a canonical name")
                if af in table and table[af][0] != canonical:
                    other, where = table[af]
                    raise alias_node.error(f"alias {alias!r} is under two canonical names: {other!r} ({where}) and {canonical!r}")
                table[af] = (canonical, alias_node.where)
                self.notes[(section, af)] = note

    def _units(self, node: "_Node") -> None:
        for item in node.sequence():
            fields = dict(item.mapping(("family", "members", "note"), required=("family", "members", "note")))
            family = fields["family"].string()
            for m in fields["members"].sequence():
                unit = m.string()
                if unit in self.units and self.units[unit][0] != family:
                    raise m.error(f"unit {unit!r} is in two families: {self.units[unit][0]!r} ({self.units[unit][1]}) and {family!r}")
                self.units[unit] = (family, m.where)

    def _prefixes(self, node: "_Node") -> None:
        self._words(node, self.prefixes)

    def _fillers(self, node: "_Node") -> None:
        self._words(node, self.fillers)

    def _suffixes(self, node: "_Node") -> None:
        self._words(node, self.suffixes)

    def _inserts(self, node: "_Node") -> None:
        self._words(node, self.inserts)

    def _words(self, node: "_Node", into: set[str]) -> None:
        for item in node.sequence():
            fields = dict(item.mapping(("words", "note"), required=("words", "note")))
            for w in fields["words"].sequence():
                into.add(fold(w.string()))

    def _terms(self, node: "_Node") -> None:
        for item in node.sequence():
            fields = dict(item.mapping(("name", "means", "note"), required=("name", "means", "note")))
            name, means = fold(fields["name"].string()), fold(fields["means"].string())
            if name == means:
                raise item.error(f"term {name!r} points at itself")
            if name in self.terms and self.terms[name] != means:
                raise item.error(f"term {name!r} has two meanings: {self.terms[name]!r} and {means!r}")
            self.terms[name] = means

    def build(self) -> Vocabulary:
        # A canonical name also maps to itself, so a lookup answers "is this a known metric" in one step.
        return Vocabulary(
            metric_alias={k: v for k, (v, _) in sorted(self.metric.items())},
            entity_alias={k: v for k, (v, _) in sorted(self.entity.items())},
            unit_family={k: v for k, (v, _) in sorted(self.units.items())},
            prefixes=tuple(sorted(self.prefixes, key=lambda w: (-len(w), w))),
            fillers=tuple(sorted(self.fillers, key=lambda w: (-len(w), w))),
            suffixes=tuple(sorted(self.suffixes, key=lambda w: (-len(w), w))),
            inserts=frozenset(self.inserts),
            terms=dict(sorted(self.terms.items(), key=lambda kv: (-len(kv[0]), kv[0]))),
            notes=dict(sorted(self.notes.items())),
            files=tuple(self.files),
        )


class _Node:
    """A YAML node with its file, so that every error can say `file:line`."""

    def __init__(self, node: Any, file: str) -> None:
        self.node = node
        self.file = file

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def error(self, what: str) -> ConfigError:
        return ConfigError(what, file=self.file, line=self.line)

    def mapping(self, allowed: Sequence[str], required: Sequence[str] = ()) -> Iterator[tuple[str, "_Node"]]:
        import yaml

        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"expected a mapping with keys {', '.join(allowed)}")
        seen: set[str] = set()
        pairs = []
        for k, v in self.node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if key not in allowed:
                raise _Node(k, self.file).error(f"unknown key {key!r} (expected one of: {', '.join(allowed)})")
            if key in seen:
                raise _Node(k, self.file).error(f"duplicated key {key!r}")
            seen.add(key)
            pairs.append((key, _Node(v, self.file)))
        missing = [r for r in required if r not in seen]
        if missing:
            raise self.error(f"missing key {missing[0]!r}")
        return iter(pairs)

    def sequence(self) -> list["_Node"]:
        import yaml

        if not isinstance(self.node, yaml.SequenceNode):
            raise self.error("expected a list")
        return [_Node(v, self.file) for v in self.node.value]

    def string(self) -> str:
        import yaml

        if not isinstance(self.node, yaml.ScalarNode) or self.node.tag.endswith((":null", ":bool")):
            raise self.error("expected a string")
        value = str(self.node.value).strip()
        if not value:
            raise self.error("expected a non-empty string")
        return value
