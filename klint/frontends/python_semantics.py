"""What Python code means, as far as one file shows it: imports, assignments, static values.

One LibCST pass records, per scope (module, class, function) and in source order, every binding
and every mutation of a name (``x = …``, ``x["k"] = …``, ``x.update(…)``, ``s.headers.update(…)``,
``self.client = …``), every call and every comparison. Expressions are lowered into
klint/frontends/expressions.py when first evaluated, and the shared evaluator
(klint/frontends/evaluate.py) works their values out at the point of use: strings (literals,
f-strings, ``+``, ``%``, ``.format``, ``urljoin``), dicts
(literals, ``dict(a, k=v)``, ``{**a, k: v}``, ``.copy()``, item assignment, ``.update``), objects
built by known constructors (HTTP clients, ``KlaviyoAPI``, SDK models) and imported names as
qualified names (``import requests as rq`` → ``requests``). Whatever cannot be resolved is
``Unknown``, and the rules stay silent on it.

A hand-written resolver rather than LibCST's Scope/QualifiedName providers: those cost ~10× the
parse itself (see linter-anchors §7), and the rules need values, not just names.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator

import libcst as cst

from klint import klaviyo
from klint.findings import Edit, Span
from klint.frontends import expressions as ir
from klint.frontends.edits import edit, insert_element, remove_element, replace_in_segments
from klint.frontends.evaluate import Evaluator
from klint.frontends.scopes import FEW_ITEMS, Event, Scope, Site
from klint.frontends.values import (
    HttpCall, ObjectValue, SdkCall, StrValue, Unknown,
)
from klint.project import has_local_python_module
from klint.source import SourceFile


# --- scopes and events -------------------------------------------------------------------------


@dataclass
class CallSite:
    node: cst.Call
    site: Site
    conflict_handled: bool = False  # inside a `try` whose handlers deal with 409 / conflicts
    in_loop: bool = False  # in the body of a loop over a collection


@dataclass
class CompareSite:
    node: cst.Comparison
    site: Site
    branch: cst.CSTNode | None = None  # the innermost `if` / `while` it is in (it decides it, usually)


# Nodes no rule reports: whitespace, comments, operators and brackets (most of a tree's nodes).
_UNPLACED = frozenset(
    kind for kind in vars(cst).values() if isinstance(kind, type) and issubclass(kind, cst.CSTNode) and (
        kind.__module__ in ("libcst._nodes.whitespace", "libcst._nodes.op") or kind in (
            cst.LeftParen, cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace,
            cst.RightCurlyBrace)))


class _Recorder(cst.CSTVisitor):
    """The single pass over the tree that records scopes, events, calls and comparisons."""

    def __init__(self, semantics: "Semantics", statement_of: dict[int, int | None] | None = None) -> None:
        self.sem = semantics
        # Each node's top-level statement, for positions measured one statement at a time
        # (klint/frontends/python.py); whitespace and punctuation, never reported, are left out.
        self.statement_of = statement_of
        self.top_level = {id(statement): index for index, statement in enumerate(semantics.module.body)}
        self.statement: int | None = None
        self.counter = itertools.count(1)
        self.stack: list[Scope] = [semantics.module_scope]
        self.conflict_guards: list[bool] = []
        self.tries: list[cst.Try] = []  # the `try` statements being visited
        self.branches: list[cst.CSTNode] = []  # the `if` / `while` statements being visited
        self.docstrings: set[int] = set()
        self.arms: list[tuple[int, int]] = []  # the `if` arms being visited
        self.loops: list[int] = []  # the bodies of loops over collections being visited
        self.loop_bodies: set[int] = set()  # id() of those bodies
        self.arm_of: dict[int, tuple[int, int]] = {}  # id(body or orelse) -> (id(if), arm)

    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.statement_of is not None and type(node) not in _UNPLACED:
            index = self.top_level.get(id(node))
            if index is not None:
                self.statement = index
            self.statement_of[id(node)] = self.statement
        arm = self.arm_of.get(id(node))
        if arm is not None:
            self.arms.append(arm)
        if id(node) in self.loop_bodies:
            self.loops.append(id(node))
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        if id(original_node) in self.arm_of:
            self.arms.pop()
        if id(original_node) in self.loop_bodies:
            self.loops.pop()

    def _loop_body(self, body: cst.CSTNode, iterable: cst.BaseExpression | None) -> None:
        """Calls in ``body`` run once per item, unless it loops over a few literal items."""
        few = (isinstance(iterable, (cst.List, cst.Tuple, cst.Set)) and len(iterable.elements) <= FEW_ITEMS
               and not any(isinstance(e, cst.StarredElement) for e in iterable.elements)) or _few_attempts(iterable)
        if not few:
            self.loop_bodies.add(id(body))

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._loop_body(node.elt, node.for_in.iter)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._loop_body(node.elt, node.for_in.iter)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._loop_body(node.elt, node.for_in.iter)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._loop_body(node.value, node.for_in.iter)

    def visit_If(self, node: cst.If) -> None:
        self.branches.append(node)
        self.arm_of[id(node.body)] = (id(node), 0)
        if node.orelse is not None:
            self.arm_of[id(node.orelse)] = (id(node), 1)
            if isinstance(node.orelse, cst.Else):
                self.sem.exhaustive_ifs.add(id(node))

    def site(self) -> Site:
        return Site(self.scope, next(self.counter))

    def _event(self, name: str, kind: str, scope: Scope | None = None, **data) -> None:
        scope = scope or self.scope
        scope.events.setdefault(name, []).append(
            Event(next(self.counter), kind, scope, arms=tuple(self.arms), **data))

    def _instance_event(self, name: str, kind: str, **data) -> None:
        owner = self.scope.owner_class
        if owner is not None:
            owner.instance_events.setdefault(name, []).append(
                Event(next(self.counter), kind, self.scope, arms=tuple(self.arms), **data))

    # scopes
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.stack.append(Scope("class", node, self.scope))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        scope = self.stack.pop()
        self._event(node.name.value, "class", function=scope)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        enclosing = self.scope
        owner = enclosing if enclosing.kind == "class" else enclosing.owner_class
        parent = enclosing.parent if enclosing.kind == "class" else enclosing
        scope = Scope("function", node, parent, owner_class=owner)
        scope.receiver_param = enclosing.kind == "class" and not any(
            isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in node.decorators)
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            scope.params[param.name.value] = param
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                scope.params[star.name.value] = star
        self.stack.append(scope)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        function = self.stack.pop()
        self._event(node.name.value, "function", function=function)

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.scope.returns.append((node.value, next(self.counter)))

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return True

    # imports
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = _dotted(alias.name)
            if dotted is None:
                continue
            self.sem.imports.append((dotted, alias))
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._event(alias.asname.name.value, "import", qualname=dotted)
            else:
                top = dotted.split(".")[0]
                self._event(top, "import", qualname=top)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = _dotted(node.module) if node.module is not None else ""
        prefix = "." * len(node.relative) + (module or "")
        if prefix and not node.relative:
            self.sem.imports.append((prefix, node))
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = _dotted(alias.name)
            if name is None:
                continue
            bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
            # `from . import x` → ".x", `from .a import x` → ".a.x", `from a import x` → "a.x"
            separator = "." if module else ""
            self._event(bound, "import", qualname=f"{prefix}{separator}{name}" if prefix else name)

    # bindings and mutations
    def leave_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)
            if isinstance(target.target, (cst.Attribute, cst.Subscript)):
                self.sem.store_assignments.append((target.target, node.value, self.site()))

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def leave_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            kind = "augadd" if isinstance(node.operator, cst.AddAssign) else "unknown"
            self._event(node.target.value, kind, value=node.value)

    def leave_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, node.value)

    def leave_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, node.item)

    def visit_For(self, node: cst.For) -> None:
        self._bind_item(node.target, node.iter, ())
        self._loop_body(node.body, node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind_item(node.target, node.iter, ())

    def _bind_item(self, target: cst.BaseExpression, iterable: cst.BaseExpression, path: tuple[int, ...]) -> None:
        """A loop target: each item of the iterable (``path`` picks inside unpacked tuples)."""
        if isinstance(target, cst.Name):
            self._event(target.value, "loop-item", value=iterable, key=path)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for index, element in enumerate(target.elements):
                if isinstance(element, cst.StarredElement):
                    self._bind(element.value, None)
                else:
                    self._bind_item(element.value, iterable, (*path, index))
        else:
            self._bind(target, None)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self.sem.except_handlers.append(node)
        if node.name is not None and isinstance(node.name.name, cst.Name) and self.tries:
            self._event(node.name.name.value, "caught", value=self.tries[-1].body)

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        kind = "assign" if value is not None else "unknown"
        if isinstance(target, cst.Name):
            self._event(target.value, kind, value=value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, None)
        elif isinstance(target, cst.Attribute):
            base, attr = target.value, target.attr.value
            if _is_self(base):
                self._instance_event(attr, kind, value=value)
            elif isinstance(base, cst.Name):
                self._event(base.value, "setitem", value=value, key=attr)
            elif isinstance(base, cst.Attribute) and _is_self(base.value):
                self._instance_event(base.attr.value, "setitem", value=value, key=attr)
        elif isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            key = index.value if isinstance(index, cst.Index) else None
            self._mutation(target.value, "setitem", value=value, key=key)

    def _mutation(self, receiver: cst.BaseExpression, kind: str, **data) -> None:
        """`x[k] = v`, `x.update(d)`, and the same on `x.attr`, `self.x`, `self.x.attr`."""
        if isinstance(receiver, cst.Name):
            self._event(receiver.value, kind, **data)
        elif isinstance(receiver, cst.Attribute):
            base, attr = receiver.value, receiver.attr.value
            if _is_self(base):
                self._instance_event(attr, kind, **data)
            elif isinstance(base, cst.Name):
                self._event(base.value, kind, attr=attr, **data)
            elif isinstance(base, cst.Attribute) and _is_self(base.value):
                self._instance_event(base.attr.value, kind, attr=attr, **data)

    # uses
    def visit_Call(self, node: cst.Call) -> None:
        site = self.site()
        self.sem.calls.append(CallSite(node, site, any(self.conflict_guards), bool(self.loops)))
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in ("update", "setdefault") and node.args:
                kind = "update" if method == "update" else "setitem"
                value = node.args[-1].value if method == "setdefault" else node.args[0].value
                if method == "update" and (len(node.args) != 1 or node.args[0].keyword or node.args[0].star):
                    kind, value = "update-call", None
                key = node.args[0].value if method == "setdefault" else None
                self._mutation(func.value, kind, value=value, key=key)
            elif method == "mount":
                self._mutation(func.value, "mount")

    def visit_Dict(self, node: cst.Dict) -> None:
        self.sem.dicts.append((node, self.site()))

    def visit_Try(self, node: cst.Try) -> None:
        handlers = "".join(source_text(handler) for handler in node.handlers).lower()
        self.conflict_guards.append(bool(klaviyo.CONFLICT_RE.search(handlers)))
        self.tries.append(node)

    def leave_Try(self, node: cst.Try) -> None:
        self.conflict_guards.pop()
        self.tries.pop()

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            self.docstrings.add(id(node.value))  # prose, not a value the code uses

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "klaviyo" in node.value.lower() and id(node) not in self.docstrings:
            self.sem.klaviyo_strings.append((node, self.site()))

    def visit_FormattedString(self, node: cst.FormattedString) -> bool:
        if id(node) not in self.docstrings and any(
                isinstance(part, cst.FormattedStringText) and "klaviyo" in part.value.lower()
                for part in node.parts):
            self.sem.klaviyo_strings.append((node, self.site()))
        return True

    def visit_Comparison(self, node: cst.Comparison) -> None:
        self.sem.comparisons.append(CompareSite(node, self.site(), self.branches[-1] if self.branches else None))

    def visit_While(self, node: cst.While) -> None:
        self._loop_body(node.body, None)
        self.branches.append(node)

    def leave_While(self, node: cst.While) -> None:
        self.branches.pop()

    def leave_If(self, node: cst.If) -> None:
        self.branches.pop()



class _Mentions(cst.CSTVisitor):
    """Code (not comments) that holds an integer, or a name or string matching a pattern."""

    def __init__(self, pattern: re.Pattern[str], integer: int | None) -> None:
        self.pattern = pattern
        self.integer = str(integer) if integer is not None else None
        self.found = False

    def visit_Integer(self, node: cst.Integer) -> None:
        self.found = self.found or node.value == self.integer

    def visit_Name(self, node: cst.Name) -> None:
        self.found = self.found or bool(self.pattern.search(node.value))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self.found = self.found or bool(self.pattern.search(node.value))

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self.found = self.found or bool(self.pattern.search(node.value))


def _mentions(node: cst.CSTNode, pattern: re.Pattern[str], integer: int | None) -> bool:
    finder = _Mentions(pattern, integer)
    node.visit(finder)
    return finder.found


class _Waits(cst.CSTVisitor):
    """A call that sleeps (`time.sleep`, `asyncio.sleep`, `sleep`, `backoff_sleep`…)."""

    def __init__(self) -> None:
        self.found = False

    def visit_Call(self, node: cst.Call) -> None:
        name = _dotted(node.func) or ""
        self.found = self.found or "sleep" in name.rsplit(".", 1)[-1].lower()


def _is_self(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value in ("self", "cls")


def _dotted(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def source_text(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


# --- what klint knows about Python loggers ----------------------------------------------------

_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
_LOGGER_RE = re.compile(r"^_*(?:log|logger|logging)$|logger$", re.IGNORECASE)  # not `catalog`, `blog`
_OPERATORS = {cst.Add: "+", cst.Modulo: "%", cst.BitOr: "|"}


def _argument(arg: cst.Arg, lower: Callable[[cst.CSTNode], ir.Expr]) -> ir.Expr | ir.Spread | ir.Keyword:
    if arg.keyword is not None:
        return ir.Keyword(arg.keyword.value, lower(arg.value), arg.keyword, arg.value)
    if arg.star:
        return ir.Spread(lower(arg.value), arg, arg.star == "**")
    return lower(arg.value)


class Semantics(Evaluator):
    """The semantic model (klint/model.py) of one Python file."""

    _key = staticmethod(id)

    sdk = klaviyo.PYTHON_SDK
    is_client_code = False  # Python never runs in the browser
    language = "python"

    def __init__(self, module: cst.Module, span: Callable[[cst.CSTNode], Span], source: SourceFile,
                 statement_of: dict[int, int | None] | None = None) -> None:
        self.module = module
        self.span = span
        self.source = source
        self.project = source.project
        self.module_scope = self.root_scope = Scope("module", module, None)
        self.imports: list[tuple[str, cst.CSTNode]] = []
        self.calls: list[CallSite] = []
        self.comparisons: list[CompareSite] = []
        self.dicts: list[tuple[cst.Dict, Site]] = []
        self.klaviyo_strings: list[tuple[cst.BaseString, Site]] = []
        # `obj.attr = value` and `obj[key] = value` statements
        self.store_assignments: list[tuple[cst.BaseExpression, cst.BaseExpression, Site]] = []
        self.exhaustive_ifs: set[int] = set()
        self.except_handlers: list[cst.ExceptHandler] = []
        self._lowered: dict[object, ir.Expr] = {}
        self._described: dict[int, str] = {}
        module.visit(_Recorder(self, statement_of))

    # The front end may build the model from a slice of the file (the statements that can
    # matter, klint/frontends/python_slice.py); questions about the whole file read all of it.
    whole_tree: "Callable[[], tuple[cst.Module, Callable[[cst.CSTNode], Span]]] | None" = None

    @cached_property
    def _whole(self) -> "tuple[cst.Module, Callable[[cst.CSTNode], Span]]":
        return self.whole_tree() if self.whole_tree is not None else (self.module, self.span)

    @property
    def whole_module(self) -> cst.Module:
        return self._whole[0]

    def whole_span(self, node: cst.CSTNode) -> Span:
        return self._whole[1](node)

    # name resolution
    # --- lowering (klint/frontends/expressions.py); klint/frontends/evaluate.py evaluates ----

    def describe(self, node: cst.CSTNode | None) -> str:
        """Source text, once per node (LibCST renders it anew on every call)."""
        if node is None:
            return ""
        text = self._described.get(id(node))
        if text is None:
            text = self._described[id(node)] = source_text(node)
        return text

    def _parameter(self, param: cst.Param) -> tuple[ir.Expr | None, ir.Expr | None]:
        return (self.lower(param.annotation.annotation) if param.annotation is not None else None,
                self.lower(param.default) if param.default is not None else None)

    def _lower(self, node: cst.CSTNode) -> ir.Expr:
        lower = self.lower
        if isinstance(node, cst.SimpleString):
            try:
                text = node.evaluated_value
            except Exception:  # noqa: BLE001 - odd escapes: treat as unknown
                return ir.Opaque("", node)
            return ir.Text(text.decode("latin-1") if isinstance(text, bytes) else text, node)
        if isinstance(node, cst.Name):
            if node.value in ("True", "False", "None"):
                return ir.Constant(node.value, node)
            if node.value in ("self", "cls"):
                return ir.SelfRef(node.value, "self", node)
            return ir.Name(node.value, node)
        if isinstance(node, cst.Attribute):
            return ir.Member(lower(node.value), node.attr.value, node)
        if isinstance(node, cst.Call):
            return ir.Call(lower(node.func), node,
                           lower_arguments=lambda: tuple(_argument(arg, lower) for arg in node.args))
        if isinstance(node, cst.FormattedString):
            return ir.Template(tuple(
                part.value if isinstance(part, cst.FormattedStringText) else ir.Interpolation(
                    lower(part.expression), part.expression, part.format_spec is None and part.conversion is None)
                for part in node.parts), node)
        if isinstance(node, cst.ConcatenatedString):
            return ir.Binary("+", lower(node.left), lower(node.right), node)
        if isinstance(node, (cst.Integer, cst.Float)):
            try:
                return ir.Number(node.evaluated_value, node)
            except ValueError:
                return ir.Opaque("", node)
        if isinstance(node, cst.Dict):
            return ir.Mapping(tuple(
                ir.Spread(lower(element.value), element, True) if isinstance(element, cst.StarredDictElement)
                else ir.Entry(lower(element.key), lower(element.value), element.key, element.value)
                for element in node.elements), node)
        if isinstance(node, (cst.List, cst.Tuple)):
            return ir.Sequence(tuple(
                ir.Spread(lower(element.value), element) if isinstance(element, cst.StarredElement)
                else lower(element.value) for element in node.elements), node)
        if isinstance(node, cst.BinaryOperation):
            operator = _OPERATORS.get(type(node.operator))
            if operator is not None:
                return ir.Binary(operator, lower(node.left), lower(node.right), node)
        if isinstance(node, cst.Subscript):
            index = node.slice[0].slice if len(node.slice) == 1 else None
            return ir.Index(lower(node.value), lower(index.value) if isinstance(index, cst.Index) else None, node)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            return ir.Negation(lower(node.expression), node)
        if isinstance(node, cst.Await):
            return ir.Wrapper(lower(node.expression), node)
        if isinstance(node, cst.IfExp):
            return ir.Choice(lower(node.body), lower(node.orelse), node)
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            return ir.Fallback(lower(node.left), lower(node.right), node)
        return ir.Opaque("", node)

    # --- the views the rules use ---------------------------------------------------------------

    def arg(self, call: cst.Call, position: int | None, keyword: str | None) -> cst.BaseExpression | None:
        """The expression passed as ``keyword=`` or at ``position`` (never past a *args)."""
        for arg in call.args:
            if keyword is not None and arg.keyword is not None and arg.keyword.value == keyword:
                return arg.value
        if position is not None:
            positional = []
            for arg in call.args:
                if arg.keyword is not None or arg.star == "**":
                    break
                if arg.star == "*":
                    return None
                positional.append(arg.value)
            if position < len(positional):
                return positional[position]
        return None

    def argument(self, call: CallSite, position: int | None, keyword: str | None) -> cst.BaseExpression | None:
        return self.arg(call.node, position, keyword)

    def keyword_arguments(self, keyword: str) -> Iterator[tuple[cst.BaseExpression, Site]]:
        for call in self.calls:
            for arg in call.node.args:
                if arg.keyword is not None and arg.keyword.value == keyword:
                    yield arg.value, call.site

    def revision_overrides(self) -> Iterator[tuple[cst.BaseExpression, Site]]:
        """`KlaviyoAPI._REVISION = …` and `….default_headers["revision"] = …`."""
        for target, value_node, site in self.store_assignments:
            if isinstance(target, cst.Attribute) and target.attr.value == "_REVISION":
                yield value_node, site
            elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Attribute) \
                    and target.value.attr.value == "default_headers" and len(target.slice) == 1 \
                    and isinstance(target.slice[0].slice, cst.Index):
                key = self.evaluate(target.slice[0].slice.value, site)
                if isinstance(key, StrValue) and (key.text or "").lower() == "revision":
                    yield value_node, site

    def locate_module(self, qualname: str) -> tuple[Path, list[str]] | None:
        return locate_python_module(self.project, self.source.path, qualname)

    def module_makes_calls(self, qualname: str) -> bool:
        """Does the project module ``qualname`` names use a module whose calls the model follows?"""
        return "sink" in self.project.import_kinds(self.source.path, qualname)

    def in_error_handler(self, node: cst.CSTNode) -> bool:
        """Is ``node`` inside an `except` clause? (Python HTTP clients here never raise on a
        status by themselves, so this only matters where they are told to.)"""
        where = self.span(node)
        return any(self.span(handler).contains(where) for handler in self.except_handlers)

    def log_calls(self) -> Iterator[tuple[CallSite, list[cst.BaseExpression]]]:
        """`print(…)`, `logging.error(…)`, `logger.info(…)`, `self.log.warning(…)`: (call, arguments)."""
        for call in self.calls:
            name = _dotted(call.node.func) or ""
            receiver, _, method = name.rpartition(".")
            if name == "print" or (method in _LOG_METHODS and _LOGGER_RE.search(receiver.rsplit(".", 1)[-1])):
                yield call, [arg.value for arg in call.node.args if not arg.keyword and not arg.star]

    def file_text(self) -> str:
        return self.source.text

    def is_project_module(self, module: str) -> bool:
        return has_local_python_module(self.source.path, self.source.relpath, module.split(".")[0])

    @staticmethod
    def has_star_kwargs(call: cst.Call) -> bool:
        return any(arg.star == "**" for arg in call.args)

    @cached_property
    def http_calls(self) -> list[HttpCall]:
        return self.calls_of_kind("http")

    @staticmethod
    def conflict_handled(call: CallSite) -> bool:
        return call.conflict_handled

    @cached_property
    def imports_sdk(self) -> bool:
        return any(name.split(".")[0] in ("klaviyo_api", "openapi_client") for name, _ in self.imports)

    @cached_property
    def sdk_calls(self) -> list[SdkCall]:
        return self.calls_of_kind("sdk")

    def _sdk_call(self, call: CallSite) -> SdkCall | None:
        func = call.node.func
        if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Attribute):
            return None
        group = func.value.attr.value
        if group not in klaviyo.PYTHON_SDK_GROUPS:
            return None
        receiver = self.evaluate(func.value.value, call.site)
        is_client = isinstance(receiver, ObjectValue) and receiver.short_name == "KlaviyoAPI"
        if not is_client and not (isinstance(receiver, Unknown) and self.imports_sdk):
            return None
        body_node = self.arg(call.node, klaviyo.sdk_body_position(func.attr.value), "body")
        body = self.evaluate(body_node, call.site) if body_node is not None else None
        return SdkCall(call.node, call.site, group, func.attr.value, body, call.conflict_handled, call.in_loop)

    def code_mentions(self, node: cst.CSTNode, pattern: re.Pattern[str], integer: int | None = None) -> bool:
        """Does the code of ``node`` hold a name or string matching ``pattern`` (which must not
        depend on what surrounds a match) or the integer? For the module: the whole file."""
        if node is not self.module:
            return _mentions(node, pattern, integer)
        # What the code holds is in the text: most files answer here, without a tree. Then the
        # slice the model was built from, then the rest of the file.
        text = self.source.text
        if not pattern.search(text) and (integer is None or str(integer) not in text):
            return False
        return _mentions(self.module, pattern, integer) or (
            self.whole_module is not self.module and _mentions(self.whole_module, pattern, integer))

    def waits_in(self, node: cst.CSTNode) -> bool:
        finder = _Waits()
        node.visit(finder)
        return finder.found

    def status_checks(self, code: int) -> Iterator[tuple[cst.Comparison, Site, cst.CSTNode]]:
        """`status == 429`, `429 != r.status_code`, `status in (429, 503)`."""
        wanted = str(code)
        for compare in self.comparisons:
            operands = [compare.node.left, *(target.comparator for target in compare.node.comparisons)]
            for operand in operands:
                elements = [e.value for e in operand.elements] if isinstance(operand, (cst.Tuple, cst.List, cst.Set)) \
                    else [operand]
                if any(isinstance(e, cst.Integer) and e.value == wanted for e in elements):
                    yield compare.node, compare.site, compare.branch or compare.node
                    break

    def equality_comparisons(self) -> Iterator[tuple[cst.Comparison, Site, cst.BaseExpression, cst.BaseExpression]]:
        """(comparison, site, left, right) for every `==` / `!=` link of a comparison chain."""
        for compare in self.comparisons:
            left = compare.node.left
            for target in compare.node.comparisons:
                if isinstance(target.operator, (cst.Equal, cst.NotEqual)):
                    yield compare.node, compare.site, left, target.comparator
                left = target.comparator

    # --- edits for fixes (klint/model.py); positions from LibCST's tree -----------------------

    def _here(self, *nodes) -> bool:
        """Are these nodes of this module's tree? A value imported from another module carries
        that module's nodes: an edit made from them would land at their offsets in this file."""
        try:
            for node in nodes:
                self.span(node)
        except KeyError:
            return False
        return True

    def _offsets(self, node: cst.CSTNode) -> tuple[int, int]:
        span = self.span(node)
        starts = self.source.line_starts
        return starts[span.start_line - 1] + span.start_col - 1, starts[span.end_line - 1] + span.end_col - 1

    def _after_comma(self, end: int) -> int | None:
        """The offset after the comma that follows ``end`` (whitespace between), or None."""
        match = re.compile(r"[ \t\r\n]*,").match(self.source.text, end)
        return match.end() if match else None

    def _bracketed(self, node: cst.CSTNode, open_at: int, items) -> tuple[int, int, list[tuple[int, int]], int | None]:
        """(after the opening bracket, at the closing one, each item's offsets, after a trailing
        comma) of a call's arguments or a dict's elements."""
        elements = [self._offsets(item) for item in items]
        trailing = None
        if items and isinstance(items[-1].comma, cst.Comma):
            trailing = self._after_comma(elements[-1][1])
        return open_at + 1, self._offsets(node)[1] - 1, elements, trailing

    def _call_brackets(self, call: cst.Call):
        open_at = self._offsets(call.func)[1] + len(source_text(call.whitespace_after_func))
        return self._bracketed(call, open_at, call.args)

    def rename_method(self, call: cst.Call, name: str) -> list[Edit] | None:
        if not isinstance(call.func, cst.Attribute) or not self._here(call):
            return None
        start, end = self._offsets(call.func.attr)
        return [edit(self.source, start, end, name)]

    def _string_segments(self, node: cst.CSTNode) -> tuple[list[tuple[int, str]], bool] | None:
        """The literal parts of a string literal: (offset, source text) each, and whether the
        first opens its content."""
        if isinstance(node, cst.ConcatenatedString):
            left, right = self._string_segments(node.left), self._string_segments(node.right)
            return (left[0] + right[0], left[1]) if left and right else None
        start, _end = self._offsets(node)
        if isinstance(node, cst.SimpleString):
            if "b" in node.prefix.lower():
                return None
            opening = len(node.prefix) + len(node.quote)
            return [(start + opening, node.raw_value)], True
        if isinstance(node, cst.FormattedString):
            segments = [(self._offsets(part)[0], part.value) for part in node.parts
                        if isinstance(part, cst.FormattedStringText)]
            opens = bool(node.parts) and isinstance(node.parts[0], cst.FormattedStringText)
            return segments, opens
        return None

    def replace_in_string(self, node: cst.CSTNode, pattern: re.Pattern[str], replacement: str,
                          at_start: bool = False) -> list[Edit] | None:
        found = self._string_segments(node) if self._here(node) else None
        if found is None:
            return None
        return replace_in_segments(self.source, found[0], found[1], pattern, replacement, at_start)

    def prefix_string(self, node: cst.CSTNode, text: str) -> list[Edit] | None:
        if not isinstance(node, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)) or not self._here(node):
            return None
        start, _end = self._offsets(node)
        return [edit(self.source, start, start, f"{json.dumps(text)} + ")]

    def mapping_of(self, key: cst.CSTNode) -> cst.Dict | None:
        for mapping, _site in self.dicts:
            if any(isinstance(element, cst.DictElement) and element.key is key for element in mapping.elements):
                return mapping
        return None

    def add_entry(self, mapping: cst.CSTNode, key: str, value: str) -> list[Edit] | None:
        if not isinstance(mapping, cst.Dict) or not self._here(mapping):
            return None
        brackets = self._bracketed(mapping, self._offsets(mapping)[0], mapping.elements)
        return insert_element(self.source, *brackets, f"{json.dumps(key)}: {value}", "#")

    def rename_key(self, key: cst.CSTNode, name: str) -> list[Edit] | None:
        if not self._here(key):
            return None
        if isinstance(key, cst.Name):  # `dict(uniqueId=…)`
            start, end = self._offsets(key)
            return [edit(self.source, start, end, name)]
        try:
            current = key.evaluated_value if isinstance(key, cst.SimpleString) else None
        except Exception:  # noqa: BLE001 - an odd escape: leave it alone
            return None
        if not isinstance(current, str):
            return None
        return self.replace_in_string(key, re.compile(f"^{re.escape(current)}$"), name)

    def add_argument(self, call: cst.Call, value: str, keyword: str | None = None) -> list[Edit] | None:
        if any(arg.star for arg in call.args) or not self._here(call):
            return None
        return insert_element(self.source, *self._call_brackets(call),
                              f"{keyword}={value}" if keyword else value, "#")

    def remove_argument(self, value: cst.CSTNode) -> list[Edit] | None:
        if not self._here(value):
            return None
        for call in self.calls:
            args = call.node.args
            for index, arg in enumerate(args):
                if arg.value is not value:
                    continue
                if arg.keyword is None and (arg.star or any(
                        later.keyword is None for later in args[index + 1:])):
                    return None  # later positional arguments would shift into its place
                open_end, close_start, elements, _ = self._call_brackets(call.node)
                return remove_element(self.source, open_end, close_start, elements, index)
        for mapping, _site in self.dicts:
            for index, element in enumerate(mapping.elements):
                if isinstance(element, cst.DictElement) and element.value is value:
                    open_end, close_start, elements, _ = self._bracketed(
                        mapping, self._offsets(mapping)[0], mapping.elements)
                    return remove_element(self.source, open_end, close_start, elements, index)
        return None

    def constant_time_compare(self, comparison: cst.CSTNode) -> tuple[list[Edit], bool] | None:
        if not isinstance(comparison, cst.Comparison) or len(comparison.comparisons) != 1 or \
                not self._here(comparison):
            return None
        target = comparison.comparisons[0]
        if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return None
        left_start, left_end = self._offsets(comparison.left)
        right_start, right_end = self._offsets(target.comparator)
        if self.source.text[left_end:right_start].strip() not in ("==", "!="):
            return None  # a comment or a line continuation between the operands
        if self._name_taken("hmac"):
            return None  # `hmac.compare_digest` would not be the standard library's there
        negate = "not " if isinstance(target.operator, cst.NotEqual) else ""
        edits = [edit(self.source, left_start, left_start, f"{negate}hmac.compare_digest("),
                 edit(self.source, left_end, right_start, ", "),
                 edit(self.source, right_end, right_end, ")")]
        if not any(event.kind == "import" and event.qualname == "hmac"
                   for event in self.module_scope.events.get("hmac", ())):
            edits.insert(0, self._import_edit("import hmac"))
        return edits, True

    def _name_taken(self, name: str) -> bool:
        """Is ``name`` bound or read anywhere in the module other than as ``import name`` and
        ``name.attribute``? (a parameter, a variable, `from … import … as name`, a function):
        then a module-level ``import name`` would not be what ``name`` means everywhere."""

        class Uses(cst.CSTVisitor):
            taken = False

            def visit_Name(self, node: cst.Name) -> None:
                self.taken = self.taken or node.value == name

            def visit_Attribute(self, node: cst.Attribute) -> bool:
                if not isinstance(node.value, cst.Name):
                    node.value.visit(self)
                return False  # `name.x` reads it; `x.name` is an attribute

            def visit_Arg(self, node: cst.Arg) -> bool:
                node.value.visit(self)  # `f(name=…)` is a keyword
                return False

            def visit_Import(self, node: cst.Import) -> bool:
                for alias in node.names:
                    bound = alias.asname.name if alias.asname is not None else None
                    if isinstance(bound, cst.Name) and bound.value == name and _dotted(alias.name) != name:
                        self.taken = True
                return False

            def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
                if not isinstance(node.names, cst.ImportStar):
                    for alias in node.names:
                        bound = alias.asname.name if alias.asname is not None else alias.name
                        self.taken = self.taken or (isinstance(bound, cst.Name) and bound.value == name)
                return False

        uses = Uses()
        self.whole_module.visit(uses)
        return uses.taken

    def _import_edit(self, statement: str) -> Edit:
        """A new import line above the first top-level statement after the docstring and
        `from __future__` imports."""
        body = list(self.whole_module.body)
        index = 0
        while index < len(body):
            line = body[index]
            first = line.body[0] if isinstance(line, cst.SimpleStatementLine) and line.body else None
            docstring = index == 0 and isinstance(first, cst.Expr) and isinstance(first.value, cst.BaseString)
            future = isinstance(first, cst.ImportFrom) and _dotted(first.module) == "__future__"
            if not (docstring or future):
                break
            index += 1
        if index == len(body):
            end = len(self.source.text)
            separator = "" if self.source.text.endswith(("\n", "\r")) or not end else "\n"
            return edit(self.source, end, end, f"{separator}{statement}\n")
        start = self.source.line_starts[self.whole_span(body[index]).start_line - 1]  # top level: column 1
        return edit(self.source, start, start, f"{statement}\n")

    def reads_of(self, name: str) -> int:
        class NameReads(cst.CSTVisitor):
            """Counts the names ``name``: attribute names and keywords are not names."""

            count = 0

            def visit_Name(self, node: cst.Name) -> None:
                self.count += node.value == name

            def visit_Attribute(self, node: cst.Attribute) -> bool:
                node.value.visit(self)
                return False

            def visit_Arg(self, node: cst.Arg) -> bool:
                node.value.visit(self)
                return False

        reads = NameReads()
        self.whole_module.visit(reads)
        bindings = [event for event in self.module_scope.events.get(name, ())
                    if event.kind in ("assign", "unknown", "import", "function")]
        return reads.count - len(bindings)


