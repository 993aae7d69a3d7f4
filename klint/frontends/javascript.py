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
    """The semantic model of a JS/TS file: of an empty program when its text shows that nothing
    in it can matter to a rule (no call, value or import the model acts on; see may_matter),
    without parsing the file, as if the pre-filter had skipped it; an importer asking for a name
    then has the whole file parsed and modelled."""
    if not source.slice_code or may_matter(source.text, source.project, source.path):
        return parse_javascript(source).semantics
    empty = JavaScriptModule(source, b"", _parser(dialect_for(source.path.name)).parse(b""))
    model = empty.semantics
    model.widened_for = lambda _name: parse_javascript(source).semantics
    return model


# What the text of a file must hold for its model to hold anything a rule reads (a superset):
# an HTTP client or Node's http(s), the SDK or a legacy library, HMAC, a logger, a 429 check,
# revision / phone keys, Klaviyo webhook headers or API URLs, a browser-public variable.
_MATTERS_RE = re.compile(
    r"\b(?:fetch|axios|got|superagent|ky|ofetch|request|XMLHttpRequest|createHmac|timingSafeEqual|crypto"
    r"|console|logger|log)\b|\bhttps?\b(?!:)|\$fetch|[\"'][^\"'\s]*klaviyo[^\"'\s]*[\"']|\b429\b|revision"
    r"|phone_?number|phoneNumber|klaviyo[-_](?:signature|timestamp|webhook|hmac)|klaviyo-(?=[\"'`{$])"
    r"|klaviyo\.com(?:/api\b|:\d|/?[\"'`{}$%\\])|(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY)_"
    r"|\bPUBLIC_|use client",
    re.IGNORECASE)
# Supersets of _MATTERS_RE's alternatives, each led by a literal (which Python's regex engine
# scans for at C speed) and searched in the lowercased text, which for ASCII is what IGNORECASE
# matches: a file none of them finds in is decided without the exact search.
_MATTER_WORDS = ("fetch", "axios", "got", "superagent", "ky", "ofetch", "request", "xmlhttprequest", "createhmac",
                 "timingsafeequal", "crypto", "console", "logger", "log")
_QUICK_MATTERS = tuple(re.compile(pattern) for pattern in (
    "(?:" + "|".join(rf"{word}(?<!\w{word})" for word in _MATTER_WORDS) + r")\b", r"http(?<!\whttp)s?\b(?!:)",
    r"klaviyo[^\"'\s]*[\"']", r"429", r"revision", r"phone_?number", r"\$fetch", r"use client",
    r"klaviyo(?:[-_](?:signature|timestamp|webhook|hmac)|-[\"'`{$]|\.com(?:/api\b|:\d|/?[\"'`{}$%\\]))",
    r"(?:next_public|vite|react_app|expo_public|nuxt_public|gatsby|public)_"))


def _matters_by_text(text: str) -> bool:
    if text.isascii():
        lowered = text.lower()
        if not any(pattern.search(lowered) for pattern in _QUICK_MATTERS):
            return False
    return _MATTERS_RE.search(text) is not None


# An import: (`type` of `import type`, the names of `import { … } from`, the specifier).
_IMPORT_RE = re.compile(
    r"""(?:\bimport\s+(type\s+)?(?:\{([^}]*)\}\s*from\s*)?|\bfrom|\brequire\s*\()\s*["']([^"'\s]+)["']""")


def may_matter(text: str, project, path) -> bool:
    """False when nothing in the file can matter to a rule: none of _MATTERS_RE's words, and no
    relative import of a project module that holds one (followed through its own imports)."""
    if _matters_by_text(text):
        return True
    if project is None:
        return False
    return any(_module_matters(project, target) for target in _imports(project, path, text))


def imports_module_mentioning(project, path, text: str, word: str) -> bool:
    """Does the file import a project module (relative, or through the tsconfig's aliases) whose
    text holds ``word``, or one that imports such a module (an `index.ts` re-exporting it)?
    (The pre-filter's second pass.)"""
    from klint.frontends import reaches_mention

    return reaches_mention(project, _imports, path, text, word)


def _imports(project, path, text: str) -> list:
    """The project modules the file imports something from that can carry a value: not those
    it takes only types from (`import type …`, `import { type A }`, or names the module declares
    as `export type` / `export interface`), which no rule can see through."""
    from klint.frontends.javascript_semantics import locate_aliased, locate_relative

    found = []
    for type_only, names, specifier in _IMPORT_RE.findall(text):
        if type_only:
            continue
        located = (locate_relative if specifier.startswith(("./", "../"))
                   else locate_aliased)(project, path, specifier)
        if located is not None and not (names and _only_types(project, located[0], names)):
            found.append(located[0])
    return found


def _only_types(project, path, names: str) -> bool:
    """Whether every name of an `import { … }` clause is a type: marked `type`, or declared as
    one (and as nothing else) by the module at ``path``."""
    imported = [item.split(" as ")[0].strip() for item in names.split(",")]
    values = [name for name in imported if name and not name.startswith("type ")]
    if not values:
        return True
    types = _declared_types(project, path)
    project.peeked.add(path)  # the importer's answer depends on what this module declares
    return types.issuperset(values)


_TYPE_DECLARATION_RE = re.compile(r"^[ \t]*export[ \t]+(?:declare[ \t]+)?(?:type|interface)[ \t]+(\w+)", re.MULTILINE)
_VALUE_DECLARATION_RE = re.compile(r"\b(?:class|function|const|let|var|enum|namespace)[ \t]+(\w+)")


def _declared_types(project, path) -> frozenset[str]:
    """The names the module exports as types and declares as nothing else (memoised)."""
    key = ("js-types", path)
    if key not in project.memo:
        text = project.text_of(path) or ""
        project.memo[key] = frozenset(_TYPE_DECLARATION_RE.findall(text)) - set(_VALUE_DECLARATION_RE.findall(text))
    return project.memo[key]


def _module_matters(project, path) -> bool:
    matters, _exact, read = _matters(project, path, frozenset())
    project.peeked.update(read)  # the linted file's results depend on what decided this
    return matters


def _matters(project, path, on_stack: frozenset) -> tuple[bool, bool, frozenset]:
    """(does the module or one it imports hold a word that matters, exact, the files read): in
    an import cycle the modules above on the stack count as not mattering, and such answers
    are not remembered (python_slice.module_kinds does the same for Python)."""
    key = ("js-matters", path)
    if key in project.memo:
        return (*project.memo[key][:1], True, project.memo[key][1])
    if path in on_stack:
        return False, False, frozenset()
    text = project.text_of(path)
    if text is None:
        return False, True, frozenset()
    matters, exact, read = _matters_by_text(text), True, {path}
    if not matters:
        for target in _imports(project, path, text):
            if target == path:
                continue
            found, found_exact, found_read = _matters(project, target, on_stack | {path})
            read |= found_read
            exact = exact and found_exact
            if found:
                matters = True
                break
    if matters or exact or not on_stack:
        project.memo[key] = (matters, frozenset(read))
    return matters, exact, frozenset(read)
