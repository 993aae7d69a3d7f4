"""`klint --add-suppressions [REASON]`: silence today's findings where they are (`ruff --add-noqa`).

Each line with findings gets `klint: ignore[CODE, …]` in its file's comment syntax (`#` for
Python, TOML and requirements-style manifests, `//` for JS/TS), followed by the reason if one
is given; a suppression already on the line gets the new codes added to its list. A comment
is written only where the file provably means the same afterwards — the same Python AST, the
same JS/TS tokens, the same TOML data, the same dependency declarations — so a line that ends
inside a string, a template literal or JSX text, or that continues with a backslash, is left
alone and reported, as are files with no comment syntax (JSON, `.env`, Markdown, `setup.cfg`,
whose inline `#` is part of the value). Running it again adds nothing: the findings it
silenced are gone.
"""

from __future__ import annotations

import ast
import codecs
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from klint.engine import KNOWN_CODES
from klint.files import read_bounded
from klint.findings import Diagnostic, DiagnosticKind, Finding, Severity
from klint.fixes import write_atomically
from klint.frontends import JAVASCRIPT_SUFFIXES, PYTHON_SUFFIXES, FrontEndError, frontends_for, manifest_kind
from klint.rules.kl900_unused_suppression import UnusedSuppression
from klint.source import LINE_BREAK_RE, SourceFile
from klint.suppressions import parse_suppressions

_TOML_MANIFESTS = ("pyproject", "pipfile")
_HASH_MANIFESTS = ("requirements", "pyproject", "pipfile", "environment")


@dataclass
class Added:
    comments: int = 0  # lines given a new or a longer suppression
    files: int = 0
    notes: list[Diagnostic] = field(default_factory=list)  # findings left as they were


def comment_leader(relpath: str) -> str | None:
    """How a line comment starts in this file, or None when the file type has no safe one."""
    lowered = relpath.lower()
    name = relpath.rsplit("/", 1)[-1]
    if lowered.endswith(PYTHON_SUFFIXES):
        return "#"
    if lowered.endswith(JAVASCRIPT_SUFFIXES) and not lowered.endswith((".vue", ".svelte")):
        return "//"  # components: outside <script> `//` is text
    if "manifest" in frontends_for(relpath) and manifest_kind(name) in _HASH_MANIFESTS:
        return "#"
    if lowered.endswith(".toml"):
        return "#"
    return None


def _js_tokens(relpath: str, text: str) -> list[tuple[str, bytes]] | None:
    from klint.frontends.javascript import parse_javascript

    source = SourceFile(Path(relpath), relpath, text)
    tree = parse_javascript(source).tree
    if tree.root_node.has_error:
        return None
    tokens, stack = [], [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            continue
        if node.child_count == 0:
            tokens.append((node.type, node.text))
        stack.extend(reversed(node.children))
    return tokens


def _declarations(relpath: str, text: str) -> list[tuple]:
    import datetime as _dt

    from klint.context import FileContext
    from klint.frontends.manifests import declarations

    ctx = FileContext(Path(relpath), relpath, text, _dt.date.today(), frontends_for(relpath) | {"manifest"})
    return [(d.ecosystem, d.name, d.spec, d.pinned, d.version, d.span.start_line) for d in declarations(ctx)]


def same_meaning(relpath: str, before: str, after: str) -> bool:
    """Does ``after`` (``before`` with comments added) mean what ``before`` meant?"""
    lowered = relpath.lower()
    name = relpath.rsplit("/", 1)[-1]
    try:
        if lowered.endswith(PYTHON_SUFFIXES):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if ast.dump(ast.parse(before)) != ast.dump(ast.parse(after)):
                    return False
        if lowered.endswith(JAVASCRIPT_SUFFIXES):
            tokens = _js_tokens(relpath, before)
            if tokens is None or tokens != _js_tokens(relpath, after):
                return False
        if lowered.endswith(".toml") or manifest_kind(name) in _TOML_MANIFESTS:
            from klint.config import tomllib  # tomli before Python 3.11

            if tomllib.loads(before) != tomllib.loads(after):
                return False
        if "manifest" in frontends_for(relpath) and _declarations(relpath, before) != _declarations(relpath, after):
            return False
    except (SyntaxError, ValueError, RecursionError, MemoryError, FrontEndError):
        return False  # tomllib's error is a ValueError
    return True


_BRACKET_RE = re.compile(r"\[([^\]\n]*)\]")


def _commented(relpath: str, text: str, lines: dict[int, set[str]], leader: str,
               reason: str) -> tuple[str, list[int]]:
    """``text`` with suppressions for ``lines`` (line → codes); and the lines it could not do."""
    suppressions = parse_suppressions(text, KNOWN_CODES)
    rows = LINE_BREAK_RE.split(text)
    breaks = LINE_BREAK_RE.findall(text) + [""]
    refused = []
    for number, codes in sorted(lines.items()):
        row = rows[number - 1]
        existing = next((s for s in suppressions.by_line.get(number, ()) if s.codes is not None), None)
        if existing is not None:
            directive = row[existing.start_col - 1:existing.end_col - 1]
            merged = ", ".join(sorted(existing.codes | codes))
            rows[number - 1] = (row[:existing.start_col - 1] + _BRACKET_RE.sub(f"[{merged}]", directive, 1)
                                + row[existing.end_col - 1:])
        elif row.rstrip().endswith("\\"):
            refused.append(number)  # a continued line: a comment would end it
        else:
            comment = f"{leader} klint: ignore[{', '.join(sorted(codes))}]" + (f" {reason}" if reason else "")
            code = row.rstrip(" \t")
            rows[number - 1] = f"{code}  {comment}" if code else comment
    return "".join(row + end for row, end in zip(rows, breaks)), refused


def add_suppressions(findings: list[Finding], root: Path, reason: str) -> Added:
    """Write suppressions for ``findings`` (KL900's own findings excepted) into their files."""
    added = Added()
    by_path: dict[str, dict[int, set[str]]] = {}
    for finding in findings:
        if finding.code != UnusedSuppression.code:
            by_path.setdefault(finding.path, {}).setdefault(finding.span.start_line, set()).add(finding.code)

    def refuse(relpath: str, line: int | None, why: str) -> None:
        added.notes.append(Diagnostic(relpath, DiagnosticKind.SUPPRESSION,
                                      f"no suppression added: {why}", Severity.WARNING, line))

    for relpath, lines in by_path.items():
        leader = comment_leader(relpath)
        if leader is None:
            refuse(relpath, None, "this file type has no line comments klint can add safely; "
                                  "use per-file-ignores")
            continue
        path = Path(os.path.join(root, relpath))
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            data = read_bounded(path)
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            refuse(relpath, None, "the file cannot be read as UTF-8")
            continue
        new_text, refused = _commented(relpath, text, lines, leader, reason)
        if not same_meaning(relpath, text, new_text):
            # Line by line, then: keep the comments that leave the meaning alone.
            new_text, refused = text, []
            for number, codes in sorted(lines.items()):
                candidate, not_done = _commented(relpath, new_text, {number: codes}, leader, reason)
                if not not_done and same_meaning(relpath, new_text, candidate):
                    new_text = candidate
                else:
                    refused.append(number)
        for number in sorted(refused):
            refuse(relpath, number, "a comment here would change the code (inside a string, or a "
                                    "continued line)")
        if new_text == text:
            continue
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        try:
            write_atomically(path, bom + new_text.encode("utf-8", "surrogatepass"))
        except OSError as exc:
            refuse(relpath, None, f"cannot write the file: {exc.strerror or exc}")
            continue
        added.files += 1
        added.comments += len(lines) - len(refused)
    return added
