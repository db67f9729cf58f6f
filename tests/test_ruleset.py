"""The rule loader: what a valid rule becomes, how folders layer, and one line (file:line) for every error."""

from __future__ import annotations

import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest

from reconcile import ruleset
from reconcile.errors import EXIT_USAGE, ConfigError
from reconcile.kinds import REGISTRY
from reconcile.ruleset import load_rules

DOCS = """\
docs:
  zh: {what: 找出写法, why: 因为会误导, example: “减少3倍”, fix: 改写}
  en: {what: finds it, why: it misleads, example: 减少3倍, fix: rewrite}
"""


def rule_text(code: str = "RC901", name: str | None = None, *, severity: str = "error",
              params: str = "params:\n  patterns: ['减少\\d+倍']\n", message: str = "message: {zh: '中{match}', en: 'en {match}'}\n",
              docs: str = DOCS, extra: str = "") -> str:
    name = name or f"rule-{code.lower()}"
    return f"code: {code}\nname: {name}\nkind: pattern\nseverity: {severity}\n{message}{params}{docs}{extra}"


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated 'shipped' folder, so these tests do not depend on the rules the project ships."""
    d = tmp_path / "shipped"
    d.mkdir()
    monkeypatch.setattr(ruleset, "SHIPPED", d)
    return d


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with PyYAML's C parser (the usual case) and without it (PyYAML built without libyaml)."""
    if request.param == "pure-python":
        import yaml

        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    return request.param


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def load_error(folder: Path, **kw) -> ConfigError:
    with pytest.raises(ConfigError) as exc:
        load_rules([folder], **kw)
    err = exc.value
    assert err.exit_code == EXIT_USAGE
    assert "\n" not in str(err), "an error is one line"
    return err


def assert_at(err: ConfigError, path: Path, line: int) -> None:
    assert str(err).startswith(f"{path}:{line}: "), str(err)


# --------------------------------------------------------------------------------------------- valid rules


def test_a_valid_rule_loads_with_its_language(shipped: Path) -> None:
    write(shipped, "RC901.yaml", rule_text())
    (zh,) = load_rules()
    assert (zh.code, zh.kind, zh.severity, zh.lang) == ("RC901", "pattern", "error", "zh")
    assert zh.message == "中{match}" and zh.docs.example == "“减少3倍”"
    assert zh.params.patterns[0].pattern == "减少\\d+倍"
    (en,) = load_rules(lang="en")
    assert en.message == "en {match}" and en.docs.what == "finds it" and en.lang == "en"


def test_a_rule_without_english_falls_back_to_chinese(shipped: Path) -> None:
    docs = "docs:\n  zh: {what: 甲, why: 乙, example: 减少3倍, fix: 丁}\n"
    write(shipped, "RC901.yaml", rule_text(message="message: {zh: '中'}\n", docs=docs))
    (r,) = load_rules(lang="en")
    assert r.message == "中" and r.docs.what == "甲"


def test_a_plain_string_message_serves_every_language(shipped: Path) -> None:
    write(shipped, "RC901.yaml", rule_text(message="message: 'one {match}'\n"))
    assert load_rules(lang="en")[0].message == "one {match}"


def test_rules_are_sorted_by_code_and_the_project_overrides_shipped(shipped: Path, tmp_path: Path) -> None:
    write(shipped, "RC903.yaml", rule_text("RC903"))
    write(shipped, "RC901.yaml", rule_text("RC901", severity="error"))
    project = tmp_path / "project"
    write(project, "mine.yaml", rule_text("RC901", severity="info"))
    write(project, "RC902.yml", rule_text("RC902"))
    rules = load_rules([project])
    assert [r.code for r in rules] == ["RC901", "RC902", "RC903"]
    assert rules[0].severity == "info" and rules[0].source.endswith("mine.yaml")


def test_the_shipped_folder_given_again_is_read_once(shipped: Path) -> None:
    write(shipped, "RC901.yaml", rule_text())
    assert len(load_rules([shipped, shipped])) == 1  # a checkout's rules/ is the shipped folder itself


def test_other_files_and_subfolders_are_not_rules(shipped: Path) -> None:
    write(shipped, "RC901.yaml", rule_text())
    write(shipped, "README.md", "# rules\n")
    write(shipped, "notes.txt", "code: not a rule\n")
    write(shipped, ".RC902.yaml.swp", "\x00\x01")
    write(shipped / "vocab", "metrics.yaml", "- just\n- strings\n")
    assert [r.code for r in load_rules()] == ["RC901"]


# ------------------------------------------------------------------------------------ select and severity


@pytest.fixture
def five(shipped: Path) -> Path:
    for code in ("RC501", "RC502", "RC601", "RC602", "RC701"):
        write(shipped, f"{code}.yaml", rule_text(code, severity="warning"))
    return shipped


