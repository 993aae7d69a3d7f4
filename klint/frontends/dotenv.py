"""`.env` files: `NAME=value` lines (dotenv syntax: `export`, quotes, comments), with positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from klint.findings import Span
from klint.source import SourceFile

_LINE_RE = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(.*?)[ \t]*$")


@dataclass(frozen=True)
class EnvEntry:
    name: str
    value: str  # unquoted; a trailing ` # comment` of an unquoted value removed
    name_span: Span
    value_span: Span


def dotenv_entries(source: SourceFile) -> list[EnvEntry]:
    entries = []
    for number, line in enumerate(source.lines, start=1):
        match = _LINE_RE.match(line)
        if match is None:
            continue
        raw, start = match.group(2), match.start(2)
        if raw[:1] in ("'", '"') and raw.endswith(raw[0]) and len(raw) >= 2:
            value, start = raw[1:-1], start + 1
        else:
            value = re.split(r"[ \t]+#", raw, maxsplit=1)[0]
        entries.append(EnvEntry(match.group(1), value, Span(number, match.start(1) + 1, number, match.end(1) + 1),
                                Span(number, start + 1, number, start + len(value) + 1)))
    return entries
