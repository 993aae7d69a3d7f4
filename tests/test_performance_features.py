"""Pre-filter, process pool and cache: they change the cost of a scan, never its result."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from klint import engine
from klint.config import CliOverrides, load_settings
from klint.rules import ALL_RULES
from klint.testing import run_example

SAMPLE_TREES = [ROOT / "fixtures", ROOT / "tests" / "samples"]


def _as_json(run) -> list:
    return [(f.path, f.span, f.code, f.message, f.fingerprint) for f in run.findings] + [
        (d.path, d.kind.value, d.message) for d in run.diagnostics]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_prefilter_hides_nothing_in_rule_examples(rule):
    for example in (*rule.VALID, *rule.INVALID):
        with_filter = run_example(rule, example)
        without_filter = run_example(rule, example, prefilter=False)
        assert [f.sort_key for f in with_filter] == [f.sort_key for f in without_filter], example.code


def test_prefilter_hides_nothing_in_fixtures_and_samples():
    settings = load_settings(CliOverrides(select=["ALL"], as_of="2026-11-26"), cwd=ROOT)
    filtered = engine.lint_paths(SAMPLE_TREES, settings, jobs=1)
    unfiltered = engine.lint_paths(SAMPLE_TREES, settings, jobs=1, prefilter=False)
    assert filtered.findings and _as_json(filtered) == _as_json(unfiltered)


def _tree(folder: Path, count: int) -> None:
    for index in range(count):
        sub = folder / f"pkg{index % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        if index % 3 == 0:
            (sub / f"m{index}.py").write_text(
                "import requests\n"
                f"requests.get('https://a.klaviyo.com/api/lists/{index}/')\n", encoding="utf-8")
        elif index % 3 == 1:
            (sub / f"m{index}.ts").write_text(
                f"await fetch('https://a.klaviyo.com/api/profiles/{index}/');\n", encoding="utf-8")
        else:
            (sub / f"m{index}.py").write_text(f"x = {index}\n", encoding="utf-8")


def test_pool_output_equals_serial_output(project, klint):
    _tree(project, engine._POOL_THRESHOLD + 60)
    serial = klint("-f", "json", "-j", "1", "--no-cache", cwd=project)
    pooled = klint("-f", "json", "-j", "2", "--no-cache", cwd=project)
    assert serial.code == pooled.code == 1
    assert json.loads(serial.out)["findings"] and serial.out == pooled.out


def test_cache_reuses_unchanged_files_and_notices_changes(project, monkeypatch):
    _tree(project, 30)
    settings = load_settings(CliOverrides(), cwd=project)
    cache_dir = project / ".klint_cache"
    calls: list[str] = []
    real = engine.lint_file

    def counting(target, *args, **kwargs):
        calls.append(target.relpath)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(engine, "lint_file", counting)
    first = engine.lint_paths([project], settings, jobs=1, cache_dir=cache_dir)
    assert len(calls) == 31  # 30 files and klint.toml
    assert (cache_dir / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")

    calls.clear()
    second = engine.lint_paths([project], settings, jobs=1, cache_dir=cache_dir)
    assert calls == [] and _as_json(second) == _as_json(first)

    (project / "pkg0" / "m0.py").write_text("x = 0\n", encoding="utf-8")  # the finding is fixed
    third = engine.lint_paths([project], settings, jobs=1, cache_dir=cache_dir)
    assert calls == ["pkg0/m0.py"]
    assert len(third.findings) == len(first.findings) - 3  # KL002, KL003, KL011 gone

    other = load_settings(CliOverrides(ignore=["KL011"]), cwd=project)  # another config: no reuse
    calls.clear()
    engine.lint_paths([project], other, jobs=1, cache_dir=cache_dir)
    assert len(calls) == 31


def test_corrupt_cache_is_ignored(project, klint):
    _tree(project, 6)
    clean = klint("-f", "json", cwd=project)
    for cache_file in (project / ".klint_cache").rglob("*.json"):
        cache_file.write_text('{"format": 1, "files": {"pkg0/m0.py": {"key": 3', encoding="utf-8")
    again = klint("-f", "json", cwd=project)
    assert again.out == clean.out and again.err == clean.err


def test_no_cache_writes_nothing(project, klint):
    _tree(project, 3)
    klint("--no-cache", cwd=project)
    assert not (project / ".klint_cache").exists()


def test_concurrent_runs_share_the_cache_safely(project):
    _tree(project, 60)
    command = [sys.executable, "-m", "klint", "-f", "json", "-j", "1"]
    runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert len({out for out, _err in outputs}) == 1 and all(err == b"" for _out, err in outputs)
    for cache_file in (project / ".klint_cache").rglob("*.json"):
        json.loads(cache_file.read_text(encoding="utf-8"))
    assert not list((project / ".klint_cache").rglob(".tmp-*"))


def test_no_progress_output_when_not_a_terminal(project, klint):
    _tree(project, 20)
    assert "files" not in klint(cwd=project).err


def test_a_default_run_moves_to_a_pool_only_when_the_work_measured_says_so(project, monkeypatch):
    _tree(project, engine._POOL_THRESHOLD + 60)
    settings = load_settings(CliOverrides(as_of="2026-11-26"), cwd=project)
    pooled = []
    real_pooled = engine._pooled
    monkeypatch.setattr(engine, "_pooled", lambda items, *rest: pooled.append(len(items)) or real_pooled(items, *rest))
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    serial = engine.lint_paths([project], settings, jobs=1)
    fast = engine.lint_paths([project], settings)  # a quick run stays in this process
    assert pooled == []
    monkeypatch.setattr(engine, "_SERIAL_SECONDS", 0.0)
    monkeypatch.setattr(engine, "_POOL_WORTH_SECONDS", 0.0)
    moved = engine.lint_paths([project], settings)  # a slow one hands the rest to a pool
    assert pooled == [moved.files_scanned - 1]  # after the first file
    assert serial.findings and _as_json(serial) == _as_json(fast) == _as_json(moved)
