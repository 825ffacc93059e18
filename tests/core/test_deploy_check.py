"""Production settings pass Django's deployment checklist, through the goldenthread command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_check_deploy_reports_nothing_with_debug_off(tmp_path: Path) -> None:
    env = {**os.environ, "DEBUG": "0", "GOLDENTHREAD_DATA_DIR": str(tmp_path)}
    for inherited in ("GOLDENTHREAD_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by other tests
        env.pop(inherited, None)
    result = subprocess.run(
        [sys.executable, "-m", "goldenthread.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # The secret key was generated into the data directory, readable by the owner only.
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text().strip()) >= 50
    assert key_file.stat().st_mode & 0o077 == 0
