"""Run a rule's VALID / INVALID examples (used by the test suite; usable by rule authors)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from klint.config import ScopedExcludes, Settings, default_codes
from klint.discovery import TargetFile
from klint.engine import lint_text
from klint.findings import DiagnosticKind, Finding
from klint.rules import ALL_RULES, Rule
from klint.rules.base import Example


def run_example(rule: type[Rule], example: Example, prefilter: bool = True) -> list[Finding]:
    """The findings ``rule`` reports on ``example`` (the default rules run too, as in real use);
    ``prefilter`` False hands the example to every rule whatever words it holds."""
    codes = default_codes() | {rule.code}
    settings = Settings(root=Path("."), select=codes, exclude=ScopedExcludes([]), line_hashes=True)
    rules = [candidate() for candidate in ALL_RULES if candidate.code in codes]
    target = TargetFile(Path(example.filename), example.filename)
    result = lint_text(target, example.code, settings, rules, _dt.date.fromisoformat(example.as_of),
                       prefilter=prefilter)
    # A rule that crashes reports nothing, which a VALID example would otherwise take for silence.
    crashes = [d.message for d in result.diagnostics if d.kind is DiagnosticKind.RULE_CRASH]
    assert not crashes, f"a rule crashed on:\n{example.code}\n{crashes}"
    return [finding for finding in result.findings if finding.code == rule.code]


def check_example(rule: type[Rule], example: Example, valid: bool) -> None:
    """Raise AssertionError unless ``rule`` treats ``example`` as its list says."""
    findings = run_example(rule, example)
    shown = "\n".join(f"  {f.span.start_line}:{f.span.start_col} {f.message}" for f in findings)
    if valid:
        assert not findings, f"{rule.code} reported a VALID example:\n{example.code}\n{shown}"
        return
    assert findings, f"{rule.code} missed an INVALID example:\n{example.code}"
    first = findings[0]
    got = (first.span.start_line, first.span.start_col, first.span.end_line, first.span.end_col, first.message)
    wanted = (example.line, example.column, example.end_line, example.end_column, example.message)
    assert got == wanted, f"{rule.code} reported {got}, expected {wanted}:\n{shown}"
    assert len(findings) == example.count, f"{rule.code} reported {len(findings)} findings, expected {example.count}:\n{shown}"
