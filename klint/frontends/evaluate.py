"""The one evaluator: what a lowered expression (klint/frontends/expressions.py) holds, for every
language.

A front end lowers its syntax nodes (``_lower``) and names the source text of a node
(``describe``); this class does the rest: literals and templates, names (through ``Resolver``),
attributes, subscripts, dict/object literals with spreads, ``+`` / ``%`` / ``|``, conditionals
and fallbacks, calls of the project's own functions and classes, and calls of library functions,
methods and constructors as klint/frontends/libraries.py describes them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Iterator, Union

from klint import klaviyo
from klint.frontends import expressions as ir
from klint.frontends import libraries
from klint.frontends.http_calls import http_call
from klint.frontends.scopes import Event, Resolver, Site, class_attribute
from klint.frontends.values import (
    UNKNOWN, ClassValue, DictValue, DigestValue, Entry, FunctionValue, Hole, HttpCall, ListValue, ModuleRef, NumValue,
    ObjectValue, StrValue, Unknown, Value, as_str, fallback, join_parts, one_of, percent_format, resolve_url,
    str_format,
)

MAX_DEPTH = 40  # evaluation nesting (expressions within expressions, names through names)
MAX_LOWERING = 48  # lowering nesting in one go; deeper children are lowered when evaluated


class Evaluator(Resolver):
    """Resolution (``Resolver``) and evaluation over lowered expressions; front ends subclass it."""

    language: str  # "python", "javascript": which METHODS apply
    _lowered: dict  # syntax node identity -> its expression (the front end sets it up)
    _depth = 0
    _lowering = 0

    # --- what a front end provides ---------------------------------------------------------------

    def _lower(self, node: Any) -> ir.Expr:
        """One syntax node as an expression, its children through ``self.lower``."""
        raise NotImplementedError

    def describe(self, node: Any) -> str:
        """The source text of ``node`` ("" for None): names holes and unknown values."""
        raise NotImplementedError

    @staticmethod
    def _key(node: Any) -> object:
        """A syntax node's identity, for the lowering memo."""
        return id(node)

    @staticmethod
    def canonical(qualname: str) -> str:
        """The qualified name the library tables use for an imported name."""
        return qualname

    def function_at(self, node: Any) -> Any:
        """The Scope of the function written at ``node`` (an arrow function …), or None."""
        return None

    def file_text(self) -> str:
        """The whole file's text."""
        raise NotImplementedError

    def call_chain(self, node: Any) -> Iterator[tuple[str, ir.Call]]:
        """The calls chained on the result of the call ``node`` (`.set(…).send(…)`), innermost
        first: (method name, the lowered call) each."""
        return iter(())

    def _parameter(self, param: Any) -> tuple[ir.Expr | None, ir.Expr | None]:
        """A parameter's declared type and default value, lowered (None: not written)."""
        return None, None

    # --- names the scopes do not bind ------------------------------------------------------------

    def _unbound(self, name: str) -> Value:
        """A name bound nowhere in the file: a global of the language (`fetch`, `JSON`), else unknown."""
        return ModuleRef(name) if name in libraries.GLOBALS.get(self.language, ()) else Unknown(name)

    def _param_value(self, name: str, param: Any, scope: Any) -> Value:
        """A parameter no call binds: an instance of its declared class (`client: KlaviyoAPI`,
        `"KlaviyoAPI"`), else its default when that is a string or a number (what callers usually
        get: `base_url="https://a.klaviyo.com"`), else unknown."""
        annotation, default = self._parameter(param) if param is not None else (None, None)
        if annotation is not None:
            declared = self.value_of(annotation, Site(scope, 0))
            if isinstance(declared, StrValue) and declared.text:  # a forward reference
                declared = self.lookup(declared.text, Site(scope, 0))
            if isinstance(declared, ModuleRef):
                return ObjectValue(declared.qualname, None, None)
        if default is not None:
            value = self.value_of(default, Site(scope.parent or scope, 1 << 62))
            if isinstance(value, (StrValue, NumValue)):
                return value
        return Unknown(name)

    # --- lowering --------------------------------------------------------------------------------

    def lower(self, node: Any) -> ir.Expr:
        """``node`` as an expression, lowered once per node, on first use."""
        key = self._key(node)
        try:
            return self._lowered[key]
        except KeyError:
            pass
        if self._lowering > MAX_LOWERING:
            return ir.Deferred(node)
        self._lowering += 1
        try:
            expr = self._lowered[key] = self._lower(node)
        finally:
            self._lowering -= 1
        return expr

    # --- evaluation ------------------------------------------------------------------------------

    def evaluate(self, node: Any, site: Site) -> Value:
        if node is None:
            return UNKNOWN
        return self.value_of(self.lower(node), site)

    def literal_keys(self, mapping: Any) -> frozenset[str] | None:
        expr = ir.unwrapped(self.lower(mapping))
        if not isinstance(expr, ir.Mapping):
            return None
        keys = []
        for item in expr.entries:
            key = ir.unwrapped(item.key) if isinstance(item, ir.Entry) else None
            if not isinstance(key, ir.Text):
                return None
            keys.append(key.value)
        return frozenset(keys)

    def value_of(self, expr: ir.Expr, site: Site) -> Value:
        while True:
            kind = type(expr)
            if kind is ir.Wrapper:
                expr = expr.inner  # type: ignore[union-attr]
            elif kind is ir.Deferred:
                expr = self.lower(expr.node)
            else:
                break
        if self._depth > MAX_DEPTH:
            return UNKNOWN
        self._depth += 1
        try:
            return _EVALUATE[kind](self, expr, site)
        finally:
            self._depth -= 1

    def _describer(self, node: Any) -> Callable[[], str]:
        return lambda: self.describe(node)

    def _text(self, expr: ir.Text, site: Site) -> Value:
        return StrValue((expr.value,), (expr.node,))

    def _number(self, expr: ir.Number, site: Site) -> Value:
        return NumValue(expr.value, expr.node)

    def _constant(self, expr: ir.Constant, site: Site) -> Value:
        return Unknown(expr.name)

    def _opaque(self, expr: ir.Opaque, site: Site) -> Value:
        return Unknown(expr.hint)

    def _template(self, expr: ir.Template, site: Site) -> Value:
        parts: list[Union[str, Hole]] = []
        nodes: list[Any] = [expr.node]
        for part in expr.parts:
            if isinstance(part, str):
                parts.append(part)
                continue
            inner = self.value_of(part.expression, site)
            if isinstance(inner, StrValue) and part.verbatim:
                parts.extend(inner.parts)
                nodes.extend(inner.nodes)
            elif isinstance(inner, NumValue):
                parts.append(str(inner.value))
            else:
                parts.append(Hole(self.describe(part.node)))
        return StrValue(tuple(parts), tuple(nodes))

    def _name(self, expr: Union[ir.Name, ir.SelfRef], site: Site) -> Value:
        return self.lookup(expr.name, site)

    def _member(self, expr: ir.Member, site: Site) -> Value:
        owner = ir.unwrapped(expr.obj)
        if isinstance(owner, ir.SelfRef):
            return self.instance_attr(expr.name, site, owner.receiver)
        base = self.value_of(expr.obj, site)
        if isinstance(base, ClassValue):
            return class_attribute(base, expr.name)
        if isinstance(base, ModuleRef):
            return self.imported(f"{base.qualname}.{expr.name}")
        if isinstance(base, ObjectValue):
            return base.attrs.get(expr.name, Unknown(self.describe(expr.node)))
        if isinstance(base, DictValue) and expr.name in base.entries:  # a JS object's property
            return base.entries[expr.name].value
        if isinstance(base, StrValue) and expr.name == "href":  # a URL object's text
            return base
        return Unknown(self.describe(expr.node))

    def _index(self, expr: ir.Index, site: Site) -> Value:
        # The key first: a table indexed by a key klint cannot know (`typeMap[type]` over a
        # thousand imported classes) is then never evaluated.
        key = self.value_of(expr.key, site) if expr.key is not None else UNKNOWN
        if isinstance(key, StrValue) and key.text is not None:
            container = self.value_of(expr.obj, site)
            if isinstance(container, DictValue):
                entry = container.entries.get(key.text)
                if entry is not None:
                    return entry.value
        return Unknown(self.describe(expr.node))

    def _mapping(self, expr: ir.Mapping, site: Site) -> Value:
        result = DictValue()
        for item in expr.entries:
            if isinstance(item, ir.Spread):
                result = result.merged(self.value_of(item.value, site))
                continue
            key = self.value_of(item.key, site)
            if isinstance(key, StrValue) and key.text is not None:
                result.entries[key.text] = Entry(self.value_of(item.value, site), item.key_node, item.value_node)
            else:
                result.complete = False
        return result

    def _sequence(self, expr: ir.Sequence, site: Site) -> Value:
        items = [self.value_of(item, site) for item in expr.items if not isinstance(item, ir.Spread)]
        return ListValue(items, not any(isinstance(item, ir.Spread) for item in expr.items))

    def _binary(self, expr: ir.Binary, site: Site) -> Value:
        left = self.value_of(expr.left, site)
        if expr.operator == "+":
            right = self.value_of(expr.right, site)
            if isinstance(left, StrValue) or isinstance(right, StrValue):
                return as_str(left, self._describer(expr.left.node)) + as_str(right, self._describer(expr.right.node))
            if isinstance(left, NumValue) and isinstance(right, NumValue):
                return NumValue(left.value + right.value, expr.node)
            return UNKNOWN
        if expr.operator == "%" and isinstance(left, StrValue):
            right = self.value_of(expr.right, site)
            return percent_format(left, right.items if isinstance(right, ListValue) else [right],
                                  self._describer(expr.node))
        if expr.operator == "|" and isinstance(left, DictValue):
            return left.merged(self.value_of(expr.right, site))
        return UNKNOWN

    def _choice(self, expr: ir.Choice, site: Site) -> Value:
        return one_of([self.value_of(expr.consequence, site), self.value_of(expr.alternative, site)])

    def _fallback(self, expr: ir.Fallback, site: Site) -> Value:
        return fallback(self.value_of(expr.left, site), lambda: self.value_of(expr.right, site))

    def _negation(self, expr: ir.Negation, site: Site) -> Value:
        inner = self.value_of(expr.operand, site)
        return NumValue(-inner.value, expr.node) if isinstance(inner, NumValue) else UNKNOWN

    def _function_ref(self, expr: ir.FunctionRef, site: Site) -> Value:
        function = self.function_at(expr.node)
        # with its model: a function expression another module imports (`export const f = () => …`)
        # is evaluated where it is defined, as a declaration is
        return FunctionValue(function, self) if function is not None else UNKNOWN

    # --- views of the calls the front end records (``self.calls``) ---------------------------------

    def constructions(self, short_name: str) -> Iterator[Any]:
        """Calls of a Klaviyo SDK class's constructor, by its class name (`KlaviyoAPI`,
        `new RetryWithExponentialBackoff(…)`)."""
        for call in self.calls:  # type: ignore[attr-defined]
            target, method = self.callee(call)
            if method is None and isinstance(target, ModuleRef) and target.qualname.rsplit(".", 1)[-1] == short_name \
                    and klaviyo.is_sdk_class(target.qualname):
                yield call

    def digests(self) -> Iterator[tuple[Any, DigestValue]]:
        """Every HMAC digest the file computes: `h.hexdigest()`, `hmac.digest(…)`,
        `crypto.createHmac(…).update(…).digest(…)`, `base64.b64encode(h.digest())`."""
        for call in self.calls:  # type: ignore[attr-defined]
            callee = ir.unwrapped(self.lower(call.node).callee)
            name = callee.name if isinstance(callee, (ir.Member, ir.Name)) else ""
            if name in libraries.DIGEST_CALLS:
                value = self.evaluate(call.node, call.site)
                if isinstance(value, DigestValue):
                    yield call.node, value

    # --- mutations -------------------------------------------------------------------------------

    def _apply(self, value: Value, event: Event) -> Value:
        """``value`` after one mutation event: `x[k] = v` / `x.k = v` (``key``: a syntax node, or
        the member's name), `x.update(d)` / `Object.assign(x, d)`, `x += "…"`, a session's
        `mount(…)`, `instance.defaults.timeout = …`; ``attr``: the same on `x.attr`."""
        site = Site(event.scope, event.seq)
        if event.attr:
            inner_event = Event(event.seq, event.kind, event.scope, event.value, event.key)
            if isinstance(value, ObjectValue):
                inner = value.attrs.get(event.attr, Unknown(event.attr))
                if event.attr == "defaults":  # axios's `instance.defaults.timeout = …`
                    value.attrs["timeout" if event.key == "timeout" else "**"] = UNKNOWN
                value.attrs[event.attr] = self._apply(inner, inner_event)
            elif isinstance(value, DictValue) and event.attr in value.entries:  # `cfg.headers.x = …`
                entry = value.entries[event.attr]
                result = DictValue(dict(value.entries), value.complete)
                result.entries[event.attr] = Entry(self._apply(entry.value, inner_event), entry.key_node,
                                                   entry.value_node)
                return result
            return value
        if isinstance(value, ObjectValue) and event.kind == "setitem" and isinstance(event.key, str):
            value.attrs[event.key] = self.evaluate(event.value, site)
            return value
        if event.kind == "mount" and isinstance(value, ObjectValue):  # adapters may bring a timeout
            value.attrs["timeout"] = Unknown("mount")
            return value
        if event.kind == "augadd" and isinstance(value, StrValue) and event.value is not None:
            return value + as_str(self.evaluate(event.value, site), self._describer(event.value))
        if not isinstance(value, DictValue):
            return value if event.kind in ("setitem", "update", "update-call") else UNKNOWN
        if event.kind == "update" and event.value is not None:
            return value.merged(self.evaluate(event.value, site))
        result = DictValue(dict(value.entries), value.complete)
        if event.kind != "setitem":  # an update klint cannot read, `+=` on a dict …
            result.complete = False
            return result
        key = event.key if isinstance(event.key, str) else self.evaluate(event.key, site)
        key_text = key if isinstance(key, str) else (key.text if isinstance(key, StrValue) else None)
        if key_text is None or event.value is None:
            result.complete = False
        else:
            result.entries[key_text] = Entry(self.evaluate(event.value, site),
                                             event.key if not isinstance(event.key, str) else None, event.value)
        return result

    # --- calls -----------------------------------------------------------------------------------

    # The front ends' call handles (``node``: the call's syntax node, ``site``).
    def _http_call(self, call: Any) -> HttpCall | None:
        return http_call(self, call)

    def callee(self, call: Any) -> tuple[Value, str | None]:
        """(the function called, None), or (the receiver, the method name) for a method call."""
        return self._callee(self.lower(call.node), call.site)

    def called_function(self, call: Any) -> FunctionValue | None:
        expr = self.lower(call.node)
        return self._called_function(expr, call.site) if isinstance(expr, ir.Call) else None

    def call_arguments(self, call: Any) -> tuple[list[Value], dict[str, Value]]:
        expr = self.lower(call.node)
        return self._call_arguments(expr, call.site) if isinstance(expr, ir.Call) else ([], {})

    def _call(self, call: ir.Call, site: Site) -> Value:
        function = self._called_function(call, site)
        if function is not None:
            return self.call_function(function, *self._call_arguments(call, site))
        callee = ir.unwrapped(call.callee)
        if call.new or isinstance(callee, ir.Name):
            constructed = self.value_of(callee, site)
            if isinstance(constructed, ClassValue):
                return self.construct(constructed)
        target, method = self._callee(call, site)
        if method is not None:
            kind = _receiver_kind(target)
            known = libraries.METHODS.get((kind, method)) if kind else None
            if known is not None and self.language in known[1]:
                result = _METHOD_OPERATIONS[known[0]](self, target, call, site)
                if result is not None:
                    return result
            return Unknown("" if call.new else self.describe(call.callee.node))
        if isinstance(target, ModuleRef):
            qualname = self.canonical(target.qualname)
            operation = libraries.FUNCTIONS.get(qualname)
            if operation is not None:
                result = _FUNCTION_OPERATIONS[operation](self, call, site)
                if result is not None:
                    return result
            if qualname in libraries.CONSTRUCTORS or klaviyo.is_sdk_class(qualname):
                return self._construct(qualname, call, site)
            # a library call klint does not know: named by the whole call, whose arguments often
            # say what it gives (`getenv("KLAVIYO_PRIVATE_KEY")`)
            return Unknown(self.describe(call.node))
        return Unknown(self.describe(call.node if call.new else call.callee.node))

    def _called_function(self, call: ir.Call, site: Site) -> FunctionValue | None:
        """The project's own function a call calls (`helper(…)`, `self.helper(…)`, a function of
        a project module imported whole: `events.send(…)` after `import * as events`)."""
        if call.new:
            return None
        callee = ir.unwrapped(call.callee)
        if isinstance(callee, ir.Member) and isinstance(ir.unwrapped(callee.obj), ir.SelfRef):
            value = self.instance_attr(callee.name, site, ir.unwrapped(callee.obj).receiver)
        elif isinstance(callee, ir.Name):
            value = self.value_of(callee, site)
        elif isinstance(callee, ir.Member) and self.project is not None:  # `events.send(…)`
            target, method = self._callee(call, site)
            if isinstance(target, DictValue) and method in target.entries:  # `export default { send }`
                value = target.entries[method].value
            # a module's function: read the module only when its text shows calls a rule follows
            # (a project module of generated classes is otherwise loaded for every `models.X.from_dict(…)`)
            elif isinstance(target, ModuleRef) and self.module_makes_calls(target.qualname):
                value = self.imported(target.qualname)
            else:
                return None
        else:
            return None
        return value if isinstance(value, FunctionValue) else None

    def _callee(self, call: ir.Call, site: Site) -> tuple[Value, str | None]:
        """(what is called, None) for a function; (the receiver, the method name) for a method."""
        callee = ir.unwrapped(call.callee)
        if isinstance(callee, ir.Member):
            receiver = self.value_of(callee.obj, site)
            if isinstance(receiver, ModuleRef):
                return ModuleRef(f"{receiver.qualname}.{callee.name}"), None
            return receiver, callee.name
        value = self.value_of(callee, site)
        if isinstance(value, Unknown) and isinstance(callee, ir.Name):
            builtin = libraries.BUILTIN_CALLABLES.get(self.language, {}).get(callee.name)
            if builtin is not None:
                return ModuleRef(builtin), None
        return value, None

    def _call_arguments(self, call: ir.Call, site: Site) -> tuple[list[Value], dict[str, Value]]:
        """The values of the arguments, up to the first spread (past it, positions are unknown)."""
        positional: list[Value] = []
        keywords: dict[str, Value] = {}
        for item in call.arguments:
            if isinstance(item, ir.Spread):
                break
            if isinstance(item, ir.Keyword):
                keywords[item.name] = self.value_of(item.value, site)
            else:
                positional.append(self.value_of(item, site))
        return positional, keywords

    @staticmethod
    def _argument(call: ir.Call, position: int | None, keyword: str | None) -> ir.Expr | None:
        """The expression passed as ``keyword=`` or at ``position`` (never past a spread)."""
        if keyword is not None:
            for item in call.arguments:
                if isinstance(item, ir.Keyword) and item.name == keyword:
                    return item.value
        if position is not None:
            index = 0
            for item in call.arguments:
                if isinstance(item, (ir.Keyword, ir.Spread)):
                    return None
                if index == position:
                    return item
                index += 1
        return None

    def _nth(self, call: ir.Call, index: int, site: Site) -> Value | None:
        """The value of the ``index``-th argument as written (a keyword's or a spread's value too),
        None when there are not that many."""
        if index >= len(call.arguments):
            return None
        item = call.arguments[index]
        return self.value_of(item.value if isinstance(item, (ir.Keyword, ir.Spread)) else item, site)

    def reserialises(self, expr: ir.Expr | None) -> bool:
        """`json.dumps(…)` / `JSON.stringify(…)` (also `.encode()`d): JSON written again from
        parsed data."""
        expr = ir.unwrapped(expr)
        while isinstance(expr, ir.Call) and isinstance(ir.unwrapped(expr.callee), ir.Member) \
                and ir.unwrapped(expr.callee).name == "encode":
            expr = ir.unwrapped(ir.unwrapped(expr.callee).obj)
        if not isinstance(expr, ir.Call) or expr.new:
            return False
        callee, method = self._callee(expr, Site(self.root_scope, 1 << 62))
        return method is None and isinstance(callee, ModuleRef) and \
            self.canonical(callee.qualname) in libraries.JSON_SERIALISERS

    def _construct(self, qualname: str, call: ir.Call, site: Site, parent: ObjectValue | None = None) -> ObjectValue:
        """An object built by a known constructor, with what its arguments say."""
        obj = ObjectValue(qualname, call.node, site)
        spec = libraries.CONSTRUCTORS.get(qualname, _PLAIN)
        if spec.headers:
            obj.attrs["headers"] = DictValue()
        for attribute, position, keyword in spec.arguments:
            given = self._argument(call, position, keyword)
            if given is not None:
                obj.attrs[attribute] = self.value_of(given, site)
        if spec.message is not None and self.reserialises(self._argument(call, *spec.message)):
            obj.attrs["reserialised"] = UNKNOWN
        if parent is not None:
            obj.attrs.update(parent.attrs)
        if spec.options is not None:
            options = self._nth(call, spec.options, site)
            if isinstance(options, DictValue):
                for key, entry in options.entries.items():
                    obj.attrs[key] = entry.value
                if not options.complete:
                    obj.attrs["**"] = UNKNOWN
            elif options is not None:
                obj.attrs["**"] = UNKNOWN
        for item in call.arguments:
            if isinstance(item, ir.Keyword):
                obj.attrs[item.name] = self.value_of(item.value, site)
            elif isinstance(item, ir.Spread):
                obj.attrs["**"] = UNKNOWN
        return obj

    # --- library functions (libraries.FUNCTIONS); None: nothing known, the call is unknown ------

    def _dict_call(self, call: ir.Call, site: Site) -> Value | None:
        result = DictValue()
        for item in call.arguments:
            if isinstance(item, ir.Keyword):
                result.entries[item.name] = Entry(self.value_of(item.value, site), item.name_node, item.node)
            else:
                result = result.merged(self.value_of(item.value if isinstance(item, ir.Spread) else item, site))
        return result

    def _text_of(self, call: ir.Call, site: Site, kinds: tuple[type, ...] = (StrValue, DigestValue)) -> Value | None:
        inner = self._nth(call, 0, site)
        if inner is None:
            return None
        return inner if isinstance(inner, kinds) else Unknown(self.describe(call.node))

    def _text_or_number(self, call: ir.Call, site: Site) -> Value | None:
        return self._text_of(call, site, (StrValue, DigestValue, NumValue))

    def _path_join(self, call: ir.Call, site: Site) -> Value | None:
        if not call.arguments or any(isinstance(item, ir.Spread) for item in call.arguments):
            return None
        joined = _posix_join([self._nth(call, index, site) for index in range(len(call.arguments))])
        return joined if joined is not None else Unknown(self.describe(call.node))

    def _url_text(self, call: ir.Call, site: Site) -> Value | None:
        return self._text_of(call, site, (StrValue,))

    def _urljoin(self, call: ir.Call, site: Site) -> Value | None:
        if len(call.arguments) < 2:
            return None
        base, relative = self._nth(call, 0, site), self._nth(call, 1, site)
        if not isinstance(base, StrValue) or not isinstance(relative, StrValue):
            describe = self._describer(call.node)
            return as_str(base, describe) + as_str(relative, describe)  # type: ignore[arg-type]
        return resolve_url(base, relative)

    def _url_constructor(self, call: ir.Call, site: Site) -> Value | None:
        """`new URL(path, base)` resolves like urljoin."""
        target = self._nth(call, 0, site)
        if target is None:
            return None
        base = self._nth(call, 1, site)
        if isinstance(target, StrValue) and isinstance(base, StrValue):
            return resolve_url(base, target)
        return target if isinstance(target, StrValue) and base is None else Unknown(self.describe(call.node))

    def _encoded(self, call: ir.Call, site: Site, encoding: str | None) -> Value | None:
        inner = self._nth(call, 0, site)
        if inner is None:
            return None
        if not isinstance(inner, DigestValue):
            return UNKNOWN
        return replace(inner, encoding=encoding) if encoding else inner

    def _hmac_digest(self, call: ir.Call, site: Site) -> Value | None:
        algorithm = self._argument(call, 2, "digest")
        return DigestValue(libraries.hash_name(self.value_of(algorithm, site) if algorithm is not None else None),
                           "raw", self.reserialises(self._argument(call, 1, "msg")))

    def _first_argument(self, call: ir.Call, site: Site) -> Value | None:
        return self._nth(call, 0, site)

    def _environment(self, call: ir.Call, site: Site) -> Value | None:
        """`os.getenv("X", default)`: the visible default is what the code targets unless the
        environment says otherwise."""
        if len(call.arguments) < 2:
            return None
        default = self._nth(call, 1, site)
        return default if isinstance(default, StrValue) else Unknown(self.describe(call.node))

    # --- methods of values (libraries.METHODS) ---------------------------------------------------

    def _join_items(self, separator: Value, call: ir.Call, site: Site) -> Value | None:
        """`"/".join(parts)`."""
        assert isinstance(separator, StrValue)
        if separator.text is None or not call.arguments:
            return None
        items = self._nth(call, 0, site)
        if isinstance(items, ListValue) and items.complete:
            joined = join_parts(separator.text, items.items)
            if joined is not None:
                return joined
        return Unknown(self.describe(call.node))

    def _join_with(self, items: Value, call: ir.Call, site: Site) -> Value | None:
        """`parts.join("/")` (a comma by default)."""
        assert isinstance(items, ListValue)
        if not items.complete:
            return None
        separator = self._nth(call, 0, site) if call.arguments else StrValue((",",))
        if isinstance(separator, StrValue) and separator.text is not None:
            return join_parts(separator.text, items.items)
        return None

    def _str_format(self, template: Value, call: ir.Call, site: Site) -> Value | None:
        assert isinstance(template, StrValue)
        positional = [self.value_of(item, site) for item in call.arguments
                      if not isinstance(item, (ir.Keyword, ir.Spread))]
        keywords = {item.name: self.value_of(item.value, site) for item in call.arguments
                    if isinstance(item, ir.Keyword)}
        return str_format(template, positional, keywords, self._describer(call.node))

    def _copy(self, receiver: Value, call: ir.Call, site: Site) -> Value | None:
        assert isinstance(receiver, DictValue)
        return DictValue(dict(receiver.entries), receiver.complete)

    def _get(self, receiver: Value, call: ir.Call, site: Site) -> Value | None:
        assert isinstance(receiver, DictValue)
        key = self._nth(call, 0, site)
        if key is None:
            return None
        if isinstance(key, StrValue) and key.text in receiver.entries:
            return receiver.entries[key.text].value  # type: ignore[index]
        return UNKNOWN

    def _same(self, receiver: Value, call: ir.Call, site: Site) -> Value | None:
        return receiver

    def _digest(self, hmac: Value, call: ir.Call, site: Site, encoding: str | None = None) -> Value | None:
        assert isinstance(hmac, ObjectValue)
        if encoding is None:
            given = self._nth(call, 0, site)
            encoding = given.text.lower() if isinstance(given, StrValue) and given.text else "raw"
        return DigestValue(libraries.hash_name(hmac.attrs.get("algorithm")), encoding, "reserialised" in hmac.attrs)

    def _hex_digest(self, hmac: Value, call: ir.Call, site: Site) -> Value | None:
        return self._digest(hmac, call, site, "hex")

    def _hmac_update(self, hmac: Value, call: ir.Call, site: Site) -> Value | None:
        """`createHmac(…).update(msg)`: the same HMAC, noting a message of re-serialised JSON."""
        assert isinstance(hmac, ObjectValue)
        if call.arguments and self.reserialises(call.arguments[0]):  # type: ignore[arg-type]
            return ObjectValue(hmac.qualname, hmac.call, hmac.site, {**hmac.attrs, "reserialised": UNKNOWN})
        return hmac

    def _derive_client(self, client: Value, call: ir.Call, site: Site) -> Value | None:
        """`instance.create({...})` / `got.extend(...)` again: a client with the parent's settings."""
        assert isinstance(client, ObjectValue)
        return self._construct(client.qualname, call, site, parent=client)


