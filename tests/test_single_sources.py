"""One source for each fact: a finding's severity is its rule's; the parser version is its code's."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

import xxgk
from conftest import DATA, run_xxgk
from corpus_helpers import write_generated
from xxgk.check import catalogue
from xxgk.corpus.version import parser_version
from xxgk.service import check_file
from xxgk.store.corpus import CorpusDocument
from xxgk.store.database import open_database

GLUED = DATA / "realworld" / "pingtan-2019.txt"  # cells inferred by arithmetic, and by convention


def test_every_finding_the_checker_prints_has_its_rules_severity_from_the_catalogue() -> None:
    rules = {r["code"]: r["severity"] for r in json.loads(run_xxgk("rules", "--format", "json").stdout)}
    checked = json.loads(run_xxgk("check", "--format", "json", str(GLUED)).stdout.splitlines()[0])
    shown = {(f["code"], f["severity"]) for f in checked["findings"]}
    assert {("PARSE_RECONSTRUCTED", "info"), ("PARSE_CORRECTED", "warning")} <= shown
    assert all(rules[code] == severity for code, severity in shown)


def test_changing_a_rules_severity_in_the_catalogue_changes_every_finding_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rule = catalogue.BY_CODE["PARSE_RECONSTRUCTED"]
    monkeypatch.setitem(catalogue.BY_CODE, rule.code, dataclasses.replace(rule, severity="error"))
    outcome = check_file(GLUED)
    reconstructed = [f for f in outcome.findings if f.code == "PARSE_RECONSTRUCTED"]
    assert reconstructed and all(f.severity == "error" for f in reconstructed)
    assert outcome.has_error
    assert all(f["severity"] == "error" for f in outcome.check_json()["findings"] if f["code"] == rule.code)


def test_the_parser_version_is_derived_from_the_reading_code() -> None:
    version = parser_version()
    assert version.startswith(xxgk.__version__ + "+") and len(version) <= 40  # the stored column holds 40


def _ingest(docs: Path, url: str, package: Path | None = None) -> str:
    """`xxgk ingest` in a child process, from the installed package or from a copy of it at `package`."""
    env = dict(os.environ)
    if package is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(package), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-m", "xxgk", "ingest", str(docs), "--db", url, "--jobs", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def test_ingest_rereads_stored_documents_once_the_reading_code_changes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_generated(docs, 4)
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    assert "新入库 4 份" in _ingest(docs, url)
    # The same code elsewhere (another installation) is the same parser: nothing is read again.
    package = tmp_path / "copy"
    shutil.copytree(Path(xxgk.__file__).parent, package / "xxgk", ignore=shutil.ignore_patterns("__pycache__"))
    assert "没有新内容：4 个文件均已入库" in _ingest(docs, url, package)
    # A change to a reader, even one that changes no result, makes every stored document be read again.
    with (package / "xxgk" / "read" / "text.py").open("a", encoding="utf-8") as source:
        source.write("\n# a newer reader\n")
    assert "按新版解析器重新解析 4 份（结果有变化 0 份）" in _ingest(docs, url, package)
    with open_database(url).sessions() as session:
        versions = set(session.scalars(select(CorpusDocument.parser_version)))
    assert len(versions) == 1 and versions != {parser_version()}
    assert "没有新内容" in _ingest(docs, url, package)
