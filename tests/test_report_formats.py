"""The json output against its published JSON Schema; GitLab Code Quality and JUnit output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import LEGACY_KEY, ROOT
from klint.findings import DiagnosticKind

SCHEMA = json.loads((ROOT / "klint" / "schemas" / "json-report.schema.json").read_text(encoding="utf-8"))
KEY_LINE = f'KEY = "{LEGACY_KEY}"\n'
MESSAGE = ("Klaviyo private key pk_3881…55fb is hard-coded; load it from the environment or a secret "
           "manager, and revoke this key")


def _tree(project):
    (project / "src").mkdir()
    (project / "src" / "app.py").write_text(KEY_LINE + f'B = "{LEGACY_KEY}"  # klint: ignore[KL001]\n',
                                            encoding="utf-8")
    (project / "phone.py").write_text('import klaviyo_api\np = {"phone_number": "555-1234"}\n', encoding="utf-8")
    (project / "blob.dat").write_bytes(b"\0\0")


def _errors(document) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    validator.check_schema(SCHEMA)
    return [error.message for error in validator.iter_errors(document)]


def test_json_output_matches_the_schema(project, klint):
    _tree(project)
    result = klint("--no-cache", "-f", "json", "missing.py", ".", cwd=project)
    document = json.loads(result.out)
    assert result.code == 2 and _errors(document) == []
    assert {d["kind"] for d in document["diagnostics"]} == {"binary", "missing-path"}
    assert document["summary"]["suppressed"] == 1 and len(document["findings"]) == 2


def test_statistics_json_matches_the_schema(project, klint):
    _tree(project)
    document = json.loads(klint("--no-cache", "-f", "json", "--statistics", cwd=project).out)
    assert _errors(document) == []
    assert document["schema_version"] == 1
    assert [row["code"] for row in document["statistics"]] == ["KL001", "KL009"]


def test_the_schema_rejects_what_klint_never_writes():
    assert _errors({"schema_version": 2, "tool": {"name": "klint", "version": "0"}, "statistics": []})
    assert _errors([{"code": "KL001", "name": "x", "count": 1}])  # the old bare statistics list


def test_the_schema_describes_fixes():
    position = {"line": 1, "column": 8}
    finding = {"code": "KL011", "name": "request-without-timeout", "severity": "warning", "message": "m",
               "path": "a.py", "start": position, "end": position, "fingerprint": "f",
               "fix": {"description": "add a timeout", "applicability": "unsafe",
                       "edits": [{"start": position, "end": position, "replacement": ", timeout=10"}]}}
    document = {"schema_version": 1, "tool": {"name": "klint", "version": "0"}, "findings": [finding],
                "diagnostics": [], "summary": {"files_scanned": 1, "findings": 1, "suppressed": 0,
                                               "by_code": {"KL011": 1}}}
    assert _errors(document) == []
    finding["fix"]["applicability"] = "maybe"
    assert _errors(document)


def test_the_schema_knows_every_diagnostic_kind():
    kinds = SCHEMA["$defs"]["diagnostic"]["properties"]["kind"]["enum"]
    assert kinds == [kind.value for kind in DiagnosticKind]


def test_gitlab_code_quality(project, klint):
    (project / "a.py").write_text(KEY_LINE, encoding="utf-8")
    result = klint("--no-cache", "-f", "gitlab", cwd=project)
    issues = json.loads(result.out)
    assert result.code == 1 and len(issues) == 1
    fingerprint = issues[0].pop("fingerprint")
    assert len(fingerprint) == 32
    assert issues == [{
        "type": "issue", "check_name": "KL001", "description": f"KL001 [hardcoded-private-key] {MESSAGE}",
        "categories": ["Bug Risk"], "severity": "critical",
        "location": {"path": "a.py", "positions": {"begin": {"line": 1, "column": 8},
                                                   "end": {"line": 1, "column": 45}}}}]
    assert LEGACY_KEY not in result.out


def test_junit(project, klint):
    (project / "a.py").write_text(KEY_LINE + "\n" + KEY_LINE, encoding="utf-8")
    result = klint("--no-cache", "-f", "junit", cwd=project)
    assert result.code == 1
    root = ET.fromstring(result.out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "2", "2")
    [suite] = root
    assert (suite.get("name"), suite.get("tests")) == ("a.py", "2")
    cases = list(suite)
    assert [case.get("name") for case in cases] == ["KL001 [hardcoded-private-key] at 1:8",
                                                     "KL001 [hardcoded-private-key] at 3:8"]
    failure = cases[0].find("failure")
    assert (failure.get("type"), failure.get("message"), failure.text) == (
        "error", MESSAGE, f"a.py:1:8: KL001 {MESSAGE}")
    assert LEGACY_KEY not in result.out


def test_junit_clean_run_is_one_passing_case(project, klint):
    (project / "a.py").write_text("x = 1\n", encoding="utf-8")
    result = klint("--no-cache", "-f", "junit", cwd=project)
    root = ET.fromstring(result.out)
    assert (result.code, root.get("tests"), root.get("failures")) == (0, "1", "0")
    assert root[0][0].get("name") == "no findings in 2 files"


def test_junit_escapes_markup_and_control_characters(project, klint):
    (project / "a<&\x1b>.py").write_text(KEY_LINE, encoding="utf-8")
    root = ET.fromstring(klint("--no-cache", "-f", "junit", cwd=project).out)
    assert root[0].get("name") == "a<&\\x1b>.py"