def codes(**kw) -> list[str]:
    return [r.code for r in load_rules(**kw)]


def test_select_by_code_prefix_and_name(five: Path) -> None:
    assert codes(select=["RC5"]) == ["RC501", "RC502"]
    assert codes(select=["RC601", "rule-rc701"]) == ["RC601", "RC701"]
    assert codes(select=["RC"]) == ["RC501", "RC502", "RC601", "RC602", "RC701"]


def test_ignore_and_the_most_specific_selector_wins(five: Path) -> None:
    assert codes(ignore=["RC6"]) == ["RC501", "RC502", "RC701"]
    assert codes(select=["RC601"], ignore=["RC6"]) == ["RC601"]
    assert codes(select=["RC6"], ignore=["RC601"]) == ["RC602"]
    assert codes(select=["RC6"], ignore=["RC6"]) == []  # ignore wins a tie
    assert codes(ignore=["RC999"]) == ["RC501", "RC502", "RC601", "RC602", "RC701"]  # a removed rule is no error


def test_severity_overrides_by_code_and_prefix(five: Path) -> None:
    rules = {r.code: r.severity for r in load_rules(severity={"RC5": "info", "RC502": "error"})}
    assert rules == {"RC501": "info", "RC502": "error", "RC601": "warning", "RC602": "warning", "RC701": "warning"}


@pytest.mark.parametrize(
    "kw",
    [
        {"select": ["RC9"]},  # matches nothing: surely a typo
        {"select": ["R5"]},  # not a code, prefix or name
        {"ignore": ["rc 5"]},
        {"severity": {"RC999": "info"}},
        {"severity": {"RC501": "fatal"}},
        {"lang": "fr"},
    ],
)
def test_bad_selection_is_a_config_error(five: Path, kw: dict) -> None:
    with pytest.raises(ConfigError):
        load_rules(**kw)


# ------------------------------------------------------------------------------------------------ errors


