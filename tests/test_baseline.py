"""Baselines through the command line, on a scratch git repository: what is recorded, what is
hidden after unrelated edits, what comes back (a second copy), what is stale."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import LEGACY_KEY, NEW_KEY

APP = (f'import requests\nKEY = "{LEGACY_KEY}"\n'
       'requests.get("https://a.klaviyo.com/api/lists/", timeout=5)\n')


@pytest.fixture
def repo(project: Path) -> Path:
    (project / "app.py").write_text(APP, encoding="utf-8")
    (project / "package.json").write_text('{"dependencies": {"klaviyo-api": "^23.0.0"}}\n', encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"]):
        subprocess.run(command, cwd=project, check=True, capture_output=True)
    return project


def test_write_baseline_records_fingerprints_only(repo, klint):
    result = klint("--write-baseline", "klint-baseline.json", cwd=repo)
    assert (result.code, result.out, result.err) == (0, "", "klint: recorded 4 findings in klint-baseline.json.\n")
    text = (repo / "klint-baseline.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["klint_baseline"] == 1
    assert [(e["path"], e["code"]) for e in document["findings"]] == [
        ("app.py", "KL001"), ("app.py", "KL002"), ("app.py", "KL003"), ("package.json", "KL008")]
    assert all(set(e) == {"path", "code", "fingerprint"} and len(e["fingerprint"]) == 32
               for e in document["findings"])
    assert LEGACY_KEY[3:10] not in text and "requests" not in text and "klaviyo-api" not in text


def test_baseline_hides_known_findings_across_unrelated_edits(repo, klint):
    klint("--write-baseline", "base.json", cwd=repo)
    assert (klint("--baseline", "base.json", cwd=repo).code,) == (0,)
    (repo / "app.py").write_text('"""Sync."""\nimport os\n\n\n' + APP.replace("timeout=5)", "timeout=5)  "),
                                 encoding="utf-8")
    result = klint("--baseline", "base.json", cwd=repo)
    assert (result.code, result.out) == (0, "No findings in 4 files.\n")


def test_a_second_copy_of_a_baselined_problem_is_reported(repo, klint):
    klint("--write-baseline", "base.json", cwd=repo)
    (repo / "app.py").write_text(APP + f'KEY = "{LEGACY_KEY}"\n', encoding="utf-8")
    result = klint("--baseline", "base.json", cwd=repo)
    assert result.code == 1
    assert result.out == ("app.py:4:8: KL001 [hardcoded-private-key] Klaviyo private key pk_3881…55fb is "
                          "hard-coded; load it from the environment or a secret manager, and revoke this key\n"
                          "Found 1 finding (1 error) in 4 files.\n")


def test_new_findings_are_reported(repo, klint):
    klint("--write-baseline", "base.json", cwd=repo)
    (repo / "other.py").write_text(f'TOKEN = "{NEW_KEY}"\n', encoding="utf-8")
    result = klint("--baseline", "base.json", "-q", cwd=repo)
    assert result.code == 1 and result.out.startswith("other.py:1:10: KL001 ")


def test_stale_entries(repo, klint):
    klint("--write-baseline", "base.json", cwd=repo)
    (repo / "app.py").write_text(APP.replace(f'KEY = "{LEGACY_KEY}"\n', ""), encoding="utf-8")
    assert klint("--baseline", "base.json", cwd=repo).code == 0  # gone is fine...
    result = klint("--baseline", "base.json", "--baseline-stale", cwd=repo)
    assert result.code == 1  # ...but --baseline-stale asks for the baseline to be pruned
    assert result.err == ("klint: app.py: warning: stale baseline entry: KL001 is no longer found here "
                          f"(fingerprint {json.loads((repo / 'base.json').read_text())['findings'][0]['fingerprint'][:12]}) "
                          "[baseline]\n")
    only_package = klint("--baseline", "base.json", "--baseline-stale", "package.json", cwd=repo)
    assert (only_package.code, only_package.err) == (0, "")  # app.py was not scanned: not stale


def test_bad_baseline_is_a_usage_error(repo, klint):
    (repo / "base.json").write_text('{"findings": []}', encoding="utf-8")
    result = klint("--baseline", "base.json", cwd=repo)
    assert (result.code, result.err) == (2, "klint: error: base.json is not a klint baseline (format 1)\n")
    result = klint("--baseline", "missing.json", cwd=repo)
    assert result.code == 2 and result.err.startswith("klint: error: cannot read baseline missing.json")


def test_fix_then_baseline(repo, klint):
    """Fixes apply before the baseline is matched: what remains is judged against it."""
    klint("--write-baseline", "base.json", cwd=repo)
    result = klint("--fix", "--baseline", "base.json", cwd=repo)
    assert result.code == 0
    assert (repo / "app.py").read_text().endswith(
        'requests.get("https://a.klaviyo.com/api/lists/", timeout=5)\n')  # KL003 has no fix without headers
