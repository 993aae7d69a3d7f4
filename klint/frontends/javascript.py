"""JavaScript / TypeScript front end: tree-sitter with the published grammar wheels.

`.ts .mts .cts` use the TypeScript grammar, `.tsx` the TSX grammar, `.js .mjs .cjs .jsx` the
JavaScript grammar (which reads JSX). tree-sitter always returns a tree; a file with syntax
errors gets a diagnostic, and the rules still see the parts that parsed.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from klint.findings import Diagnostic, DiagnosticKind, Severity, Span
from klint.frontends import MAX_CODE_BYTES, FrontEndError

MAX_SYNTAX_NODES = 600_000  # tree-sitter nodes (tokens included)
from klint.source import SourceFile


@lru_cache(maxsize=None)
def _parser(dialect: str):
    import tree_sitter

    if dialect == "javascript":
        import tree_sitter_javascript as grammar

        language = tree_sitter.Language(grammar.language())
    else:
        import tree_sitter_typescript as grammar

        language = tree_sitter.Language(
            grammar.language_tsx() if dialect == "tsx" else grammar.language_typescript())
    return tree_sitter.Parser(language)


def dialect_for(filename: str) -> str:
    lowered = filename.lower()
    if lowered.endswith(".tsx"):
        return "tsx"
    if lowered.endswith((".ts", ".mts", ".cts", ".vue", ".svelte")):
        return "typescript"  # single-file components: TS reads plain JS script blocks too
    return "javascript"


_SCRIPT_BLOCK_RE = re.compile(r"(<script\b[^>]*>)(.*?)(</script\s*>)", re.DOTALL | re.IGNORECASE)


def script_blocks_only(text: str) -> str:
    """A Vue/Svelte component with everything but its `<script>` blocks blanked out.

    Every character outside the blocks becomes a space (newlines stay), so offsets, lines and
    columns of the script code are those of the original file.
    """
    kept = [char if char == "\n" else " " for char in text]
    for match in _SCRIPT_BLOCK_RE.finditer(text):
        start, end = match.start(2), match.end(2)
        kept[start:end] = text[start:end]
    return "".join(kept)


class JavaScriptModule:
    def __init__(self, ctx: SourceFile, source: bytes, tree) -> None:
        self.ctx = ctx
        self.source = source
        self.tree = tree
        self._ascii = len(source) == len(ctx.text)

    def char_offset(self, byte_offset: int) -> int:
        if self._ascii:
            return byte_offset
        return len(self.source[:byte_offset].decode("utf-8", errors="ignore"))

    def span(self, node) -> Span:
        return self.ctx.span(self.char_offset(node.start_byte), self.char_offset(node.end_byte))

    @cached_property
    def semantics(self):
        from klint.frontends.javascript_semantics import JsSemantics

        try:
            return JsSemantics(self)
        except RecursionError as exc:
            raise FrontEndError("code", "code nested too deeply to analyse; only text checks ran") from exc
        except Exception as exc:  # noqa: BLE001 - one report for the file, not one per rule
            raise FrontEndError("code", f"internal error analysing JS/TS: {type(exc).__name__}: {exc}",
                                internal=True) from exc


def _first_error(node):
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            return current
        if current.has_error:
            stack.extend(reversed(current.children))
    return None


def parse_javascript(ctx: SourceFile) -> JavaScriptModule:
    text = ctx.text
    if ctx.path.name.lower().endswith((".vue", ".svelte")):
        text = script_blocks_only(text)
    source = text.encode("utf-8", "surrogatepass")
    if len(source) > MAX_CODE_BYTES:
        raise FrontEndError("code", f"JS/TS file over the {MAX_CODE_BYTES // 2**20} MiB analysis budget; "
                            "only text checks ran")
    try:
        tree = _parser(dialect_for(ctx.path.name)).parse(source)
    except Exception as exc:  # noqa: BLE001 - a parser failure is the file's diagnostic
        raise FrontEndError("code", f"cannot parse JS/TS: {exc}") from exc
    if tree.root_node.descendant_count > MAX_SYNTAX_NODES:
        raise FrontEndError("code", f"JS/TS file has more than {MAX_SYNTAX_NODES:,} syntax nodes, over the "
                            "analysis budget; only text checks ran")
    module = JavaScriptModule(ctx, source, tree)
    if tree.root_node.has_error:
        error = _first_error(tree.root_node)
        line = module.span(error).start_line if error is not None else None
        ctx.notes.append(Diagnostic(
            ctx.relpath, DiagnosticKind.PARSE_ERROR,
            "syntax error in JS/TS; only the parts that parsed were checked", Severity.WARNING, line))
    return module


def javascript_model(source: SourceFile):
    """The semantic model of a JS/TS file."""
    return parse_javascript(source).semantics
