"""The pinned integration results (tests/test_samples.py, test_model_depth.py,
test_cross_module.py) checked again *in this process*, through click's CliRunner.

Those modules run `python -m klint` in a child process, as a user would. Mutation testing
(mutmut 3, see CONTRIBUTING.md) only credits a test with the code it runs in the test process, so
without these twins a mutant reached only through the samples would have no test at all."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

import test_cross_module as cross_module
import test_model_depth as model_depth
import test_samples as samples
from conftest import ROOT
from klint.cli import main

SAMPLES = ROOT / "tests" / "samples"


def _document(monkeypatch, cwd, *args):
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["-f", "json", "--as-of", "2026-11-26", "--no-cache", "-j", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    document = json.loads(result.stdout)
    assert document["diagnostics"] == [], document["diagnostics"]
    return document


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.glob("*.*")))
def test_sample_findings_in_full(sample, monkeypatch):
    document = _document(monkeypatch, ROOT, str(SAMPLES / sample))
    expected = json.loads((ROOT / "tests" / "expected" / f"samples__{sample}.json").read_text(encoding="utf-8"))
    assert samples._full(document) == expected


def _depth(document):
    return [(f["start"]["line"], f["start"]["column"], f["end"]["line"], f["end"]["column"], f["code"],
             f["severity"], f["message"]) for f in document["findings"]]


@pytest.mark.parametrize("sample", sorted(model_depth.EXPECTED))
def test_model_depth_in_full(sample, monkeypatch):
    document = _document(monkeypatch, ROOT, "--select", "ALL", str(SAMPLES / sample))
    assert _depth(document) == model_depth.EXPECTED[sample]


@pytest.mark.parametrize("sample", sorted(model_depth.EXPECTED))
def test_model_depth_other_host_is_silent(sample, monkeypatch, tmp_path):
    twin = tmp_path / sample
    twin.write_text((SAMPLES / sample).read_text().replace("https://a.klaviyo.com", "https://api.example.com"))
    assert _depth(_document(monkeypatch, ROOT, "--select", "ALL", str(twin))) == []


def _project_findings(document):
    return [(f["path"], f["start"]["line"], f["start"]["column"], f["code"]) for f in document["findings"]]


@pytest.mark.parametrize("name", sorted(cross_module.EXPECTED))
def test_cross_module_in_full(name, monkeypatch, tmp_path):
    project = cross_module._project(tmp_path, name)
    assert _project_findings(_document(monkeypatch, project)) == cross_module.EXPECTED[name]


@pytest.mark.parametrize("name", sorted(cross_module.EXPECTED))
def test_cross_module_other_host_is_silent(name, monkeypatch, tmp_path):
    project = cross_module._project(tmp_path, name, "https://api.example.com")
    assert _project_findings(_document(monkeypatch, project)) == []
