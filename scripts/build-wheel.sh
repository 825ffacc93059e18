#!/bin/sh
# Builds the goldenthread wheel, GOV.UK Frontend's assets inside, into dist/ (or $1).
# The Dockerfile runs this, and so does tests/packaging/test_wheel.py, so the image's build
# step is tested on every `make test` even where Docker is not installed.
set -eu
cd "$(dirname "$0")/.."
OUT="${1:-dist}"
PYTHON="${PYTHON:-python3}"
if [ ! -f node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# pip builds in the checkout, where setup.py's build step finds node_modules.
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$OUT" .
ls "$OUT"/goldenthread-*.whl
