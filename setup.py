"""The build step that puts GOV.UK Frontend's built assets into the wheel.

Everything else about the package is in pyproject.toml. The assets come from the npm package
(``npm ci``), never from git, and are copied into the built ``goldenthread/static/govuk/`` so
an installed wheel serves styled pages without Node (docs/adr/0021-packaging.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
GOVUK_DIST = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
# What pages load: the compiled stylesheet and script (with their source maps, which the
# manifest storage follows) and the fonts and images the stylesheet names.
GOVUK_FILES = [
    "govuk-frontend.min.css",
    "govuk-frontend.min.css.map",
    "govuk-frontend.min.js",
    "govuk-frontend.min.js.map",
    "assets",
]


class BuildPyWithGovukFrontend(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install serves them from node_modules (settings.py)
        target = Path(self.build_lib) / "goldenthread" / "static" / "govuk"
        if not (GOVUK_DIST / "govuk-frontend.min.css").is_file():
            raise SystemExit(
                f"GOV.UK Frontend is not in {GOVUK_DIST}: run `npm ci` first "
                "(scripts/build-wheel.sh does), then build the wheel from the checkout."
            )
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in GOVUK_FILES:
            source = GOVUK_DIST / name
            if source.is_dir():
                shutil.copytree(source, target / name)
            else:
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildPyWithGovukFrontend})
