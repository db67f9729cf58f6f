"""`reconcile --help` must stay cheap: the heavy libraries load only where they are used."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "jieba", "great_expectations", "datasketch", "altair", "dask", "numpy")


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from reconcile.cli import cli\n"
        "try:\n    cli.main(args=['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print('\\n' + __import__('json').dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out.strip().splitlines()[-1])
    assert loaded == []


def test_unknown_command_is_a_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "reconcile.cli", "no-such-command"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr



def test_missing_path_is_a_usage_error(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-m", "reconcile.cli", "extract", str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "nope.txt" in proc.stderr
