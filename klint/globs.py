"""Gitignore patterns (`.gitignore`, `exclude`, `per-file-ignores`), matched in linear time.

The same semantics as pathspec's ``GitIgnoreSpec`` (which klint used before; the test suite
compares the two), with two differences:

- No catastrophic backtracking. A regex for `*a*a*a*ab` tries every way to place each `a`, so one
  pattern against a 70-character name took minutes. Here every `*` but the last in a path
  segment finds the leftmost place its following fixed-width chunk fits and never reconsiders it
  (a lookahead, which Python's re never backtracks into); for fixed-width chunks the leftmost
  place is always a right one, so the answers are unchanged.
- No exceptions. Lines git itself never matches (`!` alone, a pattern ending in an odd `\\`,
  an unterminated `[`, an empty segment) match nothing instead of raising.
- A negated class (`[!a]`) never matches `/`, and `*/` and `**/` match every folder, as in git
  (pathspec lets the class match `/`, and `*/` and `**/` match nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

_STAR = object()  # a run of `*` inside a path segment


class _Unmatchable(Exception):
    """A pattern git never matches (an unterminated `[`)."""


def _chunk_tokens(segment: str) -> list:
    """A segment as regex pieces (each matching one character) and _STAR markers."""
    tokens: list = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            if not tokens or tokens[-1] is not _STAR:
                tokens.append(_STAR)
        elif char == "?":
            tokens.append("[^/]")
        elif char == "\\" and index + 1 < len(segment):
            index += 1
            tokens.append(re.escape(segment[index]))
        elif char == "[":
            end = _class_end(segment, index)
            if end < 0:
                raise _Unmatchable
            body = segment[index + 1:end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            body = body.replace("\\", "\\\\").replace("[", "\\[")
            tokens.append(f"(?!/)[{'^' if negate else ''}{body}]")
            index = end
        else:
            tokens.append(re.escape(char))
        index += 1
    return tokens


def _class_end(segment: str, start: int) -> int:
    """Index of the `]` closing the class opened at ``start``, or -1."""
    index = start + 1
    if index < len(segment) and segment[index] in "!^":
        index += 1
    if index < len(segment) and segment[index] == "]":
        index += 1
    while index < len(segment) and segment[index] != "]":
        index += 1
    return index if index < len(segment) else -1


class _Groups:
    def __init__(self) -> None:
        self.count = 0

    def atomic(self, regex: str) -> str:
        """``regex`` matched once, its first (shortest) match kept: an atomic group for any Python."""
        self.count += 1
        name = f"a{self.count}"
        return f"(?=(?P<{name}>{regex}))(?P={name})"


def _segment_regex(segment: str, groups: _Groups) -> str:
    if segment == "*":
        return "[^/]+"  # a whole segment: some name
    chunks: list[list[str]] = [[]]
    for token in _chunk_tokens(segment):
        if token is _STAR:
            chunks.append([])
        else:
            chunks[-1].append(token)
    if len(chunks) == 1:
        return "".join(chunks[0])
    head, *middle, tail = ("".join(chunk) for chunk in chunks)
    # Each middle chunk at its leftmost place (lazy star, kept atomically); the tail is then
    # whatever ends the segment, found by one greedy star: no nested backtracking anywhere.
    return head + "".join(groups.atomic(f"[^/]*?{chunk}") for chunk in middle if chunk) + "[^/]*" + tail


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    include: bool  # False for a `!` negation


def _strip_trailing_spaces(line: str) -> str:
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(line) > len(stripped):
        stripped += " "  # `foo\ `: the escaped space stays
    return stripped


def compile_pattern(line: str) -> _Pattern | None:
    """One gitignore line as a regex over a POSIX path (a folder given with a trailing `/`)."""
    pattern = _strip_trailing_spaces(line.rstrip("\r\n"))
    if not pattern or pattern.startswith("#"):
        return None
    include = True
    if pattern.startswith("!"):
        include, pattern = False, pattern[1:]
    trailing_backslashes = len(pattern) - len(pattern.rstrip("\\"))
    if not pattern or trailing_backslashes % 2:
        return None  # git ignores these lines; they match nothing
    dir_only = pattern.endswith("/")
    pattern = pattern[:-1] if dir_only else pattern
    if not pattern or "//" in pattern:
        return None  # an empty segment: no normalized path has one
    segments = pattern.lstrip("/").split("/")
    if segments[0] == "**" and segments[1:] in ([], ["*"]) or pattern == "*":
        # `**`, `**/*`, `*`: everything (`**/`, `*/`: every folder and all inside one)
        return _Pattern(re.compile(".*/" if dir_only else "."), include)
    regex = "^" if "/" in pattern else "^(?:.+/)?"  # a slash anywhere but the end anchors it
    if segments[0] == "**":
        regex, segments = "^(?:.+/)?", segments[1:]
    groups = _Groups()
    for index, segment in enumerate(segments):
        if segment != "**":
            try:
                regex += ("/" if index else "") + _segment_regex(segment, groups)
            except _Unmatchable:
                return None
        elif index == len(segments) - 1:  # `a/**`: everything inside `a`
            return _Pattern(re.compile(regex + ("(?P<d>/)" if dir_only else "/")), include)
        else:
            regex += "(?:/.+)?"  # `a/**/b`: zero or more folders between
    return _Pattern(re.compile(regex + ("(?P<d>/)" if dir_only else "(?:(?P<d>/)|$)")), include)


class GitIgnore:
    """A list of gitignore lines; the later line wins, with pathspec's directory-match priority."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.patterns = [p for p in map(compile_pattern, lines) if p is not None]

    def check(self, path: str) -> bool | None:
        """True: ignored; False: re-included by a negation; None: no line matches.

        The last line that matches the path itself wins; a line that matches only a folder
        above it (the ``d`` group) counts only if no line matches the path itself.
        """
        result: bool | None = None
        for pattern in reversed(self.patterns):
            match = pattern.regex.match(path)
            if match is None:
                continue
            if not match.groupdict().get("d"):
                return pattern.include
            if result is None:
                result = pattern.include
        return result

    def match(self, path: str) -> bool:
        return bool(self.check(path))
