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


URLS_MODULE = '''BASE = "https://a.klaviyo.com/api/"


def url_for(path, suffix=""):
    return BASE + path + suffix


class Settings:
    base = "https://a.klaviyo.com/api/"
    other = "https://a.klaviyo.com/api/other/"

    def __init__(self):
        self.timeout = 5


class Nested:
    class Inner:
        base = "https://a.klaviyo.com/api/"


settings = Settings()
'''

VIEWS_MODULE = '''# klaviyo
import requests
from app.urls import url_for, Settings, settings, Nested
from app import urls


def a():
    return requests.get(url_for("lists/", suffix="x"), headers=H, timeout=5)


def b():
    return requests.get(Settings().base + "profiles/", headers=H, timeout=5)


def c():
    return requests.get(settings.base + "events/", headers=H, timeout=5)


def d():
    return requests.get(urls.BASE + "metrics/", headers=H, timeout=5)


def e():
    return requests.get(Nested.Inner.base + "campaigns/", headers=H, timeout=5)


def f():
    return requests.get(urls.Settings.other, headers=H, timeout=5)
'''


def test_values_functions_and_classes_of_another_module(monkeypatch, tmp_path):
    (tmp_path / "klint.toml").write_text("")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "urls.py").write_text(URLS_MODULE)
    (tmp_path / "app" / "views.py").write_text(VIEWS_MODULE)
    document = _document(monkeypatch, tmp_path, "--select", "KL002")
    assert [(f["path"], f["start"]["line"], f["message"].split(";")[0]) for f in document["findings"]] == [
        ("app/views.py", 8, "raw requests request to a.klaviyo.com/api/lists/x"),  # a function's return
        ("app/views.py", 12, "raw requests request to a.klaviyo.com/api/profiles/"),  # a class's instance
        ("app/views.py", 16, "raw requests request to a.klaviyo.com/api/events/"),  # an instance
        ("app/views.py", 20, "raw requests request to a.klaviyo.com/api/metrics/"),  # a module's attribute
        ("app/views.py", 24, "raw requests request to a.klaviyo.com/api/campaigns/"),  # a nested class
        ("app/views.py", 28, "raw requests request to a.klaviyo.com/api/other/"),  # module.Class.attr
    ]
