"""Static values shared by the Python and JS/TS front ends.

A value is what klint could work out about an expression without running it: a string (maybe
with unknown holes), a number, a dict/object with the keys it can see, a list, an imported name,
an object built by a constructor klint knows, an HMAC digest, or Unknown. ``nodes`` and the
``*_node`` fields point back at syntax-tree nodes (LibCST or tree-sitter) to report at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Union


@dataclass(frozen=True)
class Hole:
    """An unknown part of a string; ``hint`` is the source text it came from (``api_key``)."""

    hint: str = ""


# Budgets for evaluated strings: code can build strings that double at every step
# (`a1 = f"{a0}{a0}"`, …); past these a string keeps its known prefix and ends in a hole.
MAX_STRING_CHARS = 4096
MAX_STRING_PARTS = 256
MAX_STRING_NODES = 64
_TOO_LONG = Hole("…")


@dataclass(frozen=True)
class StrValue:
    parts: tuple[Union[str, Hole], ...]
    nodes: tuple[Any, ...] = ()  # the literals it was built from

    def __post_init__(self) -> None:
        if len(self.parts) > MAX_STRING_PARTS or sum(
                len(part) for part in self.parts if isinstance(part, str)) > MAX_STRING_CHARS:
            kept: list[Union[str, Hole]] = []
            room = MAX_STRING_CHARS
            for part in self.parts[:MAX_STRING_PARTS - 1]:
                if isinstance(part, str):
                    if len(part) > room:
                        kept.append(part[:room])
                        break
                    room -= len(part)
                kept.append(part)
            object.__setattr__(self, "parts", (*kept, _TOO_LONG))
        if len(self.nodes) > MAX_STRING_NODES:
            object.__setattr__(self, "nodes", self.nodes[:MAX_STRING_NODES])

    @property
    def text(self) -> str | None:
        return "".join(self.parts) if all(isinstance(p, str) for p in self.parts) else None  # type: ignore[arg-type]

    def prefix(self) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, Hole):
                break
            out.append(part)
        return "".join(out)

    def holes(self) -> list[Hole]:
        return [part for part in self.parts if isinstance(part, Hole)]

    def __add__(self, other: "StrValue") -> "StrValue":
        return StrValue(self.parts + other.parts, self.nodes + other.nodes)


@dataclass(frozen=True)
class Unknown:
    hint: str = ""


@dataclass(frozen=True)
class NumValue:
    value: Union[int, float]
    node: Any


@dataclass
class Entry:
    value: "Value"
    key_node: Any | None
    value_node: Any | None


@dataclass
class DictValue:
    entries: dict[str, Entry] = field(default_factory=dict)
    complete: bool = True  # False: keys may exist that we cannot see (**spread, unknown update)

    def find(self, key: str, ignore_case: bool = False) -> Entry | None:
        if not ignore_case:
            return self.entries.get(key)
        for name, entry in self.entries.items():
            if name.lower() == key.lower():
                return entry
        return None

    def merged(self, other: "Value") -> "DictValue":
        """This dict updated with ``other`` (a later source wins)."""
        result = DictValue(dict(self.entries), self.complete)
        if isinstance(other, DictValue):
            result.entries.update(other.entries)
            result.complete = result.complete and other.complete
        else:
            result.complete = False
        return result


@dataclass
class ListValue:
    items: list["Value"]
    complete: bool = True


@dataclass
class ModuleRef:
    """An imported module, function or class, by qualified name."""

    qualname: str


@dataclass
class ObjectValue:
    """An object built by a constructor klint knows (``requests.Session()``, ``KlaviyoAPI(…)``)."""

    qualname: str
    call: Any
    site: Any
    attrs: dict[str, "Value"] = field(default_factory=dict)

    @property
    def short_name(self) -> str:
        return self.qualname.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class OneOf:
    """A value that may be any of several (`A if c else B`, a ternary, `if`/`else` assignments):
    rules judge each alternative, and an unknown one makes the whole unknown to them."""

    options: tuple["Value", ...]


def one_of(options: "list[Value]") -> "Value":
    """The alternatives flattened and de-duplicated; a single one stands for itself."""
    flat: list[Value] = []
    for option in options:
        for inner in option.options if isinstance(option, OneOf) else (option,):
            if inner not in flat:
                flat.append(inner)
    if not flat:
        return UNKNOWN
    return flat[0] if len(flat) == 1 else OneOf(tuple(flat))


def fallback(left: "Value", right: "Callable[[], Value]") -> "Value":
    """`x or default`, `x || default`, `x ?? default`: a known string is what is used; when the
    left side cannot be known here (an environment variable, a parameter) the visible default
    is what the code targets."""
    if isinstance(left, StrValue):
        return left
    if isinstance(left, (Unknown, ModuleRef)):  # ModuleRef: `process.env.X`
        default = right()
        if isinstance(default, StrValue):
            return default
    return UNKNOWN


def alternatives(value: "Value | None") -> "list[Value]":
    """Every value ``value`` may be (itself, unless it is a OneOf)."""
    if value is None:
        return []
    return list(value.options) if isinstance(value, OneOf) else [value]


@dataclass(frozen=True)
class FunctionValue:
    """A function or method defined in the file: calling it evaluates its return value with the
    call's arguments bound to its parameters."""

    scope: Any  # the function's Scope
    model: Any = field(default=None, compare=False)  # the model of the module that defines it


