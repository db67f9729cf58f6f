"""Every shipped rule documents itself: four sections in zh and en, an example that quotes a figure or a
wording, and `reconcile explain CODE` prints them. One test per rule file, so a broken file names itself.

Also: every key of every kind's parameter model is listed in that kind's section of docs/kinds.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reconcile.kinds import REGISTRY
from reconcile.ruleset import DOC_SECTIONS, SHIPPED, load_rule_file, rule_files
from reconcile.yamlload import load_yaml

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = rule_files(SHIPPED)

# A figure (Arabic or Chinese numerals) or a quoted wording.
EXAMPLE_EVIDENCE = re.compile(r"[0-9０-９]|[零〇一二两三四五六七八九十百千万亿]|[“”「」‘’\"'《》]")


def test_there_are_shipped_rules() -> None:
    assert RULE_FILES, f"no rule files in {SHIPPED}"


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_is_documented_in_both_languages(path: Path) -> None:
    raw = load_yaml(path).data
    assert isinstance(raw, dict)
    assert set(raw.get("docs", {})) == {"zh", "en"}, f"{path.name}: docs needs zh and en"
    assert isinstance(raw.get("message"), dict) and set(raw["message"]) == {"zh", "en"}, (
        f"{path.name}: message needs zh and en")
    for lang in ("zh", "en"):
        rule = load_rule_file(path, lang=lang)
        assert path.stem == rule.code, f"{path.name}: name the file after its code, {rule.code}.yaml"
        for section in DOC_SECTIONS:
            text = getattr(rule.docs, section)
            assert text.strip(), f"{rule.code} docs.{lang}.{section} is empty"
        assert EXAMPLE_EVIDENCE.search(rule.docs.example), (
            f"{rule.code} docs.{lang}.example should quote a figure or a wording")
    zh, en = load_rule_file(path, lang="zh"), load_rule_file(path, lang="en")
    assert zh.docs.what != en.docs.what, f"{zh.code}: the en docs repeat the zh ones"
    assert re.search(r"[A-Za-z]{3,}", en.docs.what + en.docs.why), f"{zh.code}: the en docs are not in English"


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_prints_the_docs(path: Path, lang: str) -> None:
    try:
        from click.testing import CliRunner

        from reconcile.cli import cli
    except ImportError as e:
        pytest.skip(f"the CLI is not available yet ({e})")
    if "explain" not in getattr(cli, "commands", {}):
        pytest.skip("`reconcile explain` is not written yet")
    rule = load_rule_file(path, lang=lang)
    result = CliRunner().invoke(cli, ["explain", rule.code, "--lang", lang])
    assert result.exit_code == 0, result.output
    for section in DOC_SECTIONS:
        assert getattr(rule.docs, section) in result.output, f"{rule.code}: explain omits {section}"


def _kind_sections() -> dict[str, str]:
    text = (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (\S+)\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("name", list(REGISTRY))
def test_kind_params_are_documented(name: str) -> None:
    from reconcile.kinds import load_kind

    sections = _kind_sections()
    assert name in sections, f"docs/kinds.md has no section '## {name}'"
    try:
        kind = load_kind(name)
    except ModuleNotFoundError:
        pytest.skip(f"kind {name} is not written yet")
    if "Section to be written" in sections[name]:
        pytest.skip(f"docs/kinds.md: the {name} section is not written yet")
    missing = [k for k in kind.Params.model_fields if f"`{k}`" not in sections[name]]
    assert not missing, f"docs/kinds.md, section {name}: params not documented: {', '.join(missing)}"
    for field in sorted(kind.fields or ()):
        assert f"{{{field}}}" in sections[name], f"docs/kinds.md, section {name}: message field {{{field}}} missing"
