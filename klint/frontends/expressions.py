"""The language-neutral expressions every code front end lowers its syntax into.

A front end turns one syntax node (a LibCST node, a tree-sitter node, …) into one of these, on
first evaluation and once per node (``Evaluator.lower``); ``klint.frontends.evaluate`` works out
their values once for every language. Each node keeps ``node``, the syntax node it was lowered
from: findings are placed at it, fixes edit around it and the holes of a string are named by its
source text. Children are lowered expressions too, except where a fix needs the syntax node
itself (a mapping's keys and values, a keyword's name), which is kept beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Union


@dataclass(frozen=True, eq=False)
class Text:
    """A string literal: ``"a"``, ``'a'``, ``b"a"``."""

    value: str
    node: Any


@dataclass(frozen=True, eq=False)
class Number:
    value: Union[int, float]
    node: Any


@dataclass(frozen=True, eq=False)
class Constant:
    """``None``, ``True``, ``null``, ``undefined``, …: unknown, named by its spelling."""

    name: str
    node: Any


@dataclass(frozen=True, eq=False)
class Interpolation:
    """One ``{…}`` / ``${…}`` of a template. ``verbatim``: the value's text is spliced as it is
    (False with a format spec or a conversion, `f"{x!r}"`, `f"{x:>10}"`)."""

    expression: "Expr"
    node: Any  # the expression as written, to name the hole it leaves
    verbatim: bool = True


@dataclass(frozen=True, eq=False)
class Template:
    """An f-string or a template literal: text and interpolations in order."""

    parts: tuple[Union[str, Interpolation], ...]
    node: Any


@dataclass(frozen=True, eq=False)
class Name:
    name: str
    node: Any


@dataclass(frozen=True, eq=False)
class SelfRef:
    """The receiver of a method: Python's ``self`` / ``cls``, JS's ``this``. ``receiver`` is how
    an unknown attribute of it is named (``self.x``, ``this.x``)."""

    name: str
    receiver: str
    node: Any


@dataclass(frozen=True, eq=False)
class Member:
    """``obj.name``."""

    obj: "Expr"
    name: str
    node: Any


@dataclass(frozen=True, eq=False)
class Index:
    """``obj[key]``; ``key`` None for a slice or several subscripts."""

    obj: "Expr"
    key: "Expr | None"
    node: Any


@dataclass(frozen=True, eq=False)
class Spread:
    """``*items`` / ``**mapping`` / ``...items`` in a call, a mapping or a sequence; ``mapping``:
    it spreads keys (``**kwargs``, ``{...options}``), not positions."""

    value: "Expr"
    node: Any
    mapping: bool = False


@dataclass(frozen=True, eq=False)
class Keyword:
    """``name=value`` in a call; ``name_node`` is the keyword as written, ``node`` the value's."""

    name: str
    value: "Expr"
    name_node: Any
    node: Any


@dataclass(frozen=True, eq=False)
class Call:
    """``callee(arguments…)`` or ``new callee(arguments…)``: the arguments in order, positional
    ones as expressions, with spreads and keywords among them. They are lowered on first use
    (``lower_arguments``): most calls are only asked what they call."""

    callee: "Expr"
    node: Any
    new: bool = False
    lower_arguments: Callable[[], tuple[Union["Expr", Spread, Keyword], ...]] = field(default=tuple, repr=False)

    @cached_property
    def arguments(self) -> tuple[Union["Expr", Spread, Keyword], ...]:
        return self.lower_arguments()


@dataclass(frozen=True, eq=False)
class Entry:
    """``key: value`` of a mapping; ``key_node`` / ``value_node`` are the syntax nodes as written
    (what fixes rename and remove), ``value_node`` None for a method."""

    key: "Expr"
    value: "Expr"
    key_node: Any
    value_node: Any


@dataclass(frozen=True, eq=False)
class Mapping:
    """A dict or object literal: entries and spreads in order."""

    entries: tuple[Union[Entry, Spread], ...]
    node: Any


@dataclass(frozen=True, eq=False)
class Sequence:
    """A list, tuple or array literal."""

    items: tuple[Union["Expr", Spread], ...]
    node: Any


@dataclass(frozen=True, eq=False)
class Binary:
    """``left <op> right`` for the operators values are built with: ``+`` (strings, numbers),
    ``%`` (printf-style formatting) and ``|`` (dict union)."""

    operator: str
    left: "Expr"
    right: "Expr"
    node: Any


@dataclass(frozen=True, eq=False)
class Choice:
    """``a if c else b`` / ``c ? a : b``: either."""

    consequence: "Expr"
    alternative: "Expr"
    node: Any


@dataclass(frozen=True, eq=False)
class Fallback:
    """``a or b`` / ``a || b`` / ``a ?? b``."""

    left: "Expr"
    right: "Expr"
    node: Any


@dataclass(frozen=True, eq=False)
class Negation:
    """``-operand``."""

    operand: "Expr"
    node: Any


@dataclass(frozen=True, eq=False)
class FunctionRef:
    """A function written as an expression (an arrow function, a function expression)."""

    node: Any


@dataclass(frozen=True, eq=False)
class Wrapper:
    """What only wraps an expression: parentheses of their own, ``await``, TypeScript's
    ``as`` / ``satisfies`` / ``!`` / ``<T>``. Its value is the inner expression's."""

    inner: "Expr"
    node: Any


@dataclass(frozen=True, eq=False)
class Opaque:
    """An expression klint does not evaluate; its value is Unknown(``hint``)."""

    hint: str
    node: Any


@dataclass(frozen=True, eq=False)
class Deferred:
    """A child of an expression nested too deep to lower in one go: lowered when evaluated."""

    node: Any


Expr = Union[Text, Number, Constant, Template, Name, SelfRef, Member, Index, Call, Mapping, Sequence, Binary,
             Choice, Fallback, Negation, FunctionRef, Wrapper, Opaque, Deferred]


def unwrapped(expr: Any) -> Any:
    """The expression inside any wrappers."""
    while isinstance(expr, Wrapper):
        expr = expr.inner
    return expr