def test_invalid_yaml_names_line_and_column(shipped: Path, tmp_path: Path, parser: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", "code: RC901\nname: x\nmessage: {zh: 'a'\nkind: pattern\n")
    err = load_error(p.parent)
    assert str(err).startswith(f"{p}:4: ") and "column" in str(err)


def test_billion_laughs_fails_fast_without_memory_growth(shipped: Path, tmp_path: Path, parser: str) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    p = write(tmp_path / "p", "RC901.yaml", rule_text() + "\n".join(lines) + "\n")
    tracemalloc.start()
    t0 = time.perf_counter()
    err = load_error(p.parent)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert_at(err, p, rule_text().count("\n") + 1)
    assert "anchor" in str(err)
    assert elapsed < 1.0 and peak < 20 * 2**20


def test_an_alias_alone_is_refused(shipped: Path, tmp_path: Path, parser: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text() + "x: *nowhere\n")
    assert "alias" in str(load_error(p.parent))


@pytest.mark.parametrize("depth", [40, 5000])
def test_deep_nesting_is_refused(shipped: Path, tmp_path: Path, parser: str, depth: int) -> None:
    p = write(tmp_path / "p", "RC901.yaml", "code: " + "[" * depth + "]" * depth + "\n")
    err = load_error(p.parent)
    assert_at(err, p, 1)
    assert "nest" in str(err)


def test_a_huge_file_is_refused(shipped: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "p", "RC901.yaml", "# " + "x" * (2 << 20) + "\n")
    assert str(load_error(p.parent)).startswith(f"{p}: ")


def test_a_repeated_key_is_an_error(shipped: Path, tmp_path: Path, parser: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text() + "severity: info\n")
    err = load_error(p.parent)
    assert_at(err, p, rule_text().count("\n") + 1)
    assert "line 4" in str(err)  # where the first one is


def test_unknown_key_at_its_line(shipped: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text(extra="extends: RC100\n"))
    err = load_error(p.parent)
    assert_at(err, p, rule_text().count("\n") + 1)
    assert "extends" in str(err)


def test_unknown_params_key_at_its_line(shipped: Path, tmp_path: Path) -> None:
    params = "params:\n  patterns: ['x\\d']\n  unles: ['y']\n"
    p = write(tmp_path / "p", "RC901.yaml", rule_text(params=params))
    err = load_error(p.parent)
    assert_at(err, p, 8)
    assert "unles" in str(err) and "unless" in str(err)  # names the known keys


def test_unknown_nested_params_key_at_its_line(shipped: Path, tmp_path: Path) -> None:
    params = "params:\n  patterns: ['x\\d']\n  near:\n    patterns: ['y']\n    scope: paragraph\n"
    p = write(tmp_path / "p", "RC901.yaml", rule_text(params=params))
    err = load_error(p.parent)
    assert_at(err, p, 10)
    assert "scope" in str(err) and "within" in str(err)


@pytest.mark.parametrize(
    "params, line",
    [
        ("params:\n  patterns: 5\n", 7),
        ("params:\n  patterns:\n    - 'x\\d'\n    - 7\n", 9),
        ("params:\n  patterns: ['x\\d']\n  near:\n    patterns: ['y']\n    within: page\n", 10),
        ("params:\n  patterns: ['x\\d']\n  roles: [article, sidebar]\n", 8),
        ("params: [a, b]\n", 6),
        ("params:\n  patterns: []\n", 7),
    ],
)
def test_wrong_types_at_the_values_line(shipped: Path, tmp_path: Path, params: str, line: int) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text(params=params))
    assert_at(load_error(p.parent), p, line)


def test_a_missing_params_key_at_the_params_line(shipped: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text(params="params:\n  unless: ['x']\n"))
    err = load_error(p.parent)
    assert_at(err, p, 6)
    assert "patterns" in str(err)


def test_duplicated_codes_in_one_folder_name_both_files(shipped: Path, tmp_path: Path) -> None:
    a = write(tmp_path / "p", "a.yaml", rule_text("RC901", "first"))
    b = write(tmp_path / "p", "b.yaml", "# a comment\n" + rule_text("RC901", "second"))
    err = load_error(a.parent)
    assert_at(err, b, 2)
    assert f"{a}:1" in str(err)


def test_duplicated_names_name_both_rules(shipped: Path, tmp_path: Path) -> None:
    write(shipped, "RC901.yaml", rule_text("RC901", "same-name"))
    b = write(tmp_path / "p", "RC902.yaml", rule_text("RC902", "same-name"))
    err = load_error(b.parent)
    assert_at(err, b, 1)
    assert "RC901" in str(err)


def test_unknown_kind_lists_the_known_ones(shipped: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text().replace("kind: pattern", "kind: regex"))
    err = load_error(p.parent)
    assert_at(err, p, 3)
    assert all(k in str(err) for k in REGISTRY)


@pytest.mark.parametrize(
    "text, line",
    [
        ("- one\n- two\n", 1),  # a list of strings
        ("just a sentence\n", 1),
        ("", 1),
        ("rules:\n  - code: RC901\n", 1),  # one rule, one file: no list of rules
        ("---\ncode: RC901\n---\ncode: RC902\n", 3),
    ],
)
def test_a_yaml_file_that_is_not_a_rule(shipped: Path, tmp_path: Path, parser: str, text: str, line: int) -> None:
    p = write(tmp_path / "p", "RC901.yaml", text)
    err = load_error(p.parent)
    assert str(err).startswith(f"{p}:{line}: ") or (line == 1 and str(err).startswith(f"{p}: ")), str(err)


def test_missing_keys_are_named(shipped: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "p", "RC901.yaml", "code: RC901\nname: x\nkind: pattern\n")
    err = load_error(p.parent)
    assert_at(err, p, 1)
    assert all(k in str(err) for k in ("severity", "message", "docs"))


@pytest.mark.parametrize(
    "docs, line, word",
    [
        ("docs:\n  zh: {what: a, why: b, example: c}\n", 9, "fix"),
        ("docs:\n  zh: {what: a, why: b, example: c, fix: ''}\n", 9, "fix"),
        ("docs:\n  zh: {what: a, why: b, example: c, fix: d, use_instead: e}\n", 9, "use_instead"),
        ("docs:\n  en: {what: a, why: b, example: c, fix: d}\n", 8, "zh"),
        ("docs:\n  zh: {what: a, why: b, example: c, fix: d}\n  fr: {}\n", 10, "fr"),
        ("docs: see the wiki\n", 8, "docs"),
    ],
)
def test_missing_or_bad_docs_sections(shipped: Path, tmp_path: Path, docs: str, line: int, word: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text(docs=docs))
    err = load_error(p.parent)
    assert_at(err, p, line)
    assert word in str(err)


@pytest.mark.parametrize("code", ["RC1", "rc901", "RC9011", "XX901", "901"])
def test_a_code_that_is_not_rc_and_three_digits(shipped: Path, tmp_path: Path, code: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text().replace("code: RC901", f"code: '{code}'"))
    assert_at(load_error(p.parent), p, 1)


def test_a_code_that_is_not_a_string(shipped: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text().replace("code: RC901", "code: 901"))
    assert_at(load_error(p.parent), p, 1)


@pytest.mark.parametrize("sev", ["fatal", "Error", "[error]"])
def test_a_severity_not_in_the_three(shipped: Path, tmp_path: Path, sev: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text(severity=sev))
    assert_at(load_error(p.parent), p, 4)


def test_a_name_that_is_not_kebab_case(shipped: Path, tmp_path: Path) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text(name="Impossible Decrease"))
    assert_at(load_error(p.parent), p, 2)


