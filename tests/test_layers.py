"""The layering rules: domain code is importable without Textual or Rich."""

import subprocess
import sys

import pytest

HEADLESS = [
    "annotator.model",
    "annotator.settings",
    "annotator.text",
    "annotator.text.language",
    "annotator.store",
    "annotator.formats.importing",
    "annotator.formats.exporting",
    "annotator.agreement",
    "annotator.agreement.loading",
    "annotator.suggest",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_domain_module_does_not_load_textual_or_rich(module):
    code = (
        f"import importlib, sys; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'}); "
        "print(','.join(bad))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "", f"{module} loads {proc.stdout.strip()}"


def test_import_contracts_hold():
    pytest.importorskip("importlinter")
    proc = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