def locate_python_module(project, path: Path, qualname: str) -> tuple[Path, list[str]] | None:
    """Python's rules: a relative import from the file's package; an absolute one from the
    project root, its `src/` folder or the script's own folder; `django.conf.settings`
    from the project's only settings module. Once per folder and name: it runs per import."""
    key = ("python-locate", os.path.dirname(os.path.abspath(path)), qualname)
    if key not in project.memo:
        project.memo[key] = _locate_python_module(project, path, qualname)
    return project.memo[key]


def _locate_python_module(project, path: Path, qualname: str) -> tuple[Path, list[str]] | None:
    if qualname.startswith("django.conf.settings."):
        modules = project.settings_modules()
        if len(modules) != 1:
            return None  # none, or several candidates: which one runs is not known here
        attributes = qualname.split(".")[3:]
        if isinstance(modules[0], str):  # DJANGO_SETTINGS_MODULE names it
            located = locate_python_module(project, path, modules[0])
            return (located[0], located[1] + attributes) if located else None
        return modules[0], attributes
    level = len(qualname) - len(qualname.lstrip("."))
    parts = [part for part in qualname.lstrip(".").split(".") if part]
    here = os.path.dirname(os.path.abspath(path))  # strings, not Paths: this runs per import
    if level:
        for _ in range(level - 1):
            here = os.path.dirname(here)
        bases = [here]
    else:
        root = os.fspath(project.root)
        bases = [root, os.path.join(root, "src"), here]
    for base in bases:
        found = _module_under(project, base, tuple(parts))
        if found is not None:
            return found
    return None


