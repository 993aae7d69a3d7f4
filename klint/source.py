"""A source file as every front end and rule sees it: its text, one line model, and the notes
(diagnostics) its front ends leave."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from klint.findings import Span

# Line breaks as Python's tokenizer and tree-sitter count them: a lone CR ends a line too, so a
# file with old Mac line endings gets the same line numbers from every rule.
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    return LINE_BREAK_RE.split(text)


@dataclass
class SourceFile:
    path: Path
    relpath: str
    text: str
    notes: list[Any] = field(default_factory=list)  # front-end diagnostics, collected by the engine
    project: Any = None  # the ProjectIndex of the other modules (None: this file alone)
    slice_code: bool = True  # a front end may build its model from the statements that can matter

    @cached_property
    def line_starts(self) -> list[int]:
        return [0, *(match.end() for match in LINE_BREAK_RE.finditer(self.text))]

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def span(self, start: int, end: int) -> Span:
        """The Span of the character offsets [start, end)."""
        return Span(*self.position(start), *self.position(end))