@dataclass(frozen=True)
class ClassValue:
    """A class defined in the project: calling it builds an object whose attributes are the
    class's own defaults (`klaviyo_base_url: str = "https://…"` in a settings class)."""

    scope: Any  # the class's Scope
    model: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class CaughtError:
    """The error an `except … as e` / `catch (err)` / `.catch(err => …)` catches from ``source``
    (the syntax node of the `try` body or the promise): everything that fails in there."""

    source: Any


@dataclass(frozen=True)
class DigestValue:
    """The output of an HMAC (``hmac.new(…).hexdigest()``): compare it in constant time.
    What is known of how it was made: the hash (``sha256``), the encoding (``hex``, ``base64``,
    ``raw``) and whether the signed message is JSON serialised again from a parsed body."""

    algorithm: str | None = None
    encoding: str | None = None
    reserialised: bool = False


Value = Union[StrValue, Unknown, NumValue, DictValue, ListValue, ModuleRef, ObjectValue, DigestValue,
              FunctionValue, ClassValue, CaughtError, OneOf]
UNKNOWN = Unknown()


def node_key(node: Any) -> object:
    """A stable identity for a syntax node: tree-sitter hands out a new wrapper on every access."""
    return (node.start_byte, node.end_byte, node.type) if hasattr(node, "start_byte") else id(node)


def as_str(value: Value, describe: "Callable[[], str]") -> StrValue:
    """A value as (part of) a string: unknown values become a Hole named by their source text."""
    if isinstance(value, StrValue):
        return value
    if isinstance(value, NumValue):
        return StrValue((str(value.value),))
    return StrValue((Hole(value.hint if isinstance(value, Unknown) and value.hint else describe()),))


def resolve_url(base: StrValue, relative: StrValue) -> StrValue:
    """RFC 3986 resolution as far as the known parts allow (`urljoin`, `new URL(path, base)`)."""
    prefix = relative.prefix()
    if "://" in prefix:
        return relative
    if prefix.startswith("/") and base.text is not None:
        origin = re.match(r"^[a-z]+://[^/]+", base.text)
        if origin:
            return StrValue((origin.group(),)) + relative
    if base.text is not None and not base.text.endswith("/"):
        return StrValue((base.text.rsplit("/", 1)[0] + "/",), base.nodes) + relative
    return base + relative


def join_base_url(base: Value, url: Value, describe: "Callable[[], str]") -> Value:
    """The URL a client with a base URL requests (httpx ``base_url``, axios ``baseURL``, got
    ``prefixUrl``, aiohttp ``base_url``): an absolute URL wins; otherwise the base, one slash,
    and the path without its leading slashes, as those libraries join them. An unknown path
    still keeps the base, so the host is known."""
    if isinstance(url, StrValue) and "://" in url.prefix():
        return url
    if not isinstance(base, StrValue):
        return UNKNOWN
    path = as_str(url, describe)
    first = path.parts[0] if path.parts else ""
    if isinstance(first, str):
        path = StrValue((first.lstrip("/"), *path.parts[1:]), path.nodes)
    if base.text is None:
        return base + StrValue(("/",)) + path
    return StrValue((base.text.rstrip("/") + "/",), base.nodes) + path


