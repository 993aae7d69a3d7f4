"""Python front end: gate the file with CPython, parse it with LibCST, lower it into the model.

CPython's own parser (C speed) reads the file first. A file it refuses never reaches LibCST,
whose native parser can crash the whole process on shapes CPython rejects cleanly (1,500 nested
parentheses); a file it accepts but that is over the budgets below gets a note and text checks
only, since LibCST's cost on such shapes (a 100,000-term expression) is unbounded in practice.

LibCST builds only the statements that can matter (klint/frontends/python_slice.py): CPython's
tree picks them, the others are left out, and positions are mapped back to the file's lines. A file with
lone CR line breaks (which CPython and LibCST count differently) is read whole.

Positions come from LibCST's PositionProvider, resolved only when a rule reports something, on
the same tree (``unsafe_skip_copy``) so node identity holds.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import replace
from functools import cached_property, lru_cache

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from klint.findings import Diagnostic, DiagnosticKind, Severity, Span
from klint.frontends import MAX_CODE_BYTES, FrontEndError
from klint.source import SourceFile

MAX_SYNTAX_NODES = 150_000  # CPython AST nodes
MAX_NESTING = 100  # AST depth: `a + b + …` nests one level per term

_TOO_DEEP = f"expressions nested more than {MAX_NESTING} levels deep"
_LEADING_WHITESPACE_RE = re.compile(r"^[ \t]+", re.MULTILINE)
_UNSLICEABLE_RE = re.compile(r"\r(?!\n)|^[ ]*\t", re.MULTILINE)


class _Positions:
    """Where nodes are. LibCST's PositionProvider renders the code it measures, which on a large
    module costs more than the rest of its analysis; so a node the model placed in a top-level
    statement (``statement_of``, filled by the recorder) is measured in a module of that one
    statement, moved to the line CPython gives the statement. Other nodes (the header, the
    whitespace and punctuation the recorder does not place) are measured in the whole module."""

    def __init__(self, module: cst.Module, line_map: list[int] | None = None, text: str | None = None) -> None:
        self.module = module
        self.line_map = line_map  # a slice's line -> the file's line (None: the whole file)
        self.text = text  # the module's code, when at hand (a statement's line is read from it)
        self.statement_of: dict[int, int | None] = {}  # id(node) -> index of its top-level statement
        self._statements: dict[int, tuple] = {}  # index -> (positions, line offset)

    @cached_property
    def _resolved(self):
        return MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)

    @cached_property
    def _first_lines(self) -> list[int] | None:
        """The line of each top-level statement's first token (a decorated definition's `def` /
        `class`, as LibCST counts), from CPython's tree of the module's code; None when the two
        trees do not line up."""
        if self.text is None:
            return None
        try:
            body = ast.parse(self.text).body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        lines, taken = [], 0
        for statement in self.module.body:
            if taken >= len(body):
                return None
            lines.append(body[taken].lineno)
            taken += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        return lines if taken == len(body) else None

    def _range(self, node: cst.CSTNode):
        index = self.statement_of.get(id(node))
        lines = self._first_lines if index is not None else None
        if lines is None:
            return self._resolved[node]
        if index not in self._statements:
            statement = self.module.body[index]
            alone = self.module.with_changes(body=[statement], header=[], footer=[])
            positions = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)
            self._statements[index] = positions, lines[index] - positions[statement].start.line
        positions, offset = self._statements[index]
        code_range = positions.get(node)
        if code_range is None:
            return self._resolved[node]
        return replace(code_range, start=replace(code_range.start, line=code_range.start.line + offset),
                       end=replace(code_range.end, line=code_range.end.line + offset))

    def span(self, node: cst.CSTNode) -> Span:
        code_range = self._range(node)
        start, end = code_range.start.line, code_range.end.line
        if self.line_map is not None:
            start, end = self.line_map[start - 1], self.line_map[end - 1]
        return Span(start, code_range.start.column + 1, end, code_range.end.column + 1)


def _cpython_tree(text: str) -> tuple[ast.AST | None, str, int | None]:
    """(CPython's tree, its error message, the error's line): its account of a syntax error is
    clearer than LibCST's."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences are the file's business
            return ast.parse(text), "", None
    except SyntaxError as exc:  # includes TabError and IndentationError
        return None, f"{type(exc).__name__}: {exc.msg}", exc.lineno
    except (RecursionError, MemoryError):  # valid Python, too deep for CPython's own limits
        return None, "", None
    except ValueError as exc:  # NUL bytes and the like
        return None, f"{type(exc).__name__}: {exc}", None


def _expand_indentation_tabs(text: str) -> str:
    """Leading tabs to spaces at tab stops of 8, as Python 2 and CPython's tokenizer count them.

    Only indentation changes, so every line keeps its number.
    """
    return _LEADING_WHITESPACE_RE.sub(lambda m: m.group().expandtabs(8), text)


def parse_python(source: SourceFile) -> cst.Module:
    """The LibCST tree of a file CPython accepts and that fits the budgets."""
    _gate(source)
    return _parse(source)


