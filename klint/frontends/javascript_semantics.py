"""What JavaScript / TypeScript code means, as far as one file shows it: the tree-sitter front
end, producing the same values and call records as the Python one.

One pass records per scope (program, function, method; `this.x` per class) every binding —
`const/let/var`, assignment, imports and `require`, destructuring of both, parameters with their
TypeScript types — and every mutation (`h.revision = …`, `h["revision"] = …`,
`Object.assign(h, …)`, `instance.defaults.timeout = …`), call, `new`, object literal and
equality test. Expressions are lowered into klint/frontends/expressions.py when first evaluated
(TypeScript wrappers, `as`, `satisfies`, `!`, `<T>x`, and `await` become ``Wrapper``s) and the
shared evaluator (klint/frontends/evaluate.py) works their values out: template literals, `+`,
objects with spreads and shorthand properties, `axios.create({...})` and `got.extend({...})`
instances, Klaviyo SDK classes, HMAC digests. Whatever cannot be resolved is Unknown and the
rules stay silent.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any, Iterator

from klint import klaviyo
from klint.findings import Edit
from klint.frontends import expressions as ir
from klint.frontends.edits import edit, insert_element, remove_element, replace_in_segments
from klint.frontends.evaluate import Evaluator
from klint.frontends.scopes import FEW_ITEMS, Event, Scope, Site
from klint.frontends.tsconfig import aliases_for
from klint.frontends.values import (
    DictValue, Entry, HttpCall, ModuleRef, ObjectValue, SdkCall, Unknown, Value, node_key,
)


_LOG_METHODS = frozenset({"debug", "info", "warn", "warning", "error", "fatal", "trace", "log"})
_LOGGER_RE = re.compile(r"^_*(?:log|logger|logging)$|logger$", re.IGNORECASE)  # not `catalog`, `blog`
_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})


def _few_literal_items(node) -> bool:
    """An array literal of a few plain items: looping over it is a few calls, not a sync."""
    node = _unwrap(node)
    return node is not None and node.type == "array" and len(node.named_children) <= FEW_ITEMS and \
        not any(child.type == "spread_element" for child in node.named_children)


_BOUND_RE = re.compile(r"^\w+\s*<=?\s*(\d+)$")


def _few_attempts(loop) -> bool:
    """`for (let i = 0; i < 3; i++)`: a retry loop over a few attempts, not a loop over items."""
    if loop.type != "for_statement":
        return False
    condition = loop.child_by_field_name("condition")
    match = _BOUND_RE.match(text_of(condition).strip().rstrip(";").strip()) if condition is not None else None
    return match is not None and int(match.group(1)) <= FEW_ITEMS


_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx")

_FUNCTION_TYPES = frozenset({"function_declaration", "function_expression", "function", "arrow_function",
                             "method_definition", "generator_function_declaration", "generator_function"})
_WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression",
                       "non_null_expression", "type_assertion", "await_expression"})
_EQUALITY = frozenset({"===", "!==", "==", "!="})
# What JsSemantics._record does something at: _enter, _leave, loops and `if`s marking children; a
# string is recorded whole (nothing inside a plain string is).
_ENTERED = frozenset({"class_declaration", "class", "return_statement", "catch_clause", "export_statement",
                      "for_in_statement", "call_expression", "new_expression", "object", "string",
                      "template_string", "binary_expression", "switch_case", "import_statement"}) | _FUNCTION_TYPES
_LEFT = frozenset({"variable_declarator", "assignment_expression", "call_expression", "public_field_definition",
                   "field_definition"})
_MARKING = _LOOPS | {"if_statement"}
_OPAQUE = frozenset({"string"})


@dataclass
class JsCall:
    node: Any  # call_expression or new_expression
    site: Site
    in_loop: bool = False  # in a loop body or a forEach/map callback over a collection


def text_of(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _string_value(node) -> str:
    raw = text_of(node)
    body = raw[1:-1] if len(raw) >= 2 else ""
    if "\\" not in body:
        return body
    try:
        return json.loads('"' + body.replace('"', '\\"').replace("\\'", "'") + '"')
    except json.JSONDecodeError:
        return body


def _module_name(node) -> str | None:
    """The module a `require("m")` call or an import source names."""
    if node is None:
        return None
    if node.type == "string":
        return _string_value(node)
    return None


def _unwrap(node):
    while node is not None and node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type not in ("type_annotation",)]
        if not inner:
            return node
        node = inner[0]
    return node


class JsSemantics(Evaluator):
    """The semantic model (klint/model.py) of one JS/TS file."""

    language = "javascript"

    def __init__(self, module) -> None:
        self.module = module
        self.span = module.span
        root = module.tree.root_node
        self.program_scope = self.root_scope = Scope("program", root, None)
        self.imports: list[tuple[str, Any]] = []
        self.calls: list[JsCall] = []
        self.dicts: list[tuple[Any, Site]] = []
        self.klaviyo_strings: list[tuple[Any, Site]] = []
        self.comparisons: list[tuple[Any, Site]] = []
        self.function_scopes: dict[object, Scope] = {}  # function node -> its scope
        self.arms: list[tuple[tuple, int]] = []  # the `if` arms being recorded
        self.loops: list[tuple] = []  # the loop bodies being recorded
        self.loop_bodies: set[tuple] = set()  # keys of the callbacks run once per item of a collection
        self.pending_items: dict[tuple, tuple] = {}  # callback node -> (its item parameter, the array)
        self.pending_caught: dict[tuple, tuple] = {}  # `.catch` callback -> (its parameter, the promise)
        self.reexports: list[tuple[dict[str, str] | None, str]] = []  # (exported -> source name, module)
        self.status_cases: list[tuple[Any, Site]] = []  # `case …:` of switch statements
        self.project = module.ctx.project
        self.exhaustive_ifs: set[tuple] = set()
        self.counter = itertools.count(1)
        self._lowered: dict[object, ir.Expr] = {}
        self._record(root)

    # --- recording -------------------------------------------------------------------------

    def _site(self, scope: Scope) -> Site:
        return Site(scope, next(self.counter))

    def _event(self, scope: Scope, name: str, kind: str, **data) -> None:
        scope.events.setdefault(name, []).append(
            Event(next(self.counter), kind, scope, arms=tuple(self.arms), **data))

    def _instance_event(self, scope: Scope, name: str, kind: str, **data) -> None:
        if scope.owner_class is not None:
            scope.owner_class.instance_events.setdefault(name, []).append(
                Event(next(self.counter), kind, scope, arms=tuple(self.arms), **data))

    def _record(self, root) -> None:
        # An explicit stack keeps deep files from hitting recursion limits. A frame is (node, its
        # scope, the `if` arm it is, whether it is a loop body, leaving?); a node is left only when
        # _leave or an arm or loop has something to undo.
        stack: list[tuple[Any, Scope, tuple | None, bool, bool]] = [(root, self.program_scope, None, False, False)]
        while stack:
            node, scope, arm, loop_body, leaving = stack.pop()
            if leaving:
                self._leave(node, scope)
                if arm is not None:
                    self.arms.pop()
                if loop_body:
                    self.loops.pop()
                continue
            kind = node.type
            if kind in _FUNCTION_TYPES and node_key(node) in self.loop_bodies:
                loop_body = True  # the callback of `[…].forEach(…)`
            if arm is not None:
                self.arms.append(arm)
            if loop_body:
                self.loops.append(node_key(node))
            marks = self._marked_children(node, kind) if kind in _MARKING else None
            inner = self._enter(node, scope) if kind in _ENTERED else scope
            if arm is not None or loop_body or kind in _LEFT:
                stack.append((node, scope, arm, loop_body, True))
            if kind in _OPAQUE:
                continue
            for child in reversed(node.named_children):
                if child.type == "comment":
                    continue
                if marks:
                    child_arm, child_loop = marks.get((child.start_byte, child.end_byte, child.type), (None, False))
                    stack.append((child, inner, child_arm, child_loop, False))
                else:
                    stack.append((child, inner, None, False, False))

    def _marked_children(self, node, kind: str) -> dict[tuple, tuple[tuple | None, bool]]:
        """The children of a loop or an `if` that are its body / arms: (the arm, a loop body?)."""
        if kind == "if_statement":
            consequence, alternative = (node.child_by_field_name("consequence"),
                                        node.child_by_field_name("alternative"))
            marks = {}
            if consequence is not None:
                marks[node_key(consequence)] = ((node_key(node), 0), False)
            if alternative is not None:
                marks[node_key(alternative)] = ((node_key(node), 1), False)
                if not any(child.type == "if_statement" for child in alternative.named_children):
                    self.exhaustive_ifs.add(node_key(node))
            return marks
        body = node.child_by_field_name("body")
        iterable = node.child_by_field_name("right") if kind == "for_in_statement" else None
        if body is not None and not _few_literal_items(iterable) and not _few_attempts(node):
            return {node_key(body): (None, True)}
        return {}

    def _enter(self, node, scope: Scope) -> Scope:
        kind = node.type
        if kind in ("class_declaration", "class"):
            owner = Scope("class", node, scope)
            owner.owner_class = owner
            name = node.child_by_field_name("name")
            if name is not None:
                self._event(scope, text_of(name), "class", function=owner)
            return owner
        if kind in _FUNCTION_TYPES:
            parent = scope.parent if scope.owner_class is scope and scope.parent else scope
            inner = Scope("function", node, parent, owner_class=scope.owner_class)
            self.function_scopes[node_key(node)] = inner
            name = node.child_by_field_name("name")
            if name is not None and (kind == "function_declaration" or (
                    kind == "method_definition" and scope.kind == "class")):
                # a class method is looked up as `this.name` through its class's own bindings;
                # an object literal's method (`{ async fetch() {} }`) binds no name
                self._event(scope, text_of(name), "function", function=inner)
            parameters = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
            if parameters is not None:
                self._parameters(parameters, inner)
            item = self.pending_items.pop(node_key(node), None)
            if item is not None:  # the callback of `[…].forEach(…)`: its parameter is each item
                self._bind_item(item[0], item[1], (), inner)
            caught = self.pending_caught.pop(node_key(node), None)
            if caught is not None and caught[0].type == "identifier":  # `.catch(err => …)`
                self._event(inner, text_of(caught[0]), "caught", value=caught[1])
            body = node.child_by_field_name("body")
            if kind == "arrow_function" and body is not None and body.type != "statement_block":
                inner.returns.append((body, next(self.counter)))
            return inner
        if kind == "return_statement" and node.named_children:
            function = scope
            while function is not None and function.kind != "function":
                function = function.parent
            if function is not None:
                function.returns.append((node.named_children[0], next(self.counter)))
        if kind == "catch_clause":  # `catch (err)`: what the try block throws
            parameter = node.child_by_field_name("parameter")
            try_body = node.parent.child_by_field_name("body") if node.parent is not None else None
            if parameter is not None and parameter.type == "identifier" and try_body is not None:
                self._event(scope, text_of(parameter), "caught", value=try_body)
            elif parameter is not None:
                for name in self._pattern_names(parameter):
                    self._event(scope, name, "unknown")
        if kind == "export_statement":
            self._export(node, scope)
        if kind == "for_in_statement":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            iterates_items = any(child.type == "of" for child in node.children)
            if left is not None:
                self._bind_item(left, right if iterates_items else None, (), scope)
        if kind in ("call_expression", "new_expression"):
            self.calls.append(JsCall(node, self._site(scope), bool(self.loops)))
            self._callback_items(node)
            required = self._required_module(node) if kind == "call_expression" else None
            if required is not None:
                self.imports.append((required, node))
        elif kind == "object":
            self.dicts.append((node, self._site(scope)))
        elif kind in ("string", "template_string") and "klaviyo" in text_of(node).lower():
            if node.parent is None or node.parent.type not in ("template_string", "expression_statement"):
                self.klaviyo_strings.append((node, self._site(scope)))
        elif kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and text_of(operator) in _EQUALITY:
                self.comparisons.append((node, self._site(scope)))
        elif kind == "switch_case":
            self.status_cases.append((node, self._site(scope)))
        elif kind == "import_statement":
            self._import(node, scope)
        return scope

    def _parameters(self, parameters, scope: Scope) -> None:
        if parameters.type == "identifier":
            scope.params[text_of(parameters)] = None
            return
        for parameter in parameters.named_children:
            pattern = parameter.child_by_field_name("pattern") if parameter.type in (
                "required_parameter", "optional_parameter") else parameter
            annotation = parameter.child_by_field_name("type")
            if pattern is not None and pattern.type == "identifier":
                scope.params[text_of(pattern)] = annotation
            elif pattern is not None:
                for name in self._pattern_names(pattern):
                    scope.params[name] = None

    def _export(self, node, scope: Scope) -> None:
        """`export default …` binds "default"; `export { a as b } from "./m"` and `export * from
        "./m"` pass another module's names on."""
        source = _module_name(node.child_by_field_name("source"))
        value = node.child_by_field_name("value")
        if source is None:
            if value is not None and any(child.type == "default" for child in node.children):
                self._event(scope, "default", "assign", value=value)
            return
        clause = next((child for child in node.named_children if child.type == "export_clause"), None)
        if clause is None:
            self.reexports.append((None, source))
            return
        names = {}
        for specifier in clause.named_children:
            name = specifier.child_by_field_name("name")
            alias = specifier.child_by_field_name("alias") or name
            if name is not None:
                names[text_of(alias)] = text_of(name)
        self.reexports.append((names, source))

    def _bind_item(self, pattern, iterable, path: tuple[int, ...], scope: Scope) -> None:
        """A `for … of` target: each item of the iterable (``path`` picks inside `[a, b]`
        patterns); a `for … in` target (keys) or another pattern is unknown."""
        if pattern.type == "identifier" and iterable is not None:
            self._event(scope, text_of(pattern), "loop-item", value=iterable, key=path)
        elif pattern.type == "array_pattern" and iterable is not None:
            for index, element in enumerate(pattern.named_children):
                self._bind_item(element, iterable, (*path, index), scope)
        else:
            for name in self._pattern_names(pattern):
                self._event(scope, name, "unknown")

    def _callback_items(self, node) -> None:
        """`[…].forEach((url) => …)` / `.map(…)`: the callback's first parameter is each item."""
        function = _unwrap(node.child_by_field_name("function"))
        if function is None or function.type != "member_expression" or \
                text_of(function.child_by_field_name("property")) not in ("forEach", "map", "flatMap", "catch"):
            return
        args = self.arguments(node)
        if not args or args[0].type not in ("arrow_function", "function_expression", "function"):
            return
        parameters = args[0].child_by_field_name("parameters") or args[0].child_by_field_name("parameter")
        first = parameters if parameters is not None and parameters.type == "identifier" else (
            parameters.named_children[0] if parameters is not None and parameters.named_children else None)
        if first is not None and first.type in ("required_parameter", "optional_parameter"):
            first = first.child_by_field_name("pattern")
        if first is not None and text_of(function.child_by_field_name("property")) == "catch":
            self.pending_caught[node_key(args[0])] = (first, function.child_by_field_name("object"))
            return
        if first is not None:
            self.pending_items[node_key(args[0])] = (first, function.child_by_field_name("object"))
        if not _few_literal_items(function.child_by_field_name("object")):
            self.loop_bodies.add(node_key(args[0]))  # the callback runs once per item

    def _pattern_names(self, pattern) -> Iterator[str]:
        if pattern.type in ("identifier", "shorthand_property_identifier_pattern"):
            yield text_of(pattern)
            return
        for child in pattern.named_children:
            yield from self._pattern_names(child)

    def _leave(self, node, scope: Scope) -> None:
        kind = node.type
        if kind == "variable_declarator":
            self._declare(node.child_by_field_name("name"), node.child_by_field_name("value"), scope)
        elif kind == "assignment_expression":
            self._assign(node.child_by_field_name("left"), node.child_by_field_name("right"), scope)
        elif kind == "call_expression":
            self._object_assign(node, scope)
        elif kind in ("public_field_definition", "field_definition"):
            name = node.child_by_field_name("name") or node.child_by_field_name("property")
            value = node.child_by_field_name("value")
            if name is not None and value is not None:
                is_static = any(child.type == "static" for child in node.children)
                if is_static:  # `ClassName.X`
                    self._event(scope, text_of(name), "assign", value=value)
                else:  # `this.x`
                    self._instance_event(scope, text_of(name), "assign", value=value)

    def _import(self, node, scope: Scope) -> None:
        source = _module_name(node.child_by_field_name("source"))
        if source is None:
            return
        self.imports.append((source, node))
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for item in clause.named_children:
                if item.type == "identifier":  # default import
                    self._event(scope, text_of(item), "import", qualname=source)
                elif item.type == "namespace_import":
                    for name in item.named_children:
                        self._event(scope, text_of(name), "import", qualname=source)
                elif item.type == "named_imports":
                    for specifier in item.named_children:
                        name = specifier.child_by_field_name("name")
                        alias = specifier.child_by_field_name("alias") or name
                        if name is not None:
                            self._event(scope, text_of(alias), "import", qualname=f"{source}.{text_of(name)}")

    def _declare(self, target, value, scope: Scope) -> None:
        if target is None:
            return
        required = self._required_module(value)
        if target.type == "identifier":
            if required is not None:
                self._event(scope, text_of(target), "import", qualname=required)
            else:
                self._event(scope, text_of(target), "assign" if value is not None else "unknown", value=value)
            return
        if target.type == "object_pattern" and required is not None:
            for child in target.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    self._event(scope, text_of(child), "import", qualname=f"{required}.{text_of(child)}")
                elif child.type == "pair_pattern":
                    key, bound = child.child_by_field_name("key"), child.child_by_field_name("value")
                    if key is not None and bound is not None and bound.type == "identifier":
                        self._event(scope, text_of(bound), "import", qualname=f"{required}.{text_of(key)}")
            return
        for name in self._pattern_names(target):
            self._event(scope, name, "unknown")

    def _required_module(self, value) -> str | None:
        """`require("m")`, `require("m").x`, `await import("m")` → the module path."""
        value = _unwrap(value)
        if value is None:
            return None
        if value.type == "member_expression":
            base = self._required_module(value.child_by_field_name("object"))
            prop = value.child_by_field_name("property")
            return f"{base}.{text_of(prop)}" if base and prop is not None else None
        if value.type == "call_expression":
            function = value.child_by_field_name("function")
            arguments = value.child_by_field_name("arguments")
            if function is not None and text_of(function) in ("require", "import") and arguments is not None \
                    and arguments.named_children:
                return _module_name(arguments.named_children[0])
        return None

    def _assign(self, left, right, scope: Scope) -> None:
        left = _unwrap(left)
        if left is None:
            return
        if left.type == "identifier":
            self._event(scope, text_of(left), "assign", value=right)
        elif left.type in ("member_expression", "subscript_expression"):
            base = _unwrap(left.child_by_field_name("object"))
            if left.type == "member_expression":
                key: Any = text_of(left.child_by_field_name("property"))
            else:
                key = left.child_by_field_name("index")
            self._mutation(base, key, right, scope)
        else:
            for name in self._pattern_names(left):
                self._event(scope, name, "unknown")

    def _mutation(self, base, key, value, scope: Scope) -> None:
        """`x.k = v` / `x["k"] = v`, also on `this.x`, `x.headers`, `this.x.headers`."""
        if base is None:
            return
        if base.type == "this" and isinstance(key, str):
            self._instance_event(scope, key, "assign", value=value)
        elif base.type == "identifier":
            self._event(scope, text_of(base), "setitem", value=value, key=key)
        elif base.type == "member_expression":
            owner = _unwrap(base.child_by_field_name("object"))
            attr = text_of(base.child_by_field_name("property"))
            if owner is not None and owner.type == "identifier":
                self._event(scope, text_of(owner), "setitem", value=value, key=key, attr=attr)
            elif owner is not None and owner.type == "this":
                self._instance_event(scope, attr, "setitem", value=value, key=key)

    def _object_assign(self, node, scope: Scope) -> None:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or text_of(function) != "Object.assign" or arguments is None:
            return
        args = arguments.named_children
        if len(args) >= 2 and _unwrap(args[0]).type == "identifier":
            for source in args[1:]:
                self._event(scope, text_of(_unwrap(args[0])), "update", value=source)

    # --- lookup and evaluation ---------------------------------------------------------------

    def _unbound(self, name: str) -> Value:
        if name == "module":  # CommonJS: `module.exports = {…}` fills it
            return DictValue({"exports": Entry(DictValue(), None, None)})
        if name == "exports":
            return DictValue()
        return super()._unbound(name)

    def _parameter(self, annotation) -> tuple[ir.Expr | None, ir.Expr | None]:
        """A TypeScript type names a class (`client: KlaviyoClient`); defaults are not read."""
        type_node = annotation.named_children[0] if annotation is not None and annotation.named_children else None
        if type_node is not None and type_node.type in ("type_identifier", "nested_type_identifier"):
            return ir.Name(text_of(type_node).split(".")[-1], type_node), None
        return None, None

    # --- lowering (klint/frontends/expressions.py); klint/frontends/evaluate.py evaluates ----

    describe = staticmethod(text_of)
    _key = staticmethod(attrgetter("id"))  # unique within a tree, whichever wrapper tree-sitter hands out

    @staticmethod
    def canonical(qualname: str) -> str:
        return _canonical(qualname)

    def function_at(self, node) -> Scope | None:
        return self.function_scopes.get(node_key(node))

    def _lower_or_opaque(self, node) -> ir.Expr:
        return self.lower(node) if node is not None else ir.Opaque("", None)

    def _lower(self, node) -> ir.Expr:
        kind = node.type
        lower, field = self._lower_or_opaque, node.child_by_field_name
        if kind == "identifier":
            return ir.Name(text_of(node), node)
        if kind == "member_expression":
            return ir.Member(lower(field("object")), text_of(field("property")), node)
        if kind in ("call_expression", "new_expression"):
            new = kind == "new_expression"
            return ir.Call(lower(field("constructor" if new else "function")), node, new, lambda: tuple(
                ir.Spread(lower(child.named_children[0] if child.named_children else None), child)
                if child.type == "spread_element" else lower(child) for child in self.arguments(node)))
        if kind == "string":
            return ir.Text(_string_value(node), node)
        if kind in _WRAPPERS:
            inner = [child for child in node.named_children if child.type != "type_annotation"]
            return ir.Wrapper(lower(inner[0]), node) if inner else ir.Opaque("", node)
        if kind in _FUNCTION_TYPES:
            return ir.FunctionRef(node)
        if kind == "template_string":
            parts: list = []
            for child in node.named_children:
                if child.type == "string_fragment":
                    parts.append(text_of(child))
                elif child.type == "escape_sequence":
                    parts.append(_unescape(text_of(child)))
                elif child.type == "template_substitution":
                    expression = child.named_children[0] if child.named_children else None
                    parts.append(ir.Interpolation(lower(expression), expression))
            return ir.Template(tuple(parts), node)
        if kind == "object":
            return ir.Mapping(tuple(entry for child in node.named_children
                                    for entry in [self._lower_entry(child)] if entry is not None), node)
        if kind == "array":
            return ir.Sequence(tuple(
                ir.Spread(lower(child.named_children[0] if child.named_children else None), child)
                if child.type == "spread_element" else lower(child) for child in node.named_children), node)
        if kind == "number":
            try:
                number = float(text_of(node).replace("_", ""))
            except ValueError:
                return ir.Opaque("", node)
            return ir.Number(int(number) if number.is_integer() else number, node)
        if kind == "binary_expression":
            operator = text_of(field("operator"))
            if operator == "+":
                return ir.Binary("+", lower(field("left")), lower(field("right")), node)
            if operator in ("??", "||"):
                return ir.Fallback(lower(field("left")), lower(field("right")), node)
        if kind == "subscript_expression":
            index = field("index")
            return ir.Index(lower(field("object")), self.lower(index) if index is not None else None, node)
        if kind == "ternary_expression":
            return ir.Choice(lower(field("consequence")), lower(field("alternative")), node)
        if kind == "unary_expression" and text_of(node).startswith("-"):
            return ir.Negation(lower(field("argument")), node)
        if kind in ("null", "undefined", "true", "false"):  # tree-sitter gives `undefined` its own type
            return ir.Constant(kind, node)
        if kind == "this":
            return ir.SelfRef("this", "this", node)
        return ir.Opaque("", node)

    def _lower_entry(self, child) -> ir.Entry | ir.Spread | None:
        """A property of an object literal: `k: v`, `"k": v`, `[expr]: v`, `k`, `...o`, `m() {}`."""
        if child.type == "pair":
            key_node, value_node = child.child_by_field_name("key"), child.child_by_field_name("value")
            if key_node is None:
                return None
            if key_node.type in ("property_identifier", "number"):
                key: ir.Expr = ir.Text(text_of(key_node), key_node)
            elif key_node.type == "string":
                key = ir.Text(_string_value(key_node), key_node)
            else:  # computed [expr]
                key = self._lower_or_opaque(key_node.named_children[0] if key_node.named_children else None)
            return ir.Entry(key, self._lower_or_opaque(value_node), key_node, value_node)
        if child.type == "shorthand_property_identifier":
            name = text_of(child)
            return ir.Entry(ir.Text(name, child), ir.Name(name, child), child, child)
        if child.type == "spread_element":
            return ir.Spread(self._lower_or_opaque(child.named_children[0] if child.named_children else None), child,
                             True)
        if child.type == "method_definition":
            name = child.child_by_field_name("name")
            return ir.Entry(ir.Text(text_of(name), name), ir.Opaque("", None), name, None)
        return None

    def arguments(self, node) -> list:
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            return []
        return [child for child in arguments.named_children if child.type != "comment"]

    # --- views the rules use -------------------------------------------------------------------

    @cached_property
    def imports_sdk(self) -> bool:
        return any(source == "klaviyo-api" for source, _ in self.imports)

    @cached_property
    def is_client_code(self) -> bool:
        """A component (.vue, .svelte) or a module that starts with the `"use client"` directive."""
        if self.module.ctx.path.name.lower().endswith((".vue", ".svelte")):
            return True
        first = next((child for child in self.root_scope.node.named_children if child.type != "comment"), None)
        return first is not None and first.type == "expression_statement" and \
            text_of(first).strip().rstrip(";") in ('"use client"', "'use client'")

    @cached_property
    def sdk(self) -> klaviyo.SdkDialect:
        """Node SDK ≤5 code (`ConfigWrapper`) sends bodies verbatim (facts §2.3)."""
        imported = (event.qualname for scope_events in self._all_events() for event in scope_events
                    if event.kind == "import" and event.qualname)
        legacy = any(name.endswith("ConfigWrapper") for name in imported)
        return klaviyo.NODE_LEGACY_SDK if legacy else klaviyo.NODE_SDK

    def argument(self, call: JsCall, position: int | None, keyword: str | None):
        """JS has no keyword arguments: only ``position`` can name one."""
        args = self.arguments(call.node)
        return args[position] if position is not None and position < len(args) else None

    def keyword_arguments(self, keyword: str) -> Iterator[tuple[Any, Site]]:
        return iter(())

    def revision_overrides(self) -> Iterator[tuple[Any, Site]]:
        return iter(())  # the Node SDK has no revision override

    def is_project_module(self, module: str) -> bool:
        return module.startswith((".", "/"))

    def file_text(self) -> str:
        return self.module.ctx.text

    def call_chain(self, node) -> Iterator[tuple[str, ir.Call]]:
        while node.parent is not None and node.parent.type == "member_expression" and \
                node.parent.parent is not None and node.parent.parent.type == "call_expression":
            outer = node.parent.parent
            yield text_of(node.parent.child_by_field_name("property")), self.lower(outer)
            node = outer

    def in_error_handler(self, node) -> bool:
        """Is ``node`` inside a `catch` clause or a `.catch(…)` callback?"""
        current = node.parent
        while current is not None:
            if current.type == "catch_clause":
                return True
            if current.type == "arguments" and current.parent is not None and current.parent.type == "call_expression":
                function = current.parent.child_by_field_name("function")
                if function is not None and function.type == "member_expression" and \
                        text_of(function.child_by_field_name("property")) == "catch":
                    return True
            current = current.parent
        return False

    def log_calls(self) -> Iterator[tuple[JsCall, list]]:
        """`console.error(…)`, `logger.info(…)`, `this.log.warn(…)`: (call, arguments)."""
        for call in self.calls:
            function = _unwrap(call.node.child_by_field_name("function")) if call.node.type == "call_expression" else None
            if function is None or function.type != "member_expression":
                continue
            receiver = text_of(function.child_by_field_name("object")).rsplit(".", 1)[-1].lower()
            method = text_of(function.child_by_field_name("property"))
            if receiver == "console" or (_LOGGER_RE.search(receiver) and method in _LOG_METHODS):
                yield call, [arg for arg in self.arguments(call.node) if arg.type != "spread_element"]

    def constants(self):
        """Top-level names bound once, and the CommonJS exports tsc and hand-written modules
        use: `exports.X = …`, `module.exports.X = …`, `module.exports = { X: … }`."""
        yield from super().constants()
        for name in ("exports", "module"):
            for event in self.root_scope.events.get(name, ()):
                if event.kind != "setitem" or event.value is None or not isinstance(event.key, str):
                    continue
                site = Site(event.scope, event.seq)
                if name == "module" and event.key == "exports" and not event.attr:
                    exported = _unwrap(event.value)
                    for pair in exported.named_children if exported is not None and exported.type == "object" else ():
                        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                        if pair.type == "pair" and key is not None and value is not None:
                            yield _string_value(key) if key.type == "string" else text_of(key), value, site
                elif name == "exports" or event.attr == "exports":
                    yield event.key, event.value, site

    def locate_module(self, qualname: str) -> tuple[Path, list[str]] | None:
        """Node's rules for relative specifiers: the file itself, with one of the known
        extensions, or its folder's index file; a bare specifier only through the tsconfig's
        `paths` / `baseUrl`. Packages are never read."""
        if not qualname.startswith((".", "/")):
            return locate_aliased(self.project, self.module.ctx.path, qualname)
        return locate_relative(self.project, self.module.ctx.path, qualname)

    def module_makes_calls(self, qualname: str) -> bool:
        """Does the project module ``qualname`` names hold anything a rule reads (or import one)?"""
        from klint.frontends.javascript import _module_matters

        located = self.locate_module(qualname)
        return located is not None and _module_matters(self.project, located[0])

    def export(self, name: str) -> Value:
        """CommonJS `module.exports`/`exports.x`, else a top-level binding (ESM `export`), else a
        re-export, else a property of the default export."""
        end = Site(self.root_scope, 1 << 62)
        for container in (self.lookup("module", end), self.lookup("exports", end)):
            if isinstance(container, DictValue) and "exports" in container.entries:
                container = container.entries["exports"].value
            if isinstance(container, DictValue) and name in container.entries:
                return container.entries[name].value
        own = self.lookup(name, end)
        if not isinstance(own, Unknown):
            return own
        for names, source in self.reexports:
            if names is None or name in names:
                value = self.imported(f"{source}.{names[name] if names else name}")
                if not isinstance(value, (Unknown, ModuleRef)):
                    return value
        default = self.lookup("default", end)
        if isinstance(default, DictValue) and name in default.entries:
            return default.entries[name].value
        return own

    def _all_events(self) -> Iterator[list[Event]]:
        yield from self.program_scope.events.values()

    def code_mentions(self, node, pattern: re.Pattern[str], integer: int | None = None) -> bool:
        """Does the code under ``node`` (comments aside) hold the integer, or a name or string
        matching ``pattern``?"""
        stack = [node]
        while stack:
            current = stack.pop()
            kind = current.type
            if kind == "number" and integer is not None and text_of(current) == str(integer):
                return True
            if kind in ("identifier", "property_identifier", "shorthand_property_identifier", "string_fragment") \
                    and pattern.search(text_of(current)):
                return True
            stack.extend(child for child in current.children if child.type != "comment")
        return False

    def waits_in(self, node) -> bool:
        """A call that waits: `setTimeout(…)`, `sleep(ms)`, `delay(ms)`, `await wait(…)`."""
        stack = [node]
        while stack:
            current = stack.pop()
            if current.type == "call_expression":
                name = text_of(current.child_by_field_name("function")).rsplit(".", 1)[-1].lower()
                if name in ("settimeout", "sleep", "delay", "wait", "timeout") or "sleep" in name:
                    return True
            stack.extend(current.children)
        return False

    def status_checks(self, code: int) -> Iterator[tuple[Any, Site, Any]]:
        """`status === 429`, `case 429:`: (the check, its site, the branch it decides)."""
        wanted = str(code)
        for node, site in self.comparisons:
            sides = (node.child_by_field_name("left"), node.child_by_field_name("right"))
            if any(side is not None and side.type == "number" and text_of(side) == wanted for side in sides):
                branch = node.parent
                while branch is not None and branch.type not in ("if_statement", "while_statement", "ternary_expression"):
                    branch = branch.parent
                yield node, site, branch or node
        for node, site in self.status_cases:
            value = node.child_by_field_name("value")
            if value is not None and value.type == "number" and text_of(value) == wanted:
                yield node, site, node

    def equality_comparisons(self) -> Iterator[tuple[Any, Site, Any, Any]]:
        for node, site in self.comparisons:
            yield node, site, node.child_by_field_name("left"), node.child_by_field_name("right")

    @cached_property
    def sdk_calls(self) -> list[SdkCall]:
        return self.calls_of_kind("sdk")

    def _sdk_call(self, call: JsCall) -> SdkCall | None:
        if call.node.type != "call_expression":
            return None
        target, method = self.callee(call)
        if method is None:
            if not isinstance(target, ModuleRef) or not target.qualname.startswith("klaviyo-api."):
                return None
            group, _, method = _canonical(target.qualname)[len("klaviyo-api."):].rpartition(".")
        elif isinstance(target, ObjectValue) and target.qualname.startswith("klaviyo-api.") \
                and target.short_name.endswith("Api"):
            group = target.short_name[:-3]
        elif isinstance(target, ModuleRef):
            return None
        elif self.imports_sdk and method in _SDK_CREATE_METHODS and _SDK_RECEIVER_RE.search(
                text_of(call.node.child_by_field_name("function"))):
            # A receiver we cannot trace (`this.events`, a constructor parameter property) in a
            # file that imports the SDK, named like an SDK API object.
            group = "Profiles" if "Profile" in method else "Events"
        else:
            return None
        args = self.arguments(call.node)
        position = klaviyo.sdk_body_position(method)
        body = self.evaluate(args[position], call.site) if len(args) > position else None
        return SdkCall(call.node, call.site, group, method, body, _conflict_handled(call.node), call.in_loop)

    @cached_property
    def http_calls(self) -> list[HttpCall]:
        return self.calls_of_kind("http")

    @staticmethod
    def conflict_handled(call: JsCall) -> bool:
        return _conflict_handled(call.node)

    # --- edits for fixes (klint/model.py); positions from the tree-sitter tree -----------------

    def _here(self, *nodes) -> bool:
        """Are these nodes of this module's tree? A value imported from another module carries
        that module's nodes: an edit made from them would land at their offsets in this file."""
        root = self.module.tree.root_node
        for node in nodes:
            if node is None:
                return False
            while node.parent is not None:
                node = node.parent
            if node != root:
                return False
        return True

    def _offsets(self, node) -> tuple[int, int]:
        return self.module.char_offset(node.start_byte), self.module.char_offset(node.end_byte)

    def _bracketed(self, node) -> tuple[int, int, list[tuple[int, int]], int | None]:
        """(after `{` / `(`, at `}` / `)`, each item's offsets, after a trailing comma)."""
        items = [child for child in node.named_children if child.type != "comment"]
        trailing = None
        if items:
            later = [child for child in node.children if child.start_byte >= items[-1].end_byte]
            if later and later[0].type == ",":
                trailing = self._offsets(later[0])[1]
        return (self._offsets(node.children[0])[1], self._offsets(node.children[-1])[0],
                [self._offsets(item) for item in items], trailing)

    def rename_method(self, call, name: str) -> list[Edit] | None:
        function = _unwrap(call.child_by_field_name("function")) if call.type == "call_expression" else None
        if function is None or function.type != "member_expression" or not self._here(call):
            return None
        start, end = self._offsets(function.child_by_field_name("property"))
        return [edit(self.module.ctx, start, end, name)]

    def replace_in_string(self, node, pattern: re.Pattern[str], replacement: str,
                          at_start: bool = False) -> list[Edit] | None:
        if node is None or node.type not in ("string", "template_string") or not self._here(node):
            return None
        segments = [(self._offsets(child)[0], text_of(child)) for child in node.named_children
                    if child.type == "string_fragment"]
        opens = len(node.children) > 1 and node.children[1].type == "string_fragment"
        return replace_in_segments(self.module.ctx, segments, opens, pattern, replacement, at_start)

    def prefix_string(self, node, text: str) -> list[Edit] | None:
        if node is None or node.type not in ("identifier", "member_expression", "subscript_expression",
                                             "call_expression") or not self._here(node):
            return None
        start, _end = self._offsets(node)
        return [edit(self.module.ctx, start, start, f"{json.dumps(text)} + ")]

    def mapping_of(self, key):
        parent = key.parent if key is not None and self._here(key) else None
        if parent is not None and parent.type == "pair":
            parent = parent.parent
        return parent if parent is not None and parent.type == "object" else None

    def add_entry(self, mapping, key: str, value: str) -> list[Edit] | None:
        if mapping is None or _unwrap(mapping).type != "object" or not self._here(mapping):
            return None
        written = key if re.fullmatch(r"[A-Za-z_$][\w$]*", key) else json.dumps(key)
        return insert_element(self.module.ctx, *self._bracketed(_unwrap(mapping)), f"{written}: {value}", "//")

    def rename_key(self, key, name: str) -> list[Edit] | None:
        if not self._here(key):
            return None
        if key.type == "property_identifier":
            start, end = self._offsets(key)
            return [edit(self.module.ctx, start, end, name)]
        if key.type == "shorthand_property_identifier":  # `{ phone_number }` → `{ phoneNumber: phone_number }`
            start, _end = self._offsets(key)
            return [edit(self.module.ctx, start, start, f"{name}: ")]
        if key.type == "string":
            return self.replace_in_string(key, re.compile(f"^{re.escape(_string_value(key))}$"), name)
        return None

    def add_argument(self, call, value: str, keyword: str | None = None) -> list[Edit] | None:
        arguments = call.child_by_field_name("arguments")
        if keyword is not None or arguments is None or arguments.type != "arguments" or not self._here(call) or any(
                child.type == "spread_element" for child in arguments.named_children):
            return None
        return insert_element(self.module.ctx, *self._bracketed(arguments), value, "//")

    def remove_argument(self, value) -> list[Edit] | None:
        parent = value.parent if self._here(value) else None
        if parent is not None and parent.type == "pair" and parent.parent is not None:
            container, item = parent.parent, parent
        elif parent is not None and parent.type == "arguments":
            container, item = parent, value
            if item.next_named_sibling is not None:
                return None  # later arguments would shift into its place
        else:
            return None
        open_end, close_start, elements, _ = self._bracketed(container)
        index = elements.index(self._offsets(item))
        return remove_element(self.module.ctx, open_end, close_start, elements, index)

    def constant_time_compare(self, comparison) -> tuple[list[Edit], bool] | None:
        left, right = comparison.child_by_field_name("left"), comparison.child_by_field_name("right")
        operator = text_of(comparison.child_by_field_name("operator"))
        if left is None or right is None or operator not in _EQUALITY or not self._here(comparison):
            return None
        (left_start, left_end), (right_start, right_end) = self._offsets(left), self._offsets(right)
        negate = "!" if operator.startswith("!") else ""
        source = self.module.ctx
        edits = [edit(source, left_start, left_start, f"{negate}crypto.timingSafeEqual(Buffer.from("),
                 edit(source, left_end, right_start, "), Buffer.from("),
                 edit(source, right_end, right_end, "))")]
        # Imported or required by that name: the global `crypto` of Node 19+ and browsers is
        # WebCrypto, which has no timingSafeEqual.
        bound = any(event.kind == "import" and _canonical(event.qualname or "") == "crypto"
                    for event in self.program_scope.events.get("crypto", ()))
        if self._name_uses("crypto") > (1 if bound else 0):
            return None  # a parameter or a variable `crypto` somewhere: not that module everywhere
        return edits, bound and self._length_checked(comparison, text_of(left), text_of(right))

    def _name_uses(self, name: str) -> int:
        """How often ``name`` is written as a variable other than as the object of `name.x`: its
        import (or `require`) binding counts once; any other is a parameter, a variable or a
        read of it that a rewrite must not assume is that import."""
        count, stack = 0, [self.module.tree.root_node]
        while stack:
            node = stack.pop()
            if node.type in ("identifier", "shorthand_property_identifier",
                             "shorthand_property_identifier_pattern") and text_of(node) == name:
                parent = node.parent
                member_object = parent is not None and parent.type == "member_expression" and \
                    parent.child_by_field_name("object") == node
                count += not member_object
            stack.extend(node.children)
        return count

    @staticmethod
    def _length_checked(comparison, left: str, right: str) -> bool:
        """`a.length === b.length && a === b`: `timingSafeEqual` would throw on unequal lengths,
        and this comparison is only reached when they are equal."""
        parent = comparison.parent
        if parent is None or parent.type != "binary_expression" or \
                text_of(parent.child_by_field_name("operator")) != "&&" or \
                node_key(parent.child_by_field_name("right")) != node_key(comparison):
            return False
        guard = _unwrap(parent.child_by_field_name("left"))
        if guard is None or guard.type != "binary_expression" or \
                text_of(guard.child_by_field_name("operator")) not in ("===", "=="):
            return False

        def squeezed(text: str) -> str:
            return re.sub(r"\s+", "", text)

        sides = {squeezed(text_of(guard.child_by_field_name(side))) for side in ("left", "right")}
        return sides == {squeezed(left) + ".length", squeezed(right) + ".length"}

    def reads_of(self, name: str) -> int:
        reads, stack = 0, [self.module.tree.root_node]
        while stack:
            node = stack.pop()
            if node.type in ("identifier", "shorthand_property_identifier") and text_of(node) == name:
                reads += 1
            stack.extend(node.children)
        bindings = [event for event in self.program_scope.events.get(name, ())
                    if event.kind in ("assign", "unknown", "import", "function")]
        return reads - len(bindings)