_PLAIN = libraries.Constructor()


def _posix_join(items: list) -> StrValue | None:
    """`os.path.join(a, b)` as posixpath does it: no second slash after one, and a part that
    starts with one starts over."""
    if not items or not all(isinstance(item, StrValue) for item in items):
        return None
    result = items[0]
    for item in items[1:]:
        if item.prefix().startswith("/"):
            result = item
        elif result.text == "" or result.parts and isinstance(result.parts[-1], str) \
                and result.parts[-1].endswith("/"):
            result = result + item
        else:
            result = result + StrValue(("/",)) + item
    return result


def _receiver_kind(value: Value) -> str | None:
    if isinstance(value, StrValue):
        return "str"
    if isinstance(value, DictValue):
        return "dict"
    if isinstance(value, ListValue):
        return "list"
    if isinstance(value, DigestValue):
        return "digest"
    if isinstance(value, ObjectValue):
        return libraries.OBJECT_KINDS.get(value.qualname)
    return None


_EVALUATE: dict[type, Callable[[Evaluator, Any, Site], Value]] = {
    ir.Text: Evaluator._text, ir.Number: Evaluator._number, ir.Constant: Evaluator._constant,
    ir.Template: Evaluator._template, ir.Name: Evaluator._name, ir.SelfRef: Evaluator._name,
    ir.Member: Evaluator._member, ir.Index: Evaluator._index, ir.Call: Evaluator._call,
    ir.Mapping: Evaluator._mapping, ir.Sequence: Evaluator._sequence, ir.Binary: Evaluator._binary,
    ir.Choice: Evaluator._choice, ir.Fallback: Evaluator._fallback, ir.Negation: Evaluator._negation,
    ir.FunctionRef: Evaluator._function_ref, ir.Opaque: Evaluator._opaque,
    ir.Spread: lambda self, expr, site: UNKNOWN,
}

