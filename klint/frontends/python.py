"""Python front end: parse with LibCST (recovering what CPython accepts and LibCST refuses).

Positions come from LibCST's PositionProvider, resolved only when a rule reports something, on
the same tree (``unsafe_skip_copy``) so node identity holds. Nothing else is resolved up front:
``klint.frontends.python_semantics`` builds the name/value model the rules share.
"""

from __future__ import annotations

import re
from functools import cached_property

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from klint.context import FileContext
from klint.findings import Diagnostic, DiagnosticKind, Severity, Span
from klint.frontends import FrontEndError

_LEADING_WHITESPACE_RE = re.compile(r"^[ \t]+", re.MULTILINE)


class PythonModule:
    def __init__(self, module: cst.Module) -> None:
        self.module = module

    @cached_property
    def _positions(self):
        return MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)

    def span(self, node: cst.CSTNode) -> Span:
        code_range = self._positions[node]
        return Span(code_range.start.line, code_range.start.column + 1,
                    code_range.end.line, code_range.end.column + 1)

    @cached_property
    def semantics(self):
        from klint.frontends.python_semantics import Semantics

        try:
            return Semantics(self.module)
        except RecursionError as exc:
            raise FrontEndError("python", "code nested too deeply to analyse; only text checks ran") from exc
        except Exception as exc:  # noqa: BLE001 - one report for the file, not one per rule
            raise FrontEndError("python", f"internal error analysing Python: {type(exc).__name__}: {exc}",
                                internal=True) from exc


def _cpython_error(text: str) -> tuple[str, int | None]:
    """CPython's own account of the syntax error: clearer lines than LibCST gives for tabs."""
    try:
        compile(text, "<klint>", "exec", dont_inherit=True)
    except SyntaxError as exc:  # includes TabError and IndentationError
        return f"{type(exc).__name__}: {exc.msg}", exc.lineno
    except (ValueError, MemoryError, RecursionError) as exc:
        return f"{type(exc).__name__}: {exc}", None
    return "", None


def _expand_indentation_tabs(text: str) -> str:
    """Leading tabs to spaces at tab stops of 8, as Python 2 and CPython's tokenizer count them.

    Only indentation changes, so every line keeps its number.
    """
    return _LEADING_WHITESPACE_RE.sub(lambda m: m.group().expandtabs(8), text)


def parse_python(ctx: FileContext) -> PythonModule:
    try:
        return PythonModule(cst.parse_module(ctx.text))
    except (cst.ParserSyntaxError, RecursionError, MemoryError) as exc:
        first_error = exc
    if "\t" in ctx.text:
        try:
            module = cst.parse_module(_expand_indentation_tabs(ctx.text))
        except (cst.ParserSyntaxError, RecursionError, MemoryError):
            pass
        else:
            ctx.notes.append(Diagnostic(
                ctx.relpath, DiagnosticKind.PARSE_RECOVERED,
                "indentation mixes tabs and spaces; parsed with tabs expanded to 8 columns "
                "(columns on those lines may be off)", Severity.NOTE))
            return PythonModule(module)
    reason, line = _cpython_error(ctx.text)
    if not reason:
        reason = f"LibCST cannot parse this file, though CPython can: {first_error}".splitlines()[0]
        line = getattr(first_error, "raw_line", None)
    raise FrontEndError("python", f"cannot parse Python ({reason}); only text checks ran", line)