_SDK_RECEIVER_RE = re.compile(r"klaviyo|profiles?(?:api)?\.|events?(?:api)?\.", re.IGNORECASE)
_SDK_CREATE_METHODS = frozenset({"createProfile", "createEvent", "bulkCreateEvents", "createEventBulkCreateJob"})


def locate_relative(project, path, qualname: str) -> tuple[Path, list[str]] | None:
    """The project file a relative specifier names from the file at ``path`` (strings, once per
    folder and specifier: this runs for every import)."""
    folder = os.path.dirname(os.path.abspath(path))
    key = ("js-locate", folder, qualname)
    if key not in project.memo:
        project.memo[key] = _locate(project, folder, qualname)
    return project.memo[key]


def locate_aliased(project, path, qualname: str) -> tuple[Path, list[str]] | None:
    """The project file a bare specifier names through the tsconfig's `paths` / `baseUrl`
    (`@/lib/klaviyo`), once per folder and specifier."""
    aliases = aliases_for(project, path)
    if aliases is None:
        return None
    project.peeked.update(Path(config) for config in aliases.configs)  # the answer depends on them
    key = ("js-alias", os.path.dirname(os.path.abspath(path)), qualname)
    if key not in project.memo:
        project.memo[key] = next(
            (found for candidate in aliases.candidates(qualname) if (found := _locate(
                project, os.path.dirname(candidate), f"./{os.path.basename(candidate)}")) is not None), None)
    return project.memo[key]


