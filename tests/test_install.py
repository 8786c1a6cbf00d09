"""An installed hotplan (a wheel, not the editable checkout) has everything it reads: the
department registry, the plan catalog, the message catalog, the templates. It lints
departments exactly like the checkout: 生活介護課 is found."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import DEFAULT_DOC, ROOT


def pip(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "pip", *args, "-q"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """hotplan from a wheel built of this checkout, in a folder of its own."""
    work = tmp_path_factory.mktemp("install")
    wheels, target = work / "wheels", work / "site"
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT))
    wheel = next(wheels.glob("hotplan-*.whl"))
    pip("install", "--no-deps", "--target", str(target), str(wheel))
    return target


def run_installed(target, *args: str, cwd) -> subprocess.CompletedProcess:
    # The target folder goes first on the path, ahead of the editable checkout.
    return subprocess.run(
        [sys.executable, "-c", "import sys; from hotplan.cli import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


def test_the_installed_copy_is_the_one_running(installed, tmp_path):
    where = subprocess.run(
        [sys.executable, "-c", "import hotplan.messages as m; print(m.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(installed)},
    )
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr


def test_an_installed_copy_checks_departments_like_the_checkout(installed, tmp_path):
    run = run_installed(installed, "validate", "--format", "json", str(DEFAULT_DOC), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    [report] = json.loads(run.stdout)
    departments = [f for f in report["findings"] if f["check"] == "typo.department"]
    assert {(f["found"], f["suggestion"]) for f in departments} >= {("生活介護課", "生活援護課")}
    assert not [f for f in report["findings"] if f["check"] == "typo.no_registry"]