def _module_under(project, base: str, parts: tuple[str, ...]) -> tuple[Path, list[str]] | None:
    """The longest prefix of ``parts`` that is a module under ``base``, and the rest: once per
    base and name (the project root and `src/` are asked the same from every folder)."""
    key = ("python-module-under", base, parts)
    if key not in project.memo:
        project.memo[key] = None
        folders = [base]  # base/parts[0]/…, as deep as the folders exist
        for part in parts[:-1]:
            if part not in project.names_in(folders[-1]):
                break
            folders.append(os.path.join(folders[-1], part))
        for count in range(len(folders), 0, -1):
            folder = folders[count - 1]
            name = parts[count - 1]
            names = project.names_in(folder)
            candidates = [os.path.join(folder, f"{name}.py")] if f"{name}.py" in names else []
            if name in names:
                candidates.append(os.path.join(folder, name, "__init__.py"))
            found = next((candidate for candidate in candidates if project.is_file(candidate)), None)
            if found is not None:
                project.memo[key] = Path(found), list(parts[count:])
                break
    found = project.memo[key]
    return (found[0], list(found[1])) if found is not None else None


def _few_attempts(iterable: cst.BaseExpression | None) -> bool:
    """`range(3)`: a retry loop over a few attempts, not a loop over items."""
    return isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Name) and iterable.func.value == "range" \
        and len(iterable.args) == 1 and isinstance(iterable.args[0].value, cst.Integer) \
        and int(iterable.args[0].value.value) <= FEW_ITEMS
