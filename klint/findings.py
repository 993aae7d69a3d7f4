"""The values that flow from rules to reporters: findings and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from klint.klaviyo import redact_keys


def shown(text: str) -> str:
    """What output may hold of a path or message: no private key in full, and valid UTF-8.

    Every Finding and Diagnostic passes its text through here, so every format, the cache and
    anything built from them share one redaction. Undecodable file-name bytes (surrogate
    escapes) become ``\\xNN``, since no output encoding can carry them.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return redact_keys(text)


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

    def contains(self, other: "Span") -> bool:
        """Does this region hold all of ``other``?"""
        return (self.start_line, self.start_col) <= (other.start_line, other.start_col) and \
            (other.end_line, other.end_col) <= (self.end_line, self.end_col)


class Applicability(Enum):
    """Ruff's fix safety model: what ``--fix`` may apply on its own."""

    SAFE = "safe"  # behaviour-preserving or obviously intended: `--fix`
    UNSAFE = "unsafe"  # changes what is sent or how it is answered: `--fix --unsafe-fixes`
    DISPLAY = "display"  # a suggestion to show (SARIF, JSON); never applied


class KeyInEditError(ValueError):
    """An edit would write a private key: edits carry only text klint makes up."""


@dataclass(frozen=True)
class Edit:
    """Replace ``span`` (empty: insert at its start) by ``replacement``.

    The replacement is text klint composes (a method name, ``timeout=10``), never a copy of the
    file's own text, so it can be written to disk as it is and shown as it is: one holding a
    private key is refused rather than redacted, since a redacted key written to disk would
    break the file. ``\n`` in it stands for the file's own line ending.
    """

    span: Span
    replacement: str

    def __post_init__(self) -> None:
        if shown(self.replacement) != self.replacement:
            raise KeyInEditError("an edit may not carry a private key")


@dataclass(frozen=True)
class Fix:
    """One way to fix a finding: edits applied together, all or none."""

    description: str
    applicability: Applicability
    edits: tuple[Edit, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "description", shown(self.description))


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", shown(self.path))
        object.__setattr__(self, "message", shown(self.message))

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
    SPECIAL_FILE = "not-a-file"
    CACHE = "cache"
    INCLUDE = "include"
    FIX = "fix"  # a fix not applied or not written
    BASELINE = "baseline"  # a baseline entry whose finding is gone
    SUPPRESSION = "suppression"  # a finding `--add-suppressions` cannot silence


@dataclass(frozen=True)
class Diagnostic:
    """A problem with klint's own work on a file (not a finding in the user's code)."""

    path: str
    kind: DiagnosticKind
    message: str
    level: Severity = Severity.WARNING
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", shown(self.path))
        object.__setattr__(self, "message", shown(self.message))

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

    @property
    def failed(self) -> bool:
        """Exit 2: a named path is missing, or only unreadable special files were named."""
        return bool(self.missing_paths) or not self.files_scanned and any(
            d.kind is DiagnosticKind.SPECIAL_FILE for d in self.diagnostics)
