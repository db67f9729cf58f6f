"""Issue 7, rule files, end to end: `reconcile run --rules DIR` with a broken rule or vocabulary file stops with
exit 2, one line `file:line: what`, no report and no traceback. (tests/test_ruleset.py and tests/align cover each
refusal at the library level; these check what the user sees.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import TEXT, assert_config_line, reconcile

DOCS = """\
docs:
  zh: {what: 找出写法, why: 因为会误导, example: “减少3倍”, fix: 改写}
  en: {what: finds it, why: it misleads, example: 减少3倍, fix: rewrite}
"""


def rule(code: str = "RC901", *, name: str | None = None, kind: str = "pattern", severity: str = "error",
         params: str = "params:\n  patterns: ['减少\\d+倍']\n", extra: str = "") -> str:
    name = name or f"rule-{code.lower()}"
    return (f"code: {code}\nname: {name}\nkind: {kind}\nseverity: {severity}\n"
            f"message: {{zh: '中{{match}}', en: 'en {{match}}'}}\n{params}{DOCS}{extra}")


def _bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    return rule() + "\n".join(lines) + "\n"


# case -> (files in the rules folder, the file the line must name, a word the line must contain)
CASES: dict[str, tuple[dict[str, str], str, str]] = {
    "invalid-yaml": ({"RC901.yaml": "code: RC901\nname: x\nmessage: {zh: 'a'\nkind: pattern\n"}, "RC901.yaml", "column"),
    "yaml-bomb": ({"RC901.yaml": _bomb()}, "RC901.yaml", "anchor"),
    "unknown-key": ({"RC901.yaml": rule(extra="extends: RC601\n")}, "RC901.yaml", "extends"),
    "wrong-type": ({"RC901.yaml": rule(params="params:\n  patterns: 12\n")}, "RC901.yaml", "patterns"),
    "wrong-type-severity": ({"RC901.yaml": rule(severity="fatal")}, "RC901.yaml", "fatal"),
    "duplicated-code": ({"a.yaml": rule("RC901", name="first"), "b.yaml": rule("RC901", name="second")}, "b.yaml", "RC901"),
    "unknown-kind": ({"RC901.yaml": rule(kind="regex")}, "RC901.yaml", "regex"),
    "catastrophic-regex": ({"RC901.yaml": rule(params="params:\n  patterns: ['(\\d+\\s?)+倍']\n")}, "RC901.yaml", "patterns"),
    "backreference": ({"RC901.yaml": rule(params="params:\n  patterns: ['(\\d)\\1倍']\n")}, "RC901.yaml", "re2"),
    "not-a-rule-list": ({"RC901.yaml": "- code: RC901\n- name: x\n"}, "RC901.yaml", "not a rule"),
    "not-a-rule-text": ({"notes.yaml": "这是一份说明，不是规则。\n"}, "notes.yaml", "not a rule"),
    "vocab-alias-to-itself": (
        {"vocab/metrics.yaml": "metrics:\n  - name: 技术合同成交额\n    note: 技术合同登记额\n    aliases:\n"
                               "      - {name: 技术合同成交额, note: 同名}\n"},
        "vocab/metrics.yaml", "itself"),
    "vocab-alias-under-two-names": (
        {"vocab/metrics.yaml": "metrics:\n  - name: 技术合同成交额\n    note: 登记额\n    aliases:\n      - {name: 技术交易额, note: 简称}\n"
                               "  - name: 技术市场交易额\n    note: 另一统计\n    aliases:\n      - {name: 技术交易额, note: 简称}\n"},
        "vocab/metrics.yaml", "技术交易额"),
    "vocab-bad-yaml": ({"vocab/metrics.yaml": "metrics:\n  - name: [x\n"}, "vocab/metrics.yaml", "YAML"),
}


@pytest.mark.parametrize("given", ["house", "{tmp}/house"])
def test_a_rule_file_is_named_relative_to_the_working_directory(tmp_path: Path, given: str) -> None:
    """The configuration resolves folders to absolute paths; the line names the file as the user would type it
    when it lies under the working directory, however the folder was given."""
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "RC901.yaml").write_text(rule(kind="regex"), encoding="utf-8")
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--no-db", "--rules", given.format(tmp=tmp_path), "page.txt", cwd=tmp_path)
    line = assert_config_line(res, "house/RC901.yaml")
    assert line.startswith("reconcile: house/RC901.yaml:3: "), line


def test_a_rule_file_outside_the_working_directory_is_named_in_full(tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "RC901.yaml").write_text(rule(kind="regex"), encoding="utf-8")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "page.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--no-db", "--rules", str(tmp_path / "house"), "page.txt", cwd=tmp_path / "work")
    line = assert_config_line(res, "house/RC901.yaml")
    assert f"reconcile: {tmp_path / 'house' / 'RC901.yaml'}:3: " in line, line


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_rules_folder_stops_the_run_with_one_line(tmp_path: Path, case: str) -> None:
    files, named, word = CASES[case]
    for name, text in files.items():
        (tmp_path / "house" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "house" / name).write_text(text, encoding="utf-8")
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    start = time.monotonic()
    res = reconcile("run", "--no-db", "--rules", "house", "page.txt", "--format", "json", "--output", "report.json", cwd=tmp_path)
    line = assert_config_line(res, f"house/{named}")
    assert word.lower() in line.lower(), line
    assert not (tmp_path / "report.json").exists(), "no report from a refused configuration"
    assert time.monotonic() - start < 120


def test_other_files_in_the_rules_folder_are_ignored(tmp_path: Path) -> None:
    house = tmp_path / "house"
    (house / "notes").mkdir(parents=True)
    (house / "README.md").write_text("# 本社规则\n说明。\n", encoding="utf-8")
    (house / "notes.txt").write_text("不是规则。\n", encoding="utf-8")
    (house / "notes" / "draft.yaml").write_text("- 草稿\n", encoding="utf-8")  # sub-folders are not read as rules
    (house / "RC901.yaml").write_text(rule(), encoding="utf-8")
    (tmp_path / "page.txt").write_text("本报讯 能耗比上年减少3倍。\n", encoding="utf-8")
    res = reconcile("run", "--no-db", "--rules", "house", "page.txt", "--format", "json", cwd=tmp_path)
    assert res.code == 0 and res.lines == [], res.err
    assert "RC901" in {f["rule"] for f in res.json()["findings"]}, "the house rule ran"


def test_a_rule_error_wins_over_an_unreadable_input(tmp_path: Path) -> None:
    """Exit code precedence: a configuration error (2) beats an unreadable file (3); nothing is read."""
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "RC901.yaml").write_text(rule(kind="regex"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    res = reconcile("run", "--no-db", "--rules", "house", "empty.txt", cwd=tmp_path)
    assert_config_line(res, "house/RC901.yaml")


def test_a_missing_rules_folder(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--no-db", "--rules", "no-such-folder", "page.txt", cwd=tmp_path)
    assert res.code == 2 and res.out == "" and len(res.lines) == 1
    assert "no-such-folder" in res.lines[0]


def test_a_catastrophic_pattern_in_the_text_never_hangs(tmp_path: Path) -> None:
    """A pattern that backtracking engines would take exponential time over is either refused at load or run on
    re2 in linear time; here one that passes the screen runs against a long hostile line."""
    house = tmp_path / "house"
    house.mkdir()
    (house / "RC901.yaml").write_text(rule(params="params:\n  patterns: ['(?:a|aa)*b']\n"), encoding="utf-8")
    (tmp_path / "page.txt").write_text("本报讯 " + "a" * 50_000 + "。\n", encoding="utf-8")
    start = time.monotonic()
    res = reconcile("run", "--no-db", "--rules", "house", "page.txt", "--format", "json", cwd=tmp_path)
    assert res.code in (0, 2), res.err
    if res.code == 2:
        assert_config_line(res, "house/RC901.yaml")
    assert time.monotonic() - start < 120


def test_a_broken_vocabulary_stops_the_run_before_any_document_is_read(tmp_path: Path) -> None:
    """Like a broken rule, a broken vocabulary is refused before the documents are read (minutes, on an archive):
    the page here would be deleted by the fault at its first open, so it still exists only if it was never read."""
    files, named, _ = CASES["vocab-alias-to-itself"]
    for name, text in files.items():
        (tmp_path / "house" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "house" / name).write_text(text, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(TEXT, encoding="utf-8")
    res = reconcile("run", "--no-db", "--rules", "house", "page.txt", cwd=tmp_path, faults={"RECONCILE_FAULT_VANISH": str(page)})
    assert_config_line(res, f"house/{named}")
    assert page.exists(), "the document was read before the vocabulary was checked"