_FUNCTION_OPERATIONS: dict[str, Callable[[Evaluator, ir.Call, Site], Value | None]] = {
    "dict": Evaluator._dict_call, "text": Evaluator._text_of, "text-or-number": Evaluator._text_or_number,
    "path-join": Evaluator._path_join, "url-text": Evaluator._url_text, "urljoin": Evaluator._urljoin,
    "url-constructor": Evaluator._url_constructor,
    "encode-base64": lambda self, call, site: self._encoded(call, site, "base64"),
    "encode-hex": lambda self, call, site: self._encoded(call, site, "hex"),
    "buffer": lambda self, call, site: self._encoded(call, site, None),
    "hmac-digest": Evaluator._hmac_digest, "first-argument": Evaluator._first_argument,
    "environment": Evaluator._environment,
}

_METHOD_OPERATIONS: dict[str, Callable[[Evaluator, Value, ir.Call, Site], Value | None]] = {
    "join-items": Evaluator._join_items, "join-with": Evaluator._join_with, "str-format": Evaluator._str_format,
    "copy": Evaluator._copy, "get": Evaluator._get, "same": Evaluator._same, "digest": Evaluator._digest,
    "hex-digest": Evaluator._hex_digest, "hmac-update": Evaluator._hmac_update,
    "derive-client": Evaluator._derive_client,
}