def join_parts(separator: str, items: list[Value]) -> StrValue | None:
    """`"/".join([...])`: a string when every item is one."""
    if not all(isinstance(item, StrValue) for item in items):
        return None
    result = StrValue(())
    for index, item in enumerate(items):
        if index:
            result = result + StrValue((separator,))
        result = result + item  # type: ignore[operator]
    return result


def _substitute(template: StrValue, pattern: "re.Pattern[str]", value_for: "Callable[[re.Match[str]], Value | str]",
                describe: "Callable[[], str]") -> StrValue:
    """``template`` with each match of ``pattern`` replaced by ``value_for(match)`` (a value, or
    literal text); a template with holes keeps them and ends in one."""
    if template.text is None:
        return StrValue((*template.parts, Hole()), template.nodes)
    parts: list[Union[str, Hole]] = []
    position = 0
    for match in pattern.finditer(template.text):
        parts.append(template.text[position:match.start()])
        position = match.end()
        value = value_for(match)
        if isinstance(value, str):
            parts.append(value)
        else:
            parts.extend(as_str(value, describe).parts)
    parts.append(template.text[position:])
    return StrValue(tuple(parts), template.nodes)


_PERCENT_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def percent_format(template: StrValue, values: list[Value], describe: "Callable[[], str]") -> StrValue:
    """`"%s/%s" % (a, b)`."""
    remaining = iter(values)
    return _substitute(template, _PERCENT_RE,
                       lambda match: "%" if match.group() == "%%" else next(remaining, UNKNOWN), describe)


_FORMAT_FIELD_RE = re.compile(r"\{([^{}]*)\}")


def str_format(template: StrValue, args: list[Value], kwargs: dict[str, Value],
               describe: "Callable[[], str]") -> StrValue:
    """`"{}/{name}".format(a, name=b)`."""
    automatic = iter(args)

    def field(match: "re.Match[str]") -> Value:
        name = match.group(1).split(":")[0].split("!")[0]
        if name == "":
            return next(automatic, UNKNOWN)
        if name.isdigit():
            return args[int(name)] if int(name) < len(args) else UNKNOWN
        return kwargs.get(name, Unknown(name))

    return _substitute(template, _FORMAT_FIELD_RE, field, describe)


# --- records both front ends produce for the rules ------------------------------------------


@dataclass
class HttpCall:
    """A raw HTTP request, with what could be resolved about it."""

    node: Any
    site: Any
    library: str
    method: str | None  # "GET", "POST"…, None if unknown
    url: Value  # StrValue when (partly) known, base URL applied
    headers: Value  # DictValue (call headers over client headers) or Unknown
    timeout: Value | None  # None: no timeout given anywhere; Unknown: cannot tell
    params: Value | None
    body: Value | None
    conflict_handled: bool = False  # inside a try/catch that deals with 409 Conflict
    # Seen through a helper: the raw call inside a function, evaluated with the arguments of a
    # call of that function (reported at ``node``, the helper's call site).
    via_helper: bool = False
    in_loop: bool = False  # runs once per item of a collection (not a literal one of a few items)
    helper_raw: "HttpCall | None" = None  # for a call seen through a helper: the raw call in it
    throws_on_error_status: bool = False  # a 4xx/5xx answer raises before the code sees it (axios, got)


@dataclass
class SdkCall:
    """A call of a Klaviyo SDK method: `client.Profiles.create_profile(body)`."""

    node: Any
    site: Any
    group: str
    method: str
    body: Value | None
    conflict_handled: bool = False  # inside a try/catch that deals with 409 Conflict
    in_loop: bool = False  # runs once per item of a collection
    via_helper: bool = False  # the SDK call inside a helper, with this call's arguments
