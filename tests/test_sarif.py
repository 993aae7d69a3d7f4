"""SARIF that GitHub code scanning accepts, checked by Microsoft's validator and the schema."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import LEGACY_KEY, NEW_KEY, ROOT

MULTITOOL = ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
SCHEMA = ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json"
needs_multitool = pytest.mark.skipif(
    not MULTITOOL.exists() and not os.environ.get("CI"),
    reason="run `npm ci` to install @microsoft/sarif-multitool (CI always has it)",
)


def _tree(project: Path) -> None:
    (project / "src").mkdir()
    (project / "src" / "app.py").write_text(f'KEY = "{LEGACY_KEY}"\nOTHER = "{NEW_KEY}"\n',
                                            encoding="utf-8")
    (project / "with space.env").write_text(f"K={LEGACY_KEY}\n", encoding="utf-8")
    (project / "blob.bin.dat").write_bytes(b"\0\0")
    (project / "b.py").write_text("x = 1  # klint: ignore[KL001]\n", encoding="utf-8")


def _sarif(project: Path, klint, *extra: str) -> dict:
    result = klint("-f", "sarif", "-o", "out.sarif", *extra, cwd=project)
    assert result.code == 1, result.err
    return json.loads((project / "out.sarif").read_text(encoding="utf-8"))


@needs_multitool
def test_multitool_reports_nothing(project, klint, tmp_path):
    _tree(project)
    _sarif(project, klint, "--extend-select", "KL900")
    report = tmp_path / "validation.sarif"
    subprocess.run([str(MULTITOOL), "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning",
                    "-o", str(report), str(project / "out.sarif")], check=True, capture_output=True,
                   timeout=300)
    results = json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    assert results == [], json.dumps(results, indent=2)


@needs_multitool
def test_schema_valid(project, klint):
    jsonschema = pytest.importorskip("jsonschema")
    _tree(project)
    document = _sarif(project, klint)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8-sig"))
    errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(document))
    assert errors == []


def test_github_requirements(project, klint):
    _tree(project)
    run = _sarif(project, klint)["runs"][0]
    driver = run["tool"]["driver"]
    assert {"name", "version", "semanticVersion", "informationUri", "rules"} <= set(driver)
    from klint.config import default_codes

    assert [r["id"] for r in driver["rules"]] == sorted(default_codes())
    for descriptor in driver["rules"]:
        assert descriptor["name"] != descriptor["id"] and descriptor["help"]["markdown"]
        assert len(descriptor["fullDescription"]["text"]) <= 1024
    rule = driver["rules"][0]
    assert rule["id"] == "KL001" and rule["name"] == "hardcoded-private-key"
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert rule["help"]["text"] and rule["help"]["markdown"].startswith("## What it does")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["security-severity"] == "9.0"
    assert "security" in rule["properties"]["tags"]
    assert rule["properties"]["precision"] == "very-high"
    assert rule["properties"]["problem.severity"] == "error"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris == ["src/app.py", "src/app.py", "with%20space.env"]
    first = run["results"][0]
    assert first["ruleId"] == "KL001" and first["ruleIndex"] == 0 and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 8, "endLine": 1, "endColumn": 45}
    assert set(first["partialFingerprints"]) == {"primaryLocationLineHash", "klintFingerprint/v1"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["binary"]


def test_fingerprints_survive_lines_added_above(project, klint):
    _tree(project)
    before = [r["partialFingerprints"] for r in _sarif(project, klint)["runs"][0]["results"]]
    app = project / "src" / "app.py"
    app.write_text('"""Docs."""\nimport os\n\n' + app.read_text(encoding="utf-8"), encoding="utf-8")
    after_run = _sarif(project, klint)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in after_run] == before
    assert after_run[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_fingerprints_do_not_derive_from_the_key(project, klint):
    """Two different keys on otherwise identical lines get the same fingerprints."""
    (project / "a.py").write_text(f'KEY = "{LEGACY_KEY}"\n', encoding="utf-8")
    first = _sarif(project, klint)["runs"][0]["results"][0]["partialFingerprints"]
    other_key = LEGACY_KEY[:7] + "fedcba9876543210fedcba9876" + LEGACY_KEY[-4:]  # same redaction, other key
    (project / "a.py").write_text(f'KEY = "{other_key}"\n', encoding="utf-8")
    second = _sarif(project, klint)["runs"][0]["results"][0]["partialFingerprints"]
    assert first == second
