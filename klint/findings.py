"""The values that flow from rules to reporters: findings and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Span:
    """A region of a file. Lines and columns are 1-based; ``end_col`` is the column after the end.

    Columns count Unicode code points (SARIF ``columnKind: unicodeCodePoints``).
    """

    start_line: int
    start_col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class Fix:
    """A replacement of ``span`` by ``replacement`` (used by ``--fix``)."""

    span: Span
    replacement: str
    description: str


@dataclass(frozen=True)
class Finding:
    """One problem a rule reported. Messages never hold a secret in full."""

    path: str  # relative, POSIX separators
    span: Span
    code: str
    name: str
    message: str
    severity: Severity
    fingerprint: str = ""  # stable across unrelated edits; filled in by the engine
    line_hash: str = ""  # GitHub primaryLocationLineHash of the start line (redacted text)
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span, self.code, self.message)


class DiagnosticKind(Enum):
    MISSING_PATH = "missing-path"
    UNREADABLE = "unreadable"
    BINARY = "binary"
    TOO_LARGE = "too-large"
    DECODE = "not-utf8"
    PARSE_ERROR = "parse-error"
    PARSE_RECOVERED = "parse-recovered"
    RULE_CRASH = "rule-crash"
    SYMLINK = "symlink"


@dataclass(frozen=True)
class Diagnostic:
    """A problem with klint's own work on a file (not a finding in the user's code)."""

    path: str
    kind: DiagnosticKind
    message: str
    level: Severity = Severity.WARNING
    line: int | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.kind.value, self.message)


@dataclass
class RunResult:
    """Everything one run found, in output order: what the reporters render."""

    findings: list[Finding]
    diagnostics: list[Diagnostic]
    files_scanned: int
    missing_paths: list[str]
    suppressed: int = 0
