"""Machine output: one JSON document (schema in README.md, "JSON output")."""

from __future__ import annotations

import json

from klint import __version__
from klint.engine import RunResult
from klint.findings import Finding, Span
from klint.reporters.text import statistics

SCHEMA_VERSION = 1


def _position(span: Span) -> dict:
    return {
        "start": {"line": span.start_line, "column": span.start_col},
        "end": {"line": span.end_line, "column": span.end_col},
    }


def _finding(finding: Finding) -> dict:
    data = {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        **_position(finding.span),
        "fingerprint": finding.fingerprint,
        "fix": None,
    }
    if finding.fix:
        data["fix"] = {"description": finding.fix.description, "replacement": finding.fix.replacement,
                       **_position(finding.fix.span)}
    return data


def render_json(run: RunResult) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "klint", "version": __version__},
        "findings": [_finding(finding) for finding in run.findings],
        "diagnostics": [
            {"path": d.path, "line": d.line, "kind": d.kind.value, "level": d.level.value,
             "message": d.message}
            for d in run.diagnostics
        ],
        "summary": {
            "files_scanned": run.files_scanned,
            "findings": len(run.findings),
            "suppressed": run.suppressed,
            "by_code": {code: count for count, code, _ in sorted(statistics(run), key=lambda r: r[1])},
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_json_statistics(run: RunResult) -> str:
    rows = [{"code": code, "name": name, "count": count} for count, code, name in statistics(run)]
    return json.dumps(rows, indent=2) + "\n"