def _gate(source: SourceFile) -> tuple[ast.Module, dict]:
    """CPython's tree of a file within the budgets, and the names its statements read
    (python_slice.scan); FrontEndError otherwise."""
    if len(source.text) > MAX_CODE_BYTES:
        raise FrontEndError("code", f"Python file over the {MAX_CODE_BYTES // 2**20} MiB analysis budget; "
                            "only text checks ran")
    tree, reason, line = _cpython_tree(source.text)
    if tree is None and reason:
        raise FrontEndError("code", f"cannot parse Python ({reason}); only text checks ran", line)
    from klint.frontends.python_slice import OverBudget, scan

    try:
        if tree is None:
            raise OverBudget(_TOO_DEEP)
        names = scan(tree, MAX_SYNTAX_NODES, MAX_NESTING)  # the budgets, and what the slicer reads
    except OverBudget as exc:
        raise FrontEndError("code", f"Python file has {exc}, over the analysis budget; only text checks ran") \
            from None
    return tree, names


def _parse(source: SourceFile) -> cst.Module:
    try:
        return cst.parse_module(source.text)
    except (cst.ParserSyntaxError, RecursionError, MemoryError) as exc:
        first_error = exc
    if "\t" in source.text:
        try:
            module = cst.parse_module(_expand_indentation_tabs(source.text))
        except (cst.ParserSyntaxError, RecursionError, MemoryError):
            pass
        else:
            source.notes.append(Diagnostic(
                source.relpath, DiagnosticKind.PARSE_RECOVERED,
                "indentation mixes tabs and spaces; parsed with tabs expanded to 8 columns "
                "(columns on those lines may be off)", Severity.NOTE))
            return module
    reason = f"LibCST cannot parse this file, though CPython can: {first_error}".splitlines()[0]
    raise FrontEndError("code", f"cannot parse Python ({reason}); only text checks ran",
                        getattr(first_error, "raw_line", None))


def python_model(source: SourceFile):
    """The semantic model of a Python file, built from the statements that can matter (all of
    them when ``source.slice_code`` is off). A file whose text shows that none can is not parsed
    at all, as if the pre-filter had skipped it: its model is empty, and a syntax error in it
    goes unreported until something asks for its statements."""
    if _sliceable(source):
        from klint.frontends.python_slice import NOTHING_MATTERS, may_have_seeds

        if not may_have_seeds(source.text, source.project, source.path):
            return _model(source, NOTHING_MATTERS, frozenset())
    tree, names = _gate(source)
    slicer = _slicer(source, tree, names)
    return _model(source, slicer, frozenset())


def _model(source: SourceFile, slicer, wanted: frozenset[str]):
    """The model of the slice that keeps what can matter and the definitions of ``wanted`` (names
    another module imports from this one); of the whole file without a slicer or a slice
    (NOTHING_MATTERS: a file not gated yet, so the whole file is gated first)."""
    from klint.frontends.python_semantics import Semantics
    from klint.frontends.python_slice import NOTHING_MATTERS

    def whole_file():
        if slicer is NOTHING_MATTERS:
            _gate(source)
        return _parse(source)

    text = slicer.kept_text(wanted) if slicer is not None else None
    module = line_map = None
    if text is not None:
        try:
            module, line_map = (cst.parse_module(text) if text else _empty_module()), slicer.line_map
        except (cst.ParserSyntaxError, RecursionError, MemoryError):
            pass  # a slice LibCST reads differently from CPython: read the whole file
    if module is None:
        module = whole_file()
    positions = _Positions(module, line_map, text if line_map is not None else source.text)
    try:
        model = Semantics(module, positions.span, source, positions.statement_of)
    except RecursionError as exc:
        raise FrontEndError("code", "code nested too deeply to analyse; only text checks ran") from exc
    except Exception as exc:  # noqa: BLE001 - one report for the file, not one per rule
        raise FrontEndError("code", f"internal error analysing Python: {type(exc).__name__}: {exc}",
                            internal=True) from exc
    if line_map is not None:
        def whole_tree():
            whole = whole_file()
            return whole, _Positions(whole).span  # no statements placed: measured whole

        def widened_for(name: str):
            if not slicer.defines(name) or slicer.keeps(name):
                return None
            if slicer is NOTHING_MATTERS:
                _gate(source)
            return _model(source, None, wanted)

        model.whole_tree = whole_tree
        # An importer asks for a name the slice left out: read the whole file once (one parse,
        # however many names are asked for next).
        model.widened_for = widened_for
    return model


@lru_cache(maxsize=1)
def _empty_module() -> cst.Module:
    """One tree for every empty slice (LibCST trees are immutable): most files of a dense tree."""
    return cst.parse_module("")


def _sliceable(source: SourceFile) -> bool:
    # lone CRs count lines differently; tabs may need the whole file's recovery
    text = source.text
    return source.slice_code and not (("\r" in text or "\t" in text) and _UNSLICEABLE_RE.search(text))


def _slicer(source: SourceFile, tree: ast.Module, names: dict):
    """What picks the statements that can matter, or None when the whole file is to be read."""
    if not _sliceable(source):
        return None
    from klint.frontends.python_slice import PythonSlice

    project = source.project
    return PythonSlice(tree, source.text, (lambda qualname: project.import_kinds(source.path, qualname))
                       if project is not None else None, names)
