"""Scopes, binding events and the name resolution both semantic models share.

A front end's recorder fills each scope with events in source order; ``Resolver`` answers "what
is this name at this point": the last binding before the point (in the scope itself) or anywhere
(in an enclosing scope, whose code has run by the time a function is called), with the later
mutations applied, else a parameter, else the enclosing scope.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

from klint.frontends.values import (
    UNKNOWN, CaughtError, ClassValue, DictValue, DigestValue, Entry, FunctionValue, HttpCall, ListValue, ModuleRef,
    NumValue, ObjectValue, OneOf, StrValue, Unknown, Value, one_of,
)

MAX_HELPER_DEPTH = 3  # helpers calling helpers: how many levels a raw call is followed up
# A loop over a literal collection of at most this many items is a few calls, not a per-item sync.
FEW_ITEMS = 5

_IMMUTABLE = (StrValue, NumValue, Unknown, ModuleRef, DigestValue)
_BINDINGS = ("assign", "import", "unknown", "function", "class", "loop-item", "caught")


@dataclass
class Event:
    seq: int
    kind: str  # assign | import | unknown | function | class | loop-item | caught | setitem | update | update-call | augadd | mount
    scope: "Scope"
    value: Any = None  # a syntax node
    key: Any = None  # a syntax node, a plain name for `h.revision = …` (setitem), or a loop item's path
    attr: str | None = None  # the sub-attribute mutated: `s.headers.update(…)` → "headers"
    qualname: str | None = None  # for imports
    function: "Scope | None" = None  # for function and class definitions
    # The `if` arms the event is in, outermost first: (the if statement's identity, arm index);
    # arm 1 is the `else` (or the `elif` chain that follows).
    arms: tuple[tuple[Any, int], ...] = ()


@dataclass(eq=False)
class Scope:
    kind: str  # module | class | function (program and method too, for JS)
    node: Any
    parent: "Scope | None"
    events: dict[str, list[Event]] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)  # name -> the parameter node / its type
    owner_class: "Scope | None" = None  # for methods: the class whose `self` this is
    instance_events: dict[str, list[Event]] = field(default_factory=dict)  # class: self.X
    returns: list[tuple[Any, int]] = field(default_factory=list)  # (returned expression, seq)
    receiver_param: bool = False  # the first parameter is the receiver (Python's `self`)


@dataclass(frozen=True)
class Site:
    """A point in the program: the scope it is in and its position in source order."""

    scope: Scope
    seq: int


class Resolver:
    """The shared half of a semantic model; subclasses evaluate their own syntax."""

    def evaluate(self, node: Any, site: Site) -> Value:
        raise NotImplementedError

    def _apply(self, value: Value, event: Event) -> Value:
        raise NotImplementedError

    def _param_value(self, name: str, param: Any, scope: Scope) -> Value:
        return Unknown(name)

    def _unbound(self, name: str) -> Value:
        return Unknown(name)

    root_scope: Scope  # the module (Python) or program (JS/TS)

    def constants(self):
        """(name, value node, site) of names bound exactly once at the top level."""
        for name, events in self.root_scope.events.items():
            assigns = [event for event in events if event.kind in _BINDINGS]
            if len(assigns) == 1 and assigns[0].kind == "assign" and assigns[0].value is not None:
                yield name, assigns[0].value, Site(assigns[0].scope, assigns[0].seq)

    _bindings: list  # (function scope, {parameter: value}) for the calls being evaluated

    def lookup(self, name: str, site: Site) -> Value:
        scope: Scope | None = site.scope
        mutations: list[Event] = []  # of an outer name, in inner scopes, innermost last
        while scope is not None:
            limit = site.seq if scope is site.scope else None
            events = [e for e in scope.events.get(name, ()) if limit is None or e.seq < limit]
            if events and not any(event.kind in _BINDINGS for event in events):
                # `config.data = …` in a handler: the module's `config` with this change
                mutations[:0] = events
                scope = scope.parent
                continue
            if events:
                value = self._from_events(events, name)
                for event in mutations:
                    value = self._apply(value, event)
                return value
            if name in scope.params:
                for bound_scope, values in reversed(self.__dict__.get("_bindings", ())):
                    if bound_scope is scope and name in values:
                        return values[name]
                return self._param_value(name, scope.params[name], scope)
            scope = scope.parent
        value = self._unbound(name)
        for event in mutations:
            value = self._apply(value, event)
        return value

    # --- calls of the file's own functions ---------------------------------------------------

    @contextmanager
    def bound(self, function: Scope, positional: list[Value], keywords: dict[str, Value]) -> Iterator[None]:
        """Evaluate inside ``function`` as called with these arguments."""
        names = list(function.params)[1 if function.receiver_param else 0:]
        values = dict(zip(names, positional))
        values.update((name, value) for name, value in keywords.items() if name in function.params)
        stack = self.__dict__.setdefault("_bindings", [])
        stack.append((function, values))
        try:
            yield
        finally:
            stack.pop()

    def _in_call(self, function: Scope) -> bool:
        return any(scope is function for scope, _ in self.__dict__.get("_bindings", ()))

    def call_function(self, function: FunctionValue, positional: list[Value], keywords: dict[str, Value]) -> Value:
        """The value a call of the project's own function returns: its one return expression,
        evaluated with the arguments bound (a few levels deep, never recursively)."""
        if function.model is not None and function.model is not self:
            return function.model.call_function(function, positional, keywords)
        scope = function.scope
        if len(scope.returns) != 1 or self._in_call(scope) or \
                len(self.__dict__.get("_bindings", ())) >= MAX_HELPER_DEPTH:
            return UNKNOWN
        expression, seq = scope.returns[0]
        with self.bound(scope, positional, keywords):
            return self.evaluate(expression, Site(scope, seq))

    def construct(self, cls: ClassValue) -> Value:
        """An instance of a project class: its class-level defaults as attributes."""
        if cls.model is not None and cls.model is not self:
            return cls.model.construct(cls)
        obj = ObjectValue("project.object", None, None)
        end = Site(cls.scope, 1 << 62)
        for name in sorted(cls.scope.events):
            obj.attrs[name] = self.lookup(name, end)
        for name in sorted(cls.scope.instance_events):  # `self.x = …` / class fields
            obj.attrs[name] = self._from_events(cls.scope.instance_events[name], name)
        return obj

    # --- other modules of the project --------------------------------------------------------

    project: Any = None  # the ProjectIndex; None when the file is read alone

    def imported(self, qualname: str) -> Value:
        """What an imported name is: a value, function or class of a project module (read through
        the project index), else a reference to a package by its qualified name."""
        located = self.locate_module(qualname) if self.project is not None else None
        if located is None:
            return ModuleRef(qualname)
        path, attributes = located
        model = self.project.model_for(path, attributes[0] if attributes else None)
        if model is None:
            return ModuleRef(qualname)
        if not attributes:
            return ModuleRef(qualname)  # the module itself: its attributes resolve on access
        resolving = self.project.resolving
        if (path, attributes[0]) in resolving:  # `from b import B as A` / `from a import A as B`
            return Unknown(qualname)
        resolving.add((path, attributes[0]))
        try:
            value = model.export(attributes[0])
        finally:
            resolving.discard((path, attributes[0]))
        for attribute in attributes[1:]:
            value = _member_of(value, attribute)
        # Its literals are in the other module: findings about it are placed where this file
        # uses it, and no fix edits this file at the other file's offsets.
        return _rehome(value, None)

    def export(self, name: str) -> Value:
        """What this module gives an importer for ``name`` (its top-level binding)."""
        return self.lookup(name, Site(self.root_scope, 1 << 62))

    def locate_module(self, qualname: str) -> tuple[Any, list[str]] | None:
        """(the project file an import names, the attribute path inside it), or None when the
        import is not a module of the project. Front ends implement their language's rules."""
        return None

    # Raw calls seen through helpers. ``kind`` is "http" (raw HTTP requests, made by the front
    # end's ``_http_call``) or "sdk" (Klaviyo SDK calls, ``_sdk_call``); both are records with
    # ``node``, ``site``, ``via_helper`` and ``in_loop``.

    def calls_of_kind(self, kind: str) -> list[Any]:
        """The raw calls of a kind, then the same calls seen through the helpers they are in."""
        return [call for _, call in self.raw_calls(kind)] + self.through_helpers(kind)

    def raw_calls(self, kind: str) -> list[tuple[Any, Any]]:
        """(call handle, record) of every raw call of a kind, made once per model."""
        cache = self.__dict__.setdefault("_raw_calls", {})
        if kind not in cache:
            cache[kind] = []  # an import cycle back into this module sees none, not a loop
            cache[kind] = [(handle, made) for handle in self.calls  # type: ignore[attr-defined]
                           for made in [self._make(kind, handle)] if made is not None]
        return cache[kind]

    def through_helpers(self, kind: str) -> list[Any]:
        """Raw calls inside functions, seen again from each call of the function with its
        arguments: `self._request("POST", "events", payload)` is a POST to …/events with that
        body. Helpers that call helpers are followed up to MAX_HELPER_DEPTH levels; a call the
        arguments change nothing in is not repeated at its callers."""
        derived: list[Any] = []
        for handle, raw in self.raw_calls(kind):
            for call in self._via_callers(handle, [], 1, kind):
                if _differs(call, raw):
                    derived.append(replace(call, helper_raw=raw) if kind == "http" else call)
        derived.extend(self._via_imported_helpers(kind))
        return derived

    def _make(self, kind: str, handle: Any) -> Any:
        made = self._http_call(handle) if kind == "http" else self._sdk_call(handle)
        if made is not None:
            made.in_loop = handle.in_loop
            made.conflict_handled = self.conflict_handled(handle)
        return made

    def raw_calls_in(self, function: Scope, kind: str) -> list[tuple[Any, Any]]:
        """(call handle, raw call) made directly inside ``function``."""
        return [(handle, call) for handle, call in self.raw_calls(kind)
                if _function_of(handle.site.scope) is function]

    def _via_imported_helpers(self, kind: str) -> list[Any]:
        """Calls of a helper another module of the project exports (`klaviyoFetch("profiles/",
        body)`), seen as the raw call inside it with this call's arguments."""
        if self.project is None:
            return []
        found = []
        for call in self.calls:  # type: ignore[attr-defined]
            function = self.called_function(call)
            if function is None or function.model is None or function.model is self:
                continue
            owner = function.model
            positional, keywords = self.call_arguments(call)
            for handle, raw, chain in owner.reached_from(function.scope, kind):
                with owner.bound(function.scope, positional, keywords):
                    made = owner._evaluate_through(handle, chain, kind)
                if made is None or not _differs(made, raw):
                    continue
                parts = ("url", "headers", "timeout", "params", "body") if kind == "http" else ("body",)
                extra = {"helper_raw": _rehome(raw, None)} if kind == "http" else {}
                found.append(replace(made, node=call.node, site=call.site, via_helper=True, in_loop=call.in_loop,
                                     **extra, **{part: _rehome(getattr(made, part), call.node) for part in parts}))
        return found

    def reached_from(self, function: Scope, kind: str) -> list[tuple[Any, Any, list[Any]]]:
        """(call handle, raw call, chain) of the raw calls ``function`` makes: directly (an empty
        chain), or through the helpers it calls in this module (the calls leading there,
        innermost first, the outermost one in ``function``), up to MAX_HELPER_DEPTH levels."""
        reached = [(handle, raw, []) for handle, raw in self.raw_calls_in(function, kind)]
        for handle, raw in self.raw_calls(kind):
            for chain in self._caller_chains(handle, [], 1):
                if _function_of(chain[-1].site.scope) is function:
                    reached.append((handle, raw, chain))
        return reached

    def _caller_chains(self, raw: Any, chain: list[Any], depth: int) -> list[list[Any]]:
        """Every chain of calls, innermost first, that leads to the function ``raw`` is in."""
        innermost = chain[-1] if chain else raw
        function = _function_of(innermost.site.scope)
        if function is None or depth > MAX_HELPER_DEPTH:
            return []
        chains = []
        for caller in self.callers_of(function):
            outer = [*chain, caller]
            chains.append(outer)
            chains.extend(self._caller_chains(raw, outer, depth + 1))
        return chains

    def _via_callers(self, raw: Any, chain: list[Any], depth: int, kind: str) -> list[Any]:
        innermost = chain[-1] if chain else raw
        function = _function_of(innermost.site.scope)
        if function is None or not function.params or depth > MAX_HELPER_DEPTH:
            return []
        found = []
        for caller in self.callers_of(function):
            outer = [*chain, caller]
            made = self._evaluate_through(raw, outer, kind)
            if made is None:
                continue
            found.append(replace(made, node=caller.node, site=caller.site, via_helper=True,
                                 in_loop=caller.in_loop))
            found.extend(self._via_callers(raw, outer, depth + 1, kind))
        return found

    def _evaluate_through(self, raw: Any, chain: list[Any], kind: str) -> Any:
        """``raw`` re-evaluated with each call of ``chain`` (innermost first) binding the
        parameters of the function it calls, outermost first."""
        if not chain:
            return self._make(kind, raw)
        caller = chain[-1]
        function = self.called_function(caller)
        if function is None:
            return None
        positional, keywords = self.call_arguments(caller)
        with self.bound(function.scope, positional, keywords):
            return self._evaluate_through(raw, chain[:-1], kind)

    def callers_of(self, function: Scope) -> list[Any]:
        """The calls of ``function`` in the file (indexed once, on first use)."""
        index = self.__dict__.get("_callers")
        if index is None:
            index = self.__dict__["_callers"] = {}
            for call in self.calls:  # type: ignore[attr-defined]
                called = self.called_function(call)
                if called is not None:
                    index.setdefault(id(called.scope), []).append(call)
        return index.get(id(function), [])

    # Front ends provide these for the call handles they record.
    def _http_call(self, call: Any) -> HttpCall | None:
        raise NotImplementedError

    def _sdk_call(self, call: Any) -> Any:
        raise NotImplementedError

    def conflict_handled(self, call: Any) -> bool:
        """Is the call inside a try/catch that deals with 409 Conflict?"""
        raise NotImplementedError

    def called_function(self, call: Any) -> FunctionValue | None:
        raise NotImplementedError

    def call_arguments(self, call: Any) -> tuple[list[Value], dict[str, Value]]:
        raise NotImplementedError

    _memo: dict

    def _from_events(self, events: list[Event], name: str) -> Value:
        """A name's value after ``events``. Immutable results are remembered per binding, so a
        name used many times (or strings built from strings, level upon level) costs one
        evaluation."""
        if self.__dict__.get("_bindings"):  # inside a call the same binding may differ per call
            return self._evaluate_events(events, name)
        memo = self.__dict__.setdefault("_memo", {})
        key = (id(events[0].scope) if events else 0, name, events[-1].seq if events else 0)
        known = memo.get(key)
        if known is not None:
            return known
        value = self._evaluate_events(events, name)
        if isinstance(value, _IMMUTABLE):
            memo[key] = value
        return value

    exhaustive_ifs: set  # identities of the `if` statements that have an `else`

    def _evaluate_events(self, events: list[Event], name: str) -> Value:
        base_index = next((i for i in range(len(events) - 1, -1, -1)
                           if events[i].kind in _BINDINGS), None)
        if base_index is None:
            return Unknown(name)
        branches = self._branch_bindings(events, base_index)
        if not branches:
            return self._binding_value(events, base_index, name, lambda event: True)
        outer_if = events[base_index].arms[0][0]
        values = []
        for index in branches:
            arms = events[index].arms

            def on_this_path(event: Event, arms=arms) -> bool:
                """Mutations in the same arm as the binding, or after the `if`."""
                return event.arms[:len(arms)] == arms or not event.arms or event.arms[0][0] != outer_if

            values.append(self._binding_value(events, index, name, on_this_path))
        return one_of(values)

    def _binding_value(self, events: list[Event], index: int, name: str, applies) -> Value:
        """The value bound at ``events[index]`` with the later mutations that ``applies`` to."""
        base = events[index]
        if base.kind == "function" and base.function is not None:
            value: Value = FunctionValue(base.function, self)
        elif base.kind == "class" and base.function is not None:
            value = ClassValue(base.function, self)
        elif base.kind == "import":
            value = self.imported(base.qualname or name)
        elif base.kind == "unknown" or base.value is None:
            return Unknown(name)
        elif base.kind == "caught":
            value = CaughtError(base.value)
        elif base.kind == "loop-item":
            value = self._loop_item(self.evaluate(base.value, Site(base.scope, base.seq)), base.key)
        else:
            value = self.evaluate(base.value, Site(base.scope, base.seq))
        for event in events[index + 1:]:
            if event.kind not in _BINDINGS and applies(event):
                value = self._apply(value, event)
        return value

    @staticmethod
    def _loop_item(iterable: Value, path: tuple[int, ...]) -> Value:
        """What a loop over a literal collection binds: any of its items (``path`` picks inside
        unpacked tuples); unknown for anything but a fully known list."""
        if not isinstance(iterable, ListValue) or not iterable.complete or not iterable.items:
            return UNKNOWN
        picked = []
        for item in iterable.items:
            for index in path:
                item = item.items[index] if isinstance(item, ListValue) and index < len(item.items) else UNKNOWN
            picked.append(item)
        return one_of(picked)

    def _branch_bindings(self, events: list[Event], base_index: int) -> list[int]:
        """When the binding at ``base_index`` is in an arm of an `if`, the indexes of the
        bindings that may hold instead: those in the other arms, and the one before each
        enclosing `if` (unless that `if` has an `else` and both arms bind); [] when it is not in
        a branch."""
        base = events[base_index]
        if not base.arms:
            return []
        exhaustive = self.__dict__.get("exhaustive_ifs", ())
        chosen = [base_index]
        covered: dict[Any, set[int]] = {}  # if statement -> its arms that bind
        for if_id, arm in base.arms:
            covered.setdefault(if_id, set()).add(arm)
        depth = len(base.arms)  # bindings before the `if` at this depth still count
        for index in range(base_index - 1, -1, -1):
            event = events[index]
            if event.kind not in _BINDINGS:
                continue
            shared = _shared_prefix(event.arms, base.arms)
            if shared < len(event.arms):  # inside an `if` arm the base is not in
                # another arm of an `if` on the way to the base, or an earlier `if` that may
                # or may not have run: either way its binding may be the one that holds
                if shared < depth and not any(_same_arm_path(events[i].arms, event.arms) for i in chosen) \
                        and not _rebound_on_every_path(event.arms, [events[i].arms for i in chosen], exhaustive):
                    chosen.append(index)
                    if shared < len(base.arms) and event.arms[shared][0] == base.arms[shared][0]:
                        covered[event.arms[shared][0]].add(event.arms[shared][1])
                continue
            if shared >= depth:  # replaced by a later binding on the way to the base
                continue
            inner_if = base.arms[shared][0]
            if not (covered.get(inner_if) == {0, 1} and inner_if in exhaustive):
                chosen.append(index)  # the `if` at this depth may not run, or not bind
            depth = shared
            if depth == 0:
                break
        return sorted(chosen) if len(chosen) > 1 else []

    def instance_attr(self, name: str, site: Site, receiver: str) -> Value:
        """`self.x` / `this.x`: assigned on the instance anywhere in the class, or a class attribute."""
        owner = site.scope.owner_class
        if owner is None:
            return Unknown(f"{receiver}.{name}")
        events = owner.instance_events.get(name)
        if events:
            return self._from_events(events, f"{receiver}.{name}")
        class_events = owner.events.get(name)
        if class_events:
            return self._from_events(class_events, name)
        return Unknown(f"{receiver}.{name}")