# TypeScript's own rule (NodeNext): `./b.js` in TypeScript source names `b.ts` once compiled.
_SOURCE_OF = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",), ".cjs": (".cts",)}


def _locate(project, folder: str, qualname: str) -> tuple[Path, list[str]] | None:
    head, slash, tail = qualname.rpartition("/")
    pieces = tail.split(".")
    for count in range(len(pieces), 0, -1):
        base = os.path.normpath(os.path.join(folder, head + slash + ".".join(pieces[:count])))
        stem, extension = os.path.splitext(base)
        for candidate in (base, *(stem + source for source in _SOURCE_OF.get(extension, ())),
                          *(base + ext for ext in _EXTENSIONS),
                          *(os.path.join(base, f"index{ext}") for ext in _EXTENSIONS)):
            if project.is_file(candidate):
                return Path(candidate), pieces[count:]
    return None


def _conflict_handled(node) -> bool:
    """Inside a `try` whose `catch` deals with 409 Conflict (create first, then update)."""
    while node.parent is not None:
        node = node.parent
        if node.type == "try_statement":
            handler = node.child_by_field_name("handler")
            if handler is not None and klaviyo.CONFLICT_RE.search(text_of(handler)):
                return True
    return False


def _unescape(sequence: str) -> str:
    try:
        return json.loads(f'"{sequence}"')
    except json.JSONDecodeError:
        return sequence[1:]  # \` \$ \' and friends stand for the character itself


def _canonical(qualname: str) -> str:
    """`node-fetch.default` → `node-fetch`; `node:crypto` → `crypto`;
    `klaviyo-api.Klaviyo.ProfilesApi` → `klaviyo-api.ProfilesApi`."""
    qualname = re.sub(r"\.default(?=\.|$)", "", qualname)
    qualname = qualname[len("node:"):] if qualname.startswith("node:") else qualname
    return qualname.replace("klaviyo-api.Klaviyo.", "klaviyo-api.")
