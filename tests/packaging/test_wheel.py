"""The packaged service: the wheel built from this checkout, installed in a fresh virtual
environment with no Node on PATH, sets up a council and serves styled pages.

It runs the same script as the Dockerfile (scripts/build-wheel.sh), so the image's build is
tested here even where Docker is not installed. Dependencies come through pip as configured
on the machine (its cache, find-links or index).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.PROJECT_DIR)


def without_node(path: str) -> str:
    """PATH with every directory that holds node or npm left out."""
    kept = [
        d
        for d in path.split(os.pathsep)
        if not any((Path(d) / n).exists() for n in ("node", "npm"))
    ]
    return os.pathsep.join(kept)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # our own server
        return response.status, response.headers.get("Content-Type", ""), response.read()


def test_the_wheel_installed_without_node_sets_up_a_council_and_serves_styled_pages(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOLDENTHREAD_", "DATABASE"))}
    subprocess.run(
        [ROOT / "scripts" / "build-wheel.sh", tmp_path / "dist"],
        env={**env, "PYTHON": sys.executable},
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("goldenthread-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    path = os.pathsep.join([str(venv / "bin"), without_node(env["PATH"])])
    assert shutil.which("node", path=path) is None and shutil.which("npm", path=path) is None
    run_env = {
        **env,
        "PATH": path,
        "GOLDENTHREAD_DATA_DIR": str(tmp_path / "data"),
        "GOLDENTHREAD_HTTPS": "0",  # plain HTTP on loopback, as in the demo
    }
    run_env.pop("VIRTUAL_ENV", None)
    subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel],
        env=run_env,
        check=True,
        capture_output=True,
    )
    setup = subprocess.run(
        [
            "goldenthread",
            "setup",
            "--gss",
            "E07000223",
            "--first-year",
            "2025",
            "--non-interactive",
        ],
        env=run_env,
        cwd=tmp_path,  # not the checkout: the installed package must stand alone
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stderr
    assert "Set up Adur District Council (E07000223" in setup.stdout
    assert "/set-password/" in setup.stdout

    port = free_port()
    server = subprocess.Popen(
        ["goldenthread", "serve", "--port", str(port), "--workers", "1"],
        env=run_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = get(f"{base}/login/")
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "the server did not answer in 60 s"
                time.sleep(0.5)
        assert status == 200
        stylesheet = re.search(rb'href="(/static/govuk/govuk-frontend\.min\.[0-9a-f]+\.css)"', body)
        assert stylesheet, "the login page links the hashed GOV.UK Frontend stylesheet"
        status, content_type, css = get(base + stylesheet[1].decode())
        assert status == 200 and content_type.startswith("text/css")
        assert b".govuk-header" in css or b".govuk-template" in css
    finally:
        server.terminate()
        server.wait(timeout=30)