def _function_of(scope: Scope | None) -> Scope | None:
    while scope is not None and scope.kind != "function":
        scope = scope.parent
    return scope


def _shared_prefix(left: tuple, right: tuple) -> int:
    count = 0
    for a, b in zip(left, right):
        if a != b:
            break
        count += 1
    return count


def _rebound_on_every_path(arms: tuple, later: list[tuple], exhaustive) -> bool:
    """Whether an `if` with an `else`, directly inside the arm ``arms``, binds again in both of
    its arms (``later``: the arms of the later bindings): the binding in ``arms`` cannot hold."""
    bound: dict[Any, set[int]] = {}
    for other in later:
        if len(other) == len(arms) + 1 and other[:len(arms)] == arms:
            bound.setdefault(other[-1][0], set()).add(other[-1][1])
    return any(covered == {0, 1} and if_id in exhaustive for if_id, covered in bound.items())


def _same_arm_path(left: tuple, right: tuple) -> bool:
    """Two bindings in the same arm: the later one replaces the earlier."""
    return left == right


def class_attribute(cls: ClassValue, attribute: str) -> Value:
    """`ClassName.ATTRIBUTE` (a class-level binding; a method is a function)."""
    model = cls.model
    if model is None or attribute not in cls.scope.events:
        return Unknown(attribute)
    return model.lookup(attribute, Site(cls.scope, 1 << 62))


