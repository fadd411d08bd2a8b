"""No dead code: vulture, configured in pyproject.toml ([tool.vulture]), finds no unused name.

A name only a framework uses goes in the patterns there; anything else vulture cannot see being
used goes in tests/vulture_allow.py with its reason.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_vulture_finds_no_unused_code():
    pytest.importorskip("vulture", reason="in the test extra: pip install -e '.[test]'")
    result = subprocess.run([sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr
