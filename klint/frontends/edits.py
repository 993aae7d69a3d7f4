"""Text edits for fixes, shared by the front ends: given the offsets a parser's tree gives for
the parts of a bracketed list (a call's arguments, a dict or object literal's entries) or of a
string literal's text, make the edit that changes it and keeps the surrounding layout.

Offsets are character offsets into ``SourceFile.text``. Edits write ``\\n`` for a line break;
the fixer turns it into the file's own line ending. Nothing here knows a language's syntax
beyond what the caller passes in (its comment leader).
"""

from __future__ import annotations

import re

from klint.findings import Edit
from klint.source import SourceFile


def edit(source: SourceFile, start: int, end: int, replacement: str) -> Edit:
    return Edit(source.span(start, end), replacement)


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    """(start of the line holding ``offset``, the offset of its line break or the end)."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i >= 0]
    return start, min(ends) if ends else len(text)


def insert_element(source: SourceFile, open_end: int, close_start: int, elements: list[tuple[int, int]],
                   trailing_comma_end: int | None, element: str, comment: str) -> list[Edit]:
    """Add ``element`` as the last item of a bracketed, comma-separated list.

    ``open_end`` is just after the opening bracket, ``close_start`` at the closing one,
    ``elements`` the (start, end) of each item, ``trailing_comma_end`` just after a comma that
    follows the last item. A list written one item per line gets a new line indented like the
    last item (after any comment that ends the last item's line); otherwise ``, element``.
    """
    text = source.text
    if not elements:
        return [edit(source, open_end, open_end, element)]
    last_start, last_end = elements[-1]
    after = trailing_comma_end if trailing_comma_end is not None else last_end
    one_per_line = any(char in text[open_end:elements[0][0]] for char in "\r\n")
    if not one_per_line:
        if trailing_comma_end is not None:
            return [edit(source, after, after, f" {element},")]
        return [edit(source, last_end, last_end, f", {element}")]
    line_start, _ = _line_bounds(text, last_start)
    indent = re.match(r"[ \t]*", text[line_start:]).group()
    _, line_end = _line_bounds(text, after)
    rest = text[after:line_end].strip()
    new_line = f"\n{indent}{element}" + ("," if trailing_comma_end is not None else "")
    if rest and not rest.startswith(comment):  # the closing bracket or more code follows on the line
        return [edit(source, after, after, ("" if trailing_comma_end is not None else ",") + new_line)]
    edits = [] if trailing_comma_end is not None else [edit(source, last_end, last_end, ",")]
    return edits + [edit(source, line_end, line_end, new_line)]


def remove_element(source: SourceFile, open_end: int, close_start: int, elements: list[tuple[int, int]],
                   index: int) -> list[Edit]:
    """Remove item ``index`` of a bracketed list and the comma that separates it."""
    if len(elements) == 1:
        return [edit(source, open_end, close_start, "")]
    if index < len(elements) - 1:
        return [edit(source, elements[index][0], elements[index + 1][0], "")]
    return [edit(source, elements[index - 1][1], elements[index][1], "")]


def replace_in_segments(source: SourceFile, segments: list[tuple[int, str]], starts_content: bool,
                        pattern: re.Pattern[str], replacement: str, at_start: bool) -> list[Edit] | None:
    """Replace the first match of ``pattern`` in a string literal's literal text.

    ``segments`` are the (offset, source text) of the literal parts in order (interpolations
    left out); ``starts_content`` says the first one opens the string's content. A match may
    not touch a backslash, so an escape sequence is never cut in half or misread.
    """
    for index, (offset, raw) in enumerate(segments):
        if at_start and (index > 0 or not starts_content):
            return None
        match = pattern.search(raw)
        if match is None or (at_start and match.start() != 0):
            continue
        if "\\" in raw[max(0, match.start() - 1):match.end()]:
            return None
        return [edit(source, offset + match.start(), offset + match.end(), replacement)]
    return None
