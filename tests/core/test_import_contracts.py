"""The import contracts of pyproject.toml hold, and an import against the module order fails.

`make lint` (and so CI) runs `lint-imports`; these tests show that the contracts are not
vacuous: a copy of the package with one import against the order breaks them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(
        REPO / "ankunft",
        tmp_path / "ankunft",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates", "*.json"),
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_package_keeps_its_import_contracts(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_an_import_against_the_module_order_fails(tmp_path):
    """budget sits below measures: budget importing measures breaks the layers contract."""
    root = _copy(tmp_path)
    (root / "ankunft" / "budget" / "upstream_probe.py").write_text(
        "from ankunft.measures.models import Measure  # noqa: F401\n"
    )
    result = _lint(root)
    assert result.returncode == 1
    assert "ankunft.budget is not allowed to import ankunft.measures" in result.stdout
    assert "ankunft.budget.upstream_probe -> ankunft.measures.models" in result.stdout


def test_the_core_importing_a_module_fails(tmp_path):
    root = _copy(tmp_path)
    (root / "ankunft" / "core" / "probe.py").write_text("import ankunft.directory.models\n")
    result = _lint(root)
    assert result.returncode == 1
    assert "ankunft.core is not allowed to import ankunft.directory" in result.stdout
