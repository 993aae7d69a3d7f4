"""What a rule sees of one file: its text, positions, settings, and lazily built front ends."""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klint.findings import Fix, Severity, Span

if TYPE_CHECKING:
    from klint.frontends.javascript import JavaScriptModule
    from klint.frontends.manifests import Declaration
    from klint.frontends.python import PythonModule


@dataclass(frozen=True)
class Report:
    """What a rule hands back; the engine turns it into a Finding."""

    span: Span
    message: str
    severity: Severity | None = None  # None: the rule's default
    fix: Fix | None = None


@dataclass
class FileContext:
    path: Path
    relpath: str
    text: str
    as_of: _dt.date
    kinds: frozenset[str]  # front ends that apply: "text" plus "python", "javascript", "manifest"
    notes: list[Any] = field(default_factory=list)  # front-end diagnostics, collected by the engine

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        for index, char in enumerate(self.text):
            if char == "\n":
                starts.append(index + 1)
        return starts

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def span(self, start: int, end: int) -> Span:
        """The Span of the character offsets [start, end)."""
        return Span(*self.position(start), *self.position(end))

    def imports_project_module(self, module: str) -> bool:
        """Does importing ``module`` here load a module of the scanned project (Python's path
        puts the project ahead of installed packages)?"""
        from klint.project import has_local_python_module

        return has_local_python_module(self.path, self.relpath, module.split(".")[0])

    @cached_property
    def python(self) -> "PythonModule":
        """The parsed Python module; raises FrontEndError when it cannot be parsed."""
        from klint.frontends.python import parse_python

        return parse_python(self)

    @cached_property
    def manifest(self) -> list["Declaration"]:
        """The dependency declarations of a manifest; raises FrontEndError when unparseable."""
        from klint.frontends.manifests import declarations

        return declarations(self)

    @cached_property
    def javascript(self) -> "JavaScriptModule":
        """The parsed JS/TS module (tree-sitter always yields a tree; errors become notes)."""
        from klint.frontends.javascript import parse_javascript

        return parse_javascript(self)
