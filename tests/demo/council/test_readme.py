"""The README's usage examples run as written against the demo council (issue 19: the API
example named ``--service waste``, which the demo calls ``waste-and-recycling``).

Every ``sh`` block under the usage sections is read from README.md and run line by line:
``goldenthread …`` through ``call_command`` as the console script would, ``curl …`` through
Django's test client (method, headers, body and URL as written), and ``NAME=value`` lines
set the shell variables the README's comments explain (the token ``api_token create``
printed; an indicator's id from the list just fetched). Each command must succeed: a command
error or an HTTP status of 400 or more fails the test with the README line that caused it.
The input files the commands name are made here, in the shapes the README's comments give.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook

from goldenthread.demo.builder import BuildSummary
from tests.benchmarking.test_lgbf_malformed import FAMILIES, INFO, VALUES

pytestmark = pytest.mark.django_db

README = Path(settings.PROJECT_DIR) / "README.md"
USAGE_SECTIONS = ("Benchmarking", "Improvement", "Reports", "API")


def blocks(section: str) -> list[list[str]]:
    """The ``sh`` blocks under the README heading that starts with ``section``, as commands
    (continuation lines joined)."""
    text = README.read_text()
    start = re.search(rf"^## {re.escape(section)}.*$", text, re.MULTILINE)
    assert start is not None, f"README has no section {section!r}"
    end = text.find("\n## ", start.end())
    body = text[start.end() : end if end != -1 else None]
    found = []
    for block in re.findall(r"```sh\n(.*?)```", body, re.DOTALL):
        commands = []
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip():
                commands.append(line.strip())
        found.append(commands)
    assert found, f"README section {section!r} has no sh block"
    return found


def make_input_files(folder: Path) -> None:
    """The files the README's commands read, in the shapes its comments describe."""
    shutil.copy(
        Path(settings.PROJECT_DIR) / "goldenthread/onboarding/data/uk_local_authorities.csv",
        folder / "uk_local_authorities.csv",
    )
    lgbf = folder / "lgbf"
    lgbf.mkdir()
    (lgbf / "indicator_information.csv").write_text(INFO)
    (lgbf / "family_groups.csv").write_text(FAMILIES)
    (lgbf / "lgbf_values.csv").write_text(VALUES)
    (folder / "neighbours.csv").write_text(
        "group,gss_code\nNearest neighbours,E07000223\nNearest neighbours,E07000224\n"
    )
    values = Workbook()
    sheet = values.active
    assert sheet is not None
    sheet.append(["measure", "authority", "year", "value"])
    sheet.append(["NI 192", "Adur DC", "2024/25", 41.5])
    sheet.append(["NI 192", "E07000224", "2024/25", 44.0])
    values.save(folder / "values.xlsx")
    (folder / "mapping.csv").write_text("kind,source,ours\nauthority,Adur DC,E07000223\n")
    (folder / "values.csv").write_text(
        "measure,authority,year,value\nNI 192,E07000223,2023/24,40.1\nNI 192,E07000224,2023/24,x\n"
    )
    budgets = Workbook()
    sheet = budgets.active
    assert sheet is not None
    sheet.append(["service", "period", "budget", "spend to date", "forecast"])
    sheet.append(["waste-and-recycling", "2026-27-Q2", 5_200_000, 2_450_000, 5_310_000])
    budgets.save(folder / "budgets.xlsx")


class Shell:
    """Runs README lines: ``goldenthread`` commands, ``curl`` and variable assignments."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.variables: dict[str, str] = {}
        self.last_output = ""
        self.last_json: Any = None
        self.client = Client()

    def run(self, line: str) -> None:
        words = shlex.split(line, comments=True)
        if not words:
            return
        if re.fullmatch(r"[A-Z]+=.*", words[0]) and len(words) == 1:
            name, _ = words[0].split("=", 1)
            self.variables[name] = self.resolve(name)
            return
        words = [self.expand(word) for word in words]
        if words[0] == "goldenthread":
            self.goldenthread(words[1:], line)
        elif words[0] == "curl":
            self.curl(words[1:], line)
        else:
            pytest.fail(f"README line runs something this test cannot: {line}")

    def resolve(self, name: str) -> str:
        """What the README's comment tells the reader to put in the variable."""
        if name == "TOKEN":  # "the token it printed"
            token = re.search(r"\bgt_\S+", self.last_output)
            assert token, f"api_token create printed no token: {self.last_output!r}"
            return token.group(0)
        if name == "ID":  # "the id of NI 191 … in that list"
            listed = self.last_json["results"]
            ids = [i["id"] for i in listed if i["code"] == "NI 191"]
            assert ids, f"the list has no NI 191: {listed!r}"
            return str(ids[0])
        pytest.fail(f"README sets ${name}, which this test does not know how to fill")

    def expand(self, word: str) -> str:
        return re.sub(r"\$([A-Z]+)", lambda m: self.variables[m.group(1)], word)

    def goldenthread(self, args: list[str], line: str) -> None:
        out, err = StringIO(), StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(self.folder)
            try:
                call_command(*args, stdout=out, stderr=err)
            except CommandError as error:
                pytest.fail(f"{line}\n{error}\n{out.getvalue()}\n{err.getvalue()}")
        self.last_output = out.getvalue() + err.getvalue()

    def curl(self, args: list[str], line: str) -> None:
        method, headers, body, url = "GET", {}, "", ""
        options = iter(args)
        for word in options:
            if word == "-X":
                method = next(options)
            elif word == "-H":
                name, value = next(options).split(":", 1)
                headers[name.strip()] = value.strip()
            elif word == "-d":
                body = next(options)
            elif word.startswith("http"):
                url = word
            else:
                pytest.fail(f"curl option this test does not read: {word} in {line}")
        path = url.removeprefix("http://127.0.0.1:8000")
        content_type = headers.pop("Content-Type", "application/octet-stream")
        response = self.client.generic(
            method, path, body, content_type=content_type, headers=headers, secure=True
        )
        assert response.status_code < 400, f"{line}\n{response.status_code} {response.content!r}"
        self.last_json = json.loads(response.content) if response.content else None


@pytest.fixture
def shell(castlebridge: BuildSummary, tmp_path: Path) -> Iterator[Shell]:
    make_input_files(tmp_path)
    yield Shell(tmp_path)


@pytest.mark.parametrize("section", USAGE_SECTIONS)
def test_the_readme_examples_run_as_written_against_the_demo(shell: Shell, section: str) -> None:
    ran = 0
    for block in blocks(section):
        for line in block:
            shell.run(line)
            ran += 1
    assert ran >= 2
    produced = {p.name for p in shell.folder.iterdir()}
    if section == "Reports":
        assert {"ipr.docx", "scorecard.xlsx"} <= produced
    if section == "Improvement":
        assert "plan.xlsx" in produced
    if section == "API":
        assert shell.variables["TOKEN"].startswith("gt_")