def _member_of(value: Value, attribute: str) -> Value:
    """`value.attribute` for values from another module."""
    if isinstance(value, ClassValue):
        return class_attribute(value, attribute)
    if isinstance(value, ModuleRef):
        return ModuleRef(f"{value.qualname}.{attribute}")
    if isinstance(value, ObjectValue):
        return value.attrs.get(attribute, Unknown(attribute))
    if isinstance(value, DictValue) and attribute in value.entries:
        return value.entries[attribute].value
    return Unknown(attribute)


def _rehome(value: Any, node: Any) -> Any:
    """A value read in another module, with every syntax node it points at replaced by ``node``
    (the call in this file; None: no node, so findings fall back to this file's own nodes)."""
    if isinstance(value, StrValue):
        return StrValue(value.parts, (node,) if value.nodes and node is not None else ())
    if isinstance(value, NumValue):
        return NumValue(value.value, node)
    if isinstance(value, DictValue):
        return DictValue({key: Entry(_rehome(entry.value, node), node if entry.key_node is not None else None,
                                     node if entry.value_node is not None else None)
                          for key, entry in value.entries.items()}, value.complete)
    if isinstance(value, ListValue):
        return ListValue([_rehome(item, node) for item in value.items], value.complete)
    if isinstance(value, OneOf):
        return OneOf(tuple(_rehome(option, node) for option in value.options))
    if isinstance(value, ObjectValue):
        return ObjectValue(value.qualname, None, None, {k: _rehome(v, node) for k, v in value.attrs.items()})
    return value


def _differs(derived: Any, raw: Any) -> bool:
    """Did the caller's arguments change what the call sends (else the raw call says it all)?"""
    parts = ("url", "method", "headers", "timeout", "params", "body") if isinstance(raw, HttpCall) else ("body",)
    return any(getattr(derived, part) != getattr(raw, part) for part in parts)
