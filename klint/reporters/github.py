"""GitHub Actions workflow commands: annotations on the pull request's changed lines."""

from __future__ import annotations

from klint.findings import RunResult, Severity
from klint.reporters.text import printable

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def _escape_data(text: str) -> str:
    """The runner's own escapes, after every other control character became visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(run: RunResult) -> str:
    lines = []
    for finding in run.findings:
        span = finding.span
        properties = ",".join((
            f"file={_escape_property(finding.path)}",
            f"line={span.start_line}",
            f"col={span.start_col}",
            f"endLine={span.end_line}",
            f"endColumn={span.end_col}",
            f"title={_escape_property(f'{finding.code} [{finding.name}]')}",
        ))
        lines.append(f"::{_COMMAND[finding.severity]} {properties}::{_escape_data(finding.message)}")
    for diagnostic in run.diagnostics:
        lines.append(f"::{_COMMAND[diagnostic.level]} file={_escape_property(diagnostic.path)},"
                     f"title=klint::{_escape_data(diagnostic.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
