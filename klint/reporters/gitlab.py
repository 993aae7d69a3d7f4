"""GitLab Code Quality: a JSON array of issues (`artifacts: reports: codequality:`), shown in
merge request widgets. Paths are relative to the project root (the klint config's folder),
which should be the repository's top for GitLab to link them."""

from __future__ import annotations

import json

from klint.findings import RunResult, Severity

# GitLab's scale is info, minor, major, critical, blocker.
_SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.NOTE: "minor"}


def render_gitlab(run: RunResult) -> str:
    issues = [{
        "type": "issue",
        "check_name": finding.code,
        "description": f"{finding.code} [{finding.name}] {finding.message}",
        "categories": ["Bug Risk"],
        "severity": _SEVERITY[finding.severity],
        "fingerprint": finding.fingerprint,
        "location": {"path": finding.path, "positions": {
            "begin": {"line": finding.span.start_line, "column": finding.span.start_col},
            "end": {"line": finding.span.end_line, "column": finding.span.end_col}}},
    } for finding in run.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
