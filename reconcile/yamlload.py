"""Safe YAML for files people edit by hand (rule files, rule fixtures): plain data plus the line of every node.

Rule files are small and hostile input is cheap to write, so the loader is strict rather than clever:
- no anchors or aliases at all, which rules out the billion-laughs bomb (and merge keys) before anything
  is built: the file fails at its first `&anchor`, in time and memory proportional to the text read so far;
- a size cap and a nesting cap, so that a deep `[[[[…` cannot exhaust the recursion of the composer;
- a key repeated in one mapping is an error (PyYAML would silently keep the last one);
- every failure is a `ConfigError` whose one line is `file:line: what is wrong`.

The parsed data comes with the composed node tree, so that a validator that knows only a path into the
data (pydantic's error `loc`, say) can name the line the user has to edit (`YamlDoc.line`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence, Union

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent, MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent

from .errors import ConfigError

MAX_BYTES = 1 << 20  # a rule file of a megabyte is already far beyond any real one
MAX_DEPTH = 32

Loc = Sequence[Union[str, int]]


class _Refused(Exception):
    """Raised inside the composer; turned into a ConfigError with the file name outside it."""

    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.mark = mark


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and bounds nesting."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(f"YAML alias *{event.anchor} is not allowed (write the value out)", event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise _Refused(f"YAML anchor &{event.anchor} is not allowed (write the value out)", event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"YAML nested deeper than {MAX_DEPTH} levels", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: its data and its node tree (for line numbers)."""

    name: str  # the file as shown in messages
    data: Any
    root: Any  # yaml.Node, or None for an empty file

    def node(self, loc: Loc) -> Any:
        """The deepest node along `loc`. Elements that do not name a key or an index of the node reached so
        far are skipped: validators insert names of their own (pydantic's union tags) into paths."""
        return self._walk(loc)[0]

    def resolve(self, loc: Loc) -> tuple[Union[str, int], ...]:
        """The elements of `loc` that name keys or indexes in the file (the path a user can follow)."""
        return self._walk(loc)[1]

    def _walk(self, loc: Loc) -> tuple[Any, tuple[Union[str, int], ...]]:
        node, path = self.root, []
        for part in loc:
            child = _child(node, part)
            if child is not None:
                node = child
                path.append(part)
        return node, tuple(path)

    def line(self, loc: Loc = (), *, key: bool = False) -> int:
        """1-based line of the value at `loc`, or with `key=True` of the key that `loc` ends with."""
        if self.root is None:
            return 1
        if key and loc:
            parent = self.node(loc[:-1])
            if isinstance(parent, yaml.MappingNode):
                for k, _ in parent.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(loc[-1]):
                        return k.start_mark.line + 1
        return self.node(loc).start_mark.line + 1

    def error(self, loc: Loc, message: str, *, key: bool = False, fix: str | None = None) -> ConfigError:
        return ConfigError(message, file=self.name, line=self.line(loc, key=key), fix=fix)


def _child(node: Any, part: Union[str, int]) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                return v
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def shown_path(path: Path | str) -> str:
    """A path as the user would type it in error lines: relative to the working directory when it lies under
    it (the configuration resolves folders to absolute paths), else as given."""
    p = Path(path)
    if p.is_absolute():
        try:
            return str(p.relative_to(Path.cwd()))
        except (ValueError, OSError):  # elsewhere, or the working directory is gone
            pass
    return str(path)


def load_yaml(path: Path, *, name: str | None = None) -> YamlDoc:
    """Read and parse a YAML file; every failure is a ConfigError naming the file (`name`, else its path as
    `shown_path` gives it) and line."""
    shown = name or shown_path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror or e}", file=shown) from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"file larger than {MAX_BYTES // 1024} KiB; a rule file is never that big", file=shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ConfigError(f"not UTF-8 (byte {e.start})", file=shown, line=line, fix="save the file as UTF-8") from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, name: str) -> YamlDoc:
    if len(text) > MAX_BYTES:
        raise ConfigError(f"text larger than {MAX_BYTES // 1024} KiB", file=name)
    c_loader = getattr(yaml, "CSafeLoader", None)
    loader = c_loader(text) if c_loader is not None else _StrictLoader(text)
    try:
        if c_loader is not None:
            # libyaml composes in C, out of reach of _StrictLoader's checks: screen its events first (a
            # linear pass that builds nothing), so that nothing with an anchor or deep nesting is composed.
            _screen_events(text)
        root = loader.get_single_node()
        if root is not None:
            _check_duplicate_keys(root, name)
        data = loader.construct_document(root) if root is not None else None
    except _Refused as e:
        raise ConfigError(str(e), file=name, line=e.mark.line + 1) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = e.problem or e.context or "invalid YAML"
        if isinstance(e, ComposerError) and "single document" in (e.context or ""):
            what = "more than one YAML document (---); a rule file holds one"
        where = f" (column {mark.column + 1})" if mark is not None else ""
        raise ConfigError(f"invalid YAML{where}: {what}", file=name, line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        raise ConfigError(f"invalid YAML: character {e.character!r} is not allowed", file=name, line=line) from None
    except yaml.YAMLError as e:  # anything else PyYAML raises, without a position
        raise ConfigError(f"invalid YAML: {e}", file=name) from None
    finally:
        loader.dispose()
    return YamlDoc(name=name, data=data, root=root)


def _screen_events(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, AliasEvent):
            raise _Refused(f"YAML alias *{event.anchor} is not allowed (write the value out)", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(f"YAML anchor &{event.anchor} is not allowed (write the value out)", event.start_mark)
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"YAML nested deeper than {MAX_DEPTH} levels", event.start_mark)
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            depth -= 1


def _check_duplicate_keys(root: Any, name: str) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    line = k.start_mark.line + 1
                    if k.value in seen:
                        raise ConfigError(
                            f"key '{k.value}' repeated (first at line {seen[k.value]})", file=name, line=line
                        )
                    seen[k.value] = line
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
