"""Machine output: one JSON document, described by klint/schemas/json-report.schema.json."""

from __future__ import annotations

import json

from klint import __version__
from klint.findings import Finding, RunResult, Span
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
        data["fix"] = {"description": finding.fix.description, "applicability": finding.fix.applicability.value,
                       "edits": [{**_position(edit.span), "replacement": edit.replacement}
                                 for edit in finding.fix.edits]}
    return data


def json_lines_array(items: list[dict], indent: str = "  ") -> str:
    """One item per line: readable, and every line encoded by json's fast C encoder (``indent``
    is that of the key holding the array; json.dumps with indent= uses the slow Python encoder)."""
    if not items:
        return "[]"
    inner = "\n" + indent + "  "
    return "[" + inner + ("," + inner).join(json.dumps(item, ensure_ascii=False) for item in items) + "\n" + indent + "]"


def render_json(run: RunResult) -> str:
    findings = [_finding(finding) for finding in run.findings]
    diagnostics = [{"path": d.path, "line": d.line, "kind": d.kind.value, "level": d.level.value,
                    "message": d.message} for d in run.diagnostics]
    summary = {
        "files_scanned": run.files_scanned,
        "findings": len(run.findings),
        "suppressed": run.suppressed,
        "by_code": {code: count for count, code, _ in sorted(statistics(run), key=lambda r: r[1])},
    }
    tool = {"name": "klint", "version": __version__}
    return (f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "tool": {json.dumps(tool)},\n'
            f'  "findings": {json_lines_array(findings)},\n  "diagnostics": {json_lines_array(diagnostics)},\n'
            f'  "summary": {json.dumps(summary)}\n}}\n')


def render_json_statistics(run: RunResult) -> str:
    rows = [{"code": code, "name": name, "count": count} for count, code, name in statistics(run)]
    document = {"schema_version": SCHEMA_VERSION, "tool": {"name": "klint", "version": __version__},
                "statistics": rows}
    return json.dumps(document, indent=2) + "\n"
