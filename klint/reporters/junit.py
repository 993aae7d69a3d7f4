"""JUnit XML for GitLab test reports and Jenkins: one test suite per file with findings, one
failed test case per finding; a clean run is one passing test case, so the report is never empty."""

from __future__ import annotations

from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from klint.findings import RunResult
from klint.reporters.text import printable


def _attr(text: str) -> str:
    return quoteattr(printable(text))  # XML 1.0 cannot carry most control characters


def render_junit(run: RunResult) -> str:
    total = len(run.findings)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<testsuites name="klint" tests="{max(total, 1)}" failures="{total}" errors="0">']
    if not run.findings:
        lines += ['  <testsuite name="klint" tests="1" failures="0" errors="0">',
                  f'    <testcase name={_attr(f"no findings in {run.files_scanned} files")} classname="klint"/>',
                  "  </testsuite>"]
    for path, group in groupby(run.findings, key=lambda finding: finding.path):
        findings = list(group)
        lines.append(f'  <testsuite name={_attr(path)} tests="{len(findings)}" failures="{len(findings)}" errors="0">')
        for finding in findings:
            where = f"{finding.span.start_line}:{finding.span.start_col}"
            lines += [
                f'    <testcase name={_attr(f"{finding.code} [{finding.name}] at {where}")} '
                f'classname={_attr(path)} file={_attr(path)} line="{finding.span.start_line}">',
                f'      <failure type="{finding.severity.value}" message={_attr(finding.message)}>'
                f"{escape(printable(f'{path}:{where}: {finding.code} {finding.message}'))}</failure>",
                "    </testcase>",
            ]
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"
