"""Configuration: found by walking up, reconcile.toml over pyproject.toml, flags over both, every error named."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.config import KEYS, load_config
from reconcile.errors import EXIT_USAGE, ConfigError, UsageError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_configuration_gives_defaults_rooted_at_the_working_directory(tmp_path: Path) -> None:
    c = load_config(tmp_path)
    assert c.source is None and c.root == tmp_path.resolve()
    assert (c.paths, c.rules, c.select, c.ignore, dict(c.severity)) == ((), (), (), (), {})
    assert (c.fail_on, c.lang, c.engine, c.jobs, c.no_db) == ("error", "zh", "local", None, False)
    assert c.db == tmp_path.resolve() / "reports" / "reconcile.db"
    assert c.reviews == tmp_path.resolve() / "reviews.yaml"


def test_pyproject_table_found_walking_up_with_paths_relative_to_it(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", """
[project]
name = "newsroom"

[tool.reconcile]
paths = ["articles"]
rules = ["house-rules"]
select = ["RC1", "RC601"]
ignore = ["RC606"]
fail_on = "warning"
db = "cache/ledger.db"
reviews = "editorial/reviews.yaml"
lang = "en"
jobs = 2
engine = "dask"

[tool.reconcile.severity]
RC503 = "info"
""")
    deep = tmp_path / "articles" / "2025" / "12"
    deep.mkdir(parents=True)
    c = load_config(deep)
    root = tmp_path.resolve()
    assert c.source == root / "pyproject.toml" and c.root == root
    assert c.paths == (root / "articles",) and c.rules == (root / "house-rules",)
    assert c.select == ("RC1", "RC601") and c.ignore == ("RC606",) and dict(c.severity) == {"RC503": "info"}
    assert (c.fail_on, c.lang, c.jobs, c.engine) == ("warning", "en", 2, "dask")
    assert c.db == root / "cache" / "ledger.db" and c.reviews == root / "editorial" / "reviews.yaml"


def test_a_pyproject_without_the_table_does_not_stop_the_walk(tmp_path: Path) -> None:
    write(tmp_path / "reconcile.toml", 'lang = "en"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n')
    c = load_config(tmp_path / "pkg")
    assert c.source == (tmp_path / "reconcile.toml").resolve() and c.lang == "en"


def test_the_nearest_directory_wins(tmp_path: Path) -> None:
    write(tmp_path / "reconcile.toml", 'lang = "en"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.reconcile]\nfail_on = "info"\n')
    c = load_config(tmp_path / "sub")
    assert c.source == (tmp_path / "sub" / "pyproject.toml").resolve()
    assert (c.lang, c.fail_on) == ("zh", "info")


def test_reconcile_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "reconcile.toml", 'fail_on = "warning"\n')
    write(tmp_path / "pyproject.toml", '[tool.reconcile]\nfail_on = "info"\n')
    c = load_config(tmp_path)
    assert c.source.name == "reconcile.toml" and c.fail_on == "warning"


def test_flags_override_the_file(tmp_path: Path) -> None:
    write(tmp_path / "reconcile.toml", """
paths = ["articles"]
select = ["RC1"]
fail_on = "warning"
severity = {RC503 = "info", RC601 = "warning"}
""")
    sub = tmp_path / "sub"
    sub.mkdir()
    c = load_config(sub, {"paths": ["new.txt"], "select": ("RC6",), "fail_on": None, "ignore": (),
                          "severity": {"RC601": "error"}, "no_db": True, "db": "elsewhere.db"})
    assert c.paths == (sub.resolve() / "new.txt",)  # a flag's path is relative to the working directory
    assert c.select == ("RC6",)
    assert c.fail_on == "warning"  # None: the flag was not given
    assert dict(c.severity) == {"RC503": "info", "RC601": "error"}  # merged per rule
    assert c.no_db and c.db is None


def test_the_project_configuration_parses() -> None:
    """This repository's own pyproject.toml is a valid configuration."""
    root = Path(__file__).resolve().parent.parent
    assert load_config(root).source == root / "pyproject.toml"


# ------------------------------------------------------------------------------------------------ errors


def config_error(tmp_path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert exc.value.exit_code == EXIT_USAGE and "\n" not in str(exc.value)
    return exc.value


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    p = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.reconcile]\npaths = ["a"]\nfail-on = "info"\n')
    err = config_error(tmp_path)
    assert str(err).startswith(f"{p.resolve()}:6: ") and "fail-on" in str(err) and "fail_on" in str(err)


@pytest.mark.parametrize(
    "text, key, line",
    [
        ('paths = "articles"\n', "paths", 1),
        ('lang = "en"\nselect = [601]\n', "select", 2),
        ('fail_on = "fatal"\n', "fail_on", 1),
        ('no_db = "yes"\n', "no_db", 1),
        ('jobs = 0\n', "jobs", 1),
        ('jobs = true\n', "jobs", 1),
        ('lang = "fr"\n', "lang", 1),
        ('engine = "spark"\n', "engine", 1),
        ('db = 5\n', "db", 1),
        ('severity = ["RC1"]\n', "severity", 1),
        ('lang = "zh"\n\n[severity]\nRC601 = "fatal"\n', "severity", 3),
        ('ignore = ["RC601", "R 6"]\n', "ignore", 1),
        ('severity = {"rc-6 01" = "info"}\n', "severity", 1),
    ],
)
def test_wrong_types_name_file_line_and_key(tmp_path: Path, text: str, key: str, line: int) -> None:
    p = write(tmp_path / "reconcile.toml", text)
    err = config_error(tmp_path)
    assert str(err).startswith(f"{p.resolve()}:{line}: {key}"), str(err)


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    p = write(tmp_path / "reconcile.toml", 'lang = "zh"\npaths = ["a",\nfail_on = \n')
    err = config_error(tmp_path)
    assert str(err).startswith(f"{p.resolve()}:") and "invalid TOML" in str(err)
    assert err.line is not None and err.line >= 2


def test_a_reconcile_table_that_is_not_a_table(tmp_path: Path) -> None:
    p = write(tmp_path / "pyproject.toml", '[tool]\nreconcile = "yes"\n')
    assert str(config_error(tmp_path)).startswith(f"{p.resolve()}: ")


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "reconcile.toml"
    p.write_bytes('lang = "中文"\n'.encode("gb18030"))
    assert str(config_error(tmp_path)).startswith(f"{p.resolve()}: ")


@pytest.mark.parametrize(
    "overrides",
    [{"colour": "red"}, {"fail_on": "fatal"}, {"jobs": -1}, {"paths": "one-string"}],
)
def test_bad_flags_are_usage_errors(tmp_path: Path, overrides: dict) -> None:
    with pytest.raises(UsageError):
        load_config(tmp_path, overrides)


def test_every_key_is_documented() -> None:
    import reconcile.config as config

    doc = config.__doc__ or ""
    for key in KEYS:
        assert f"\n    {key} = " in doc, f"{key} is not in reconcile/config.py's documented example"
