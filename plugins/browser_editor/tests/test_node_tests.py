"""The editor's JavaScript (formats, checks, previews) is tested under Node
(admin/tests/*.test.mjs, `node --test`); this runs those tests in pytest, so
./scripts/test and CI run them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
ADMIN = PROJECT / "coproweek" / "editor" / "admin"


def test_the_editors_javascript_tests_pass():
    node = shutil.which("node")
    if not node:
        pytest.fail("Node is not installed: run ./scripts/install-test-tools.", pytrace=False)
    if not (PROJECT / "node_modules" / "smol-toml").is_dir():
        pytest.fail("node_modules/ is not installed: run ./scripts/install-test-tools.", pytrace=False)
    result = subprocess.run([node, "--test", "--test-reporter=tap", *sorted(map(str, (ADMIN / "tests").glob("*.test.mjs")))],
                            cwd=ADMIN, capture_output=True, encoding="utf-8", timeout=300,
                            env={"PATH": str(Path(node).parent), "PYTHON": sys.executable})
    failures = [line for line in result.stdout.splitlines() if line.startswith("not ok")]
    assert result.returncode == 0 and not failures, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass " in result.stdout
