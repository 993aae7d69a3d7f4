"""Scopes, binding events and the name resolution both semantic models share.

A front end's recorder fills each scope with events in source order; ``Resolver`` answers "what
is this name at this point": the last binding before the point (in the scope itself) or anywhere
(in an enclosing scope, whose code has run by the time a function is called), with the later
mutations applied, else a parameter, else the enclosing scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from klint.frontends.values import DigestValue, ModuleRef, NumValue, StrValue, Unknown, Value

_IMMUTABLE = (StrValue, NumValue, Unknown, ModuleRef, DigestValue)


@dataclass
class Event:
    seq: int
    kind: str  # assign | import | unknown | setitem | update | update-call | augadd | mount | attr-assign
    scope: "Scope"
    value: Any = None  # a syntax node
    key: Any = None  # a syntax node, or a plain name for `h.revision = …`
    attr: str | None = None  # the sub-attribute mutated: `s.headers.update(…)` → "headers"
    qualname: str | None = None  # for imports


@dataclass(eq=False)
class Scope:
    kind: str  # module | class | function (program and method too, for JS)
    node: Any
    parent: "Scope | None"
    events: dict[str, list[Event]] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)  # name -> the parameter node / its type
    owner_class: "Scope | None" = None  # for methods: the class whose `self` this is
    instance_events: dict[str, list[Event]] = field(default_factory=dict)  # class: self.X


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
            assigns = [event for event in events if event.kind in ("assign", "unknown", "import")]
            if len(assigns) == 1 and assigns[0].kind == "assign" and assigns[0].value is not None:
                yield name, assigns[0].value, Site(assigns[0].scope, assigns[0].seq)

    def lookup(self, name: str, site: Site) -> Value:
        scope: Scope | None = site.scope
        while scope is not None:
            limit = site.seq if scope is site.scope else None
            events = [e for e in scope.events.get(name, ()) if limit is None or e.seq < limit]
            if events:
                return self._from_events(events, name)
            if name in scope.params:
                return self._param_value(name, scope.params[name], scope)
            scope = scope.parent
        return self._unbound(name)

    _memo: dict

    def _from_events(self, events: list[Event], name: str) -> Value:
        """A name's value after ``events``. Immutable results are remembered per binding, so a
        name used many times (or strings built from strings, level upon level) costs one
        evaluation."""
        memo = self.__dict__.setdefault("_memo", {})
        key = (id(events[0].scope) if events else 0, name, events[-1].seq if events else 0)
        known = memo.get(key)
        if known is not None:
            return known
        value = self._evaluate_events(events, name)
        if isinstance(value, _IMMUTABLE):
            memo[key] = value
        return value

    def _evaluate_events(self, events: list[Event], name: str) -> Value:
        base_index = next((i for i in range(len(events) - 1, -1, -1)
                           if events[i].kind in ("assign", "import", "unknown")), None)
        if base_index is None:
            return Unknown(name)
        base = events[base_index]
        if base.kind == "import":
            value: Value = ModuleRef(base.qualname or name)
        elif base.kind == "unknown" or base.value is None:
            return Unknown(name)
        else:
            value = self.evaluate(base.value, Site(base.scope, base.seq))
        for event in events[base_index + 1:]:
            value = self._apply(value, event)
        return value

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
