# Golden Thread as a container, for councils that host them (compose.yaml adds PostgreSQL).
# The build runs scripts/build-wheel.sh, the same script tests/packaging/test_wheel.py runs
# on every `make test`, so the image's build is tested where Docker is not installed.

FROM python:3.12-slim-bookworm AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY pyproject.toml setup.py README.md ./
COPY goldenthread ./goldenthread
COPY scripts ./scripts
RUN PYTHON=python scripts/build-wheel.sh /wheels

FROM python:3.12-slim-bookworm
# libcairo2: the Word documents' charts (cairosvg). No Node: the wheel carries GOV.UK Frontend.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libcairo2 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/goldenthread goldenthread
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/goldenthread-*.whl && rm -rf /wheels
USER goldenthread
ENV GOLDENTHREAD_DATA_DIR=/var/lib/goldenthread/data \
    HOST=0.0.0.0 \
    PORT=8000
VOLUME /var/lib/goldenthread/data
EXPOSE 8000
# Migrating on start also creates the periods of the years ahead. Set the council up once:
#   docker compose run --rm web goldenthread setup
CMD ["sh", "-c", "goldenthread migrate --no-input && exec goldenthread serve"]
