"""Human output: one line per finding (`path:line:col: CODE [name] message`), then a summary."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

import click

from klint.findings import Diagnostic, RunResult, Severity

_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}

# Control characters (C0, DEL, C1) as escapes: a file named "a.py\nfake.py:1:1: KL001 …" or one
# holding ESC sequences must not forge lines or drive the terminal.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7f, 0xa0))}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def printable(text: str) -> str:
    return text.translate(_CONTROLS)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(run: RunResult, colour: bool, quiet: bool) -> str:
    lines = []
    for finding in run.findings:
        where = f"{printable(finding.path)}:{finding.span.start_line}:{finding.span.start_col}:"
        code = finding.code
        if colour:
            where = click.style(where, bold=True)
            code = click.style(code, fg=_SEVERITY_COLOUR[finding.severity], bold=True)
        lines.append(f"{where} {code} [{finding.name}] {printable(finding.message)}")
    if not quiet:
        lines.append(summary_line(run))
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(run: RunResult) -> str:
    if not run.findings:
        text = f"No findings in {_plural(run.files_scanned, 'file')}."
    else:
        by_severity = Counter(finding.severity for finding in run.findings)
        parts = [_plural(by_severity[s], s.value) for s in Severity if by_severity[s]]
        text = (f"Found {_plural(len(run.findings), 'finding')} ({', '.join(parts)}) "
                f"in {_plural(run.files_scanned, 'file')}.")
    if run.suppressed:
        text += f" {run.suppressed} suppressed."
    return text


def render_diagnostic(diagnostic: Diagnostic) -> str:
    where = printable(diagnostic.path) + (f":{diagnostic.line}" if diagnostic.line else "")
    return (f"klint: {where}: {diagnostic.level.value}: {printable(diagnostic.message)} "
            f"[{diagnostic.kind.value}]")


def render_diagnostics(diagnostics: Iterable[Diagnostic], quiet: bool) -> str:
    shown = [render_diagnostic(d) for d in diagnostics if not (quiet and d.level is Severity.NOTE)]
    return "\n".join(shown) + ("\n" if shown else "")


def statistics(run: RunResult) -> list[tuple[int, str, str]]:
    """(count, code, name), most frequent first, then by code."""
    counts = Counter((finding.code, finding.name) for finding in run.findings)
    return sorted(((n, code, name) for (code, name), n in counts.items()),
                  key=lambda row: (-row[0], row[1]))


def render_statistics(run: RunResult) -> str:
    rows = [f"{count}\t{code}\t{name}" for count, code, name in statistics(run)]
    rows.append(f"Found {_plural(len(run.findings), 'finding')}.")
    return "\n".join(rows) + "\n"