@pytest.mark.parametrize(
    "message, word",
    [
        ("message: {zh: '{mach}'}\n", "mach"),  # a field the kind does not provide
        ("message: {zh: 'open {match'}\n", "template"),
        ("message: {zh: '{}'}\n", "name"),
        ("message: {en: '{match}'}\n", "zh"),
        ("message: {zh: '{match}', de: '{match}'}\n", "de"),
        ("message: 42\n", "message"),
    ],
)
def test_a_bad_message(shipped: Path, tmp_path: Path, message: str, word: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text(message=message))
    err = load_error(p.parent)
    assert_at(err, p, 5)
    assert word in str(err)


def test_message_may_name_the_patterns_groups(shipped: Path) -> None:
    params = "params:\n  patterns: ['减少(?P<times>\\d+)倍']\n"
    write(shipped, "RC901.yaml", rule_text(params=params, message="message: {zh: '{times}倍 {match}'}\n"))
    assert load_rules()[0].message == "{times}倍 {match}"


def test_a_missing_rules_folder(shipped: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        load_rules([tmp_path / "nowhere"])
    assert str(exc.value).startswith(f"{tmp_path / 'nowhere'}: ")


def test_a_file_that_is_not_utf8(shipped: Path, tmp_path: Path) -> None:
    p = tmp_path / "p" / "RC901.yaml"
    p.parent.mkdir()
    p.write_bytes(rule_text().encode() + "extra: 无效\n".encode("gb18030"))
    assert_at(load_error(p.parent), p, rule_text().count("\n") + 1)


def test_a_python_tag_is_refused(shipped: Path, tmp_path: Path, parser: str) -> None:
    p = write(tmp_path / "p", "RC901.yaml", rule_text() + "x: !!python/object/apply:os.system ['true']\n")
    assert_at(load_error(p.parent), p, rule_text().count("\n") + 1)


def test_every_kinds_params_forbid_unknown_keys() -> None:
    from reconcile.kinds import load_kind

    for name in REGISTRY:
        try:
            kind = load_kind(name)
        except ModuleNotFoundError:
            continue  # not written yet
        assert kind.Params.model_config.get("extra") == "forbid", f"{name}: Params must set extra='forbid'"


def test_rules_digest_changes_with_what_rules_do(shipped: Path) -> None:
    write(shipped, "RC901.yaml", rule_text())
    a = ruleset.rules_digest(load_rules())
    assert a == ruleset.rules_digest(load_rules())
    assert a != ruleset.rules_digest(load_rules(severity={"RC901": "info"}))


def test_rules_pickle_for_worker_processes(shipped: Path) -> None:
    import pickle

    write(shipped, "RC901.yaml", rule_text())
    (r,) = load_rules()
    assert pickle.loads(pickle.dumps(r)) == r


def test_rule_file_example_in_the_docs_is_valid(shipped: Path, tmp_path: Path) -> None:
    """The example rule in rules/README.md loads (the docs cannot drift from the loader)."""
    readme = (Path(__file__).resolve().parent.parent / "rules" / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    write(shipped, "RC999.yaml", textwrap.dedent(block))
    (r,) = load_rules()
    assert r.kind == "pattern" and r.docs.example


@pytest.mark.parametrize(
    "pattern, word",
    [
        ("(增长)\\\\d+倍\\\\1", "re2"),  # a backreference
        ("减少(?=\\\\d)", "re2"),  # lookahead
        ("(?<!原)国土资源部", "re2"),  # lookbehind
        ("(\\\\d+\\\\s?)+倍", "nests"),  # catastrophic for Python's re
        ("(减少)?", "empty"),
    ],
)
def test_a_bad_pattern_stops_the_load_at_its_line(shipped: Path, tmp_path: Path, pattern: str, word: str) -> None:
    params = f'params:\n  unless: ["x"]\n  patterns:\n    - "减少\\\\d+倍"\n    - pattern: "{pattern}"\n      note: n\n'
    p = write(tmp_path / "p", "RC901.yaml", rule_text(params=params))
    t0 = time.perf_counter()
    err = load_error(p.parent)
    assert time.perf_counter() - t0 < 1.0
    assert_at(err, p, 10)
    assert word in str(err)


def test_a_broken_link_named_like_a_rule_is_an_error(shipped: Path, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "RC901.yaml").symlink_to(tmp_path / "gone.yaml")
    assert str(load_error(folder)).startswith(f"{folder / 'RC901.yaml'}: cannot read")
