"""Raw HTTP requests, for every language: which calls send one and what they send, read from the
shapes of klint/frontends/libraries.py (HTTP_FUNCTIONS, HTTP_CLIENTS, HTTP_LIBRARIES) over the
lowered call (klint/frontends/expressions.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from klint.frontends import expressions as ir
from klint.frontends import libraries
from klint.frontends.libraries import HttpLibrary, HttpShape, Slot
from klint.frontends.values import (
    UNKNOWN, DictValue, Entry, HttpCall, ModuleRef, ObjectValue, StrValue, Value, as_str, join_base_url,
)

if TYPE_CHECKING:
    from klint.frontends.evaluate import Evaluator


def http_call(sem: "Evaluator", handle: Any) -> HttpCall | None:
    """The request the call ``handle`` sends, or None when it is not a known HTTP call."""
    call = sem.lower(handle.node)
    if not isinstance(call, ir.Call) or call.new:
        return None
    target, method = sem._callee(call, handle.site)
    client: ObjectValue | None = None
    if method is None and isinstance(target, ModuleRef):
        known = libraries.HTTP_FUNCTIONS.get(sem.canonical(target.qualname))
        if known is None:
            return None
        name, verb = known
    elif isinstance(target, ObjectValue) and target.qualname in libraries.HTTP_CLIENTS:
        name, verb, client = libraries.HTTP_CLIENTS[target.qualname], method, target
        if verb not in libraries.HTTP_LIBRARIES[name].client_methods:
            return None
    else:
        return None
    library = libraries.HTTP_LIBRARIES[name]
    shape = library.shapes.get(verb, library.shapes.get("*"))
    if shape is None:
        return None
    return _Reader(sem, call, handle, name, verb).read(library, shape, client)


class _Reader:
    """One call read against one shape."""

    def __init__(self, sem: "Evaluator", call: ir.Call, handle: Any, library: str, verb: str | None) -> None:
        self.sem, self.call, self.node, self.site = sem, call, handle.node, handle.site
        self.library, self.verb = library, verb
        self.options: DictValue | None = DictValue()  # None: options klint cannot see
        self.positional = True  # False: the options took the first argument's place

    def value(self, expr: ir.Expr | None) -> Value | None:
        return self.sem.value_of(expr, self.site) if expr is not None else None

    def slot(self, slot: Slot) -> Value | None:
        """The value written in ``slot``, None when the call does not give it."""
        if slot.key is not None and self.options is not None and slot.key in self.options.entries:
            return self.options.entries[slot.key].value
        if slot.position is not None and self.positional:
            return self.value(self.sem._argument(self.call, slot.position, None))
        return None

    def first(self, slots: tuple[Slot, ...]) -> Value | None:
        for slot in slots:
            found = self.slot(slot)
            if found is not None:
                return found
        return None

    def nth(self, index: int) -> Value | None:
        return self.sem._nth(self.call, index, self.site)

    def describe(self) -> Callable[[], str]:
        return lambda: self.sem.describe(self.node)

    def make(self, method: str | None, url: Value, headers: Value, timeout: Value | None, params: Value | None,
             body: Value | None, throws: bool = False) -> HttpCall:
        return HttpCall(self.node, self.site, self.library, method, url, headers, timeout, params, body,
                        throws_on_error_status=throws)

    def read(self, library: HttpLibrary, shape: HttpShape, client: ObjectValue | None) -> HttpCall:
        if shape.kind == "request-object":
            return self.request_object()
        if shape.kind == "url-or-options":
            return self.url_or_options()
        if shape.kind == "chain":
            return self.chain(shape)
        return self.arguments(library, shape, client)

    def verb_method(self) -> str | None:
        return self.verb.upper() if self.verb in libraries.HTTP_VERBS else None

    def arguments(self, library: HttpLibrary, shape: HttpShape, client: ObjectValue | None) -> HttpCall:
        if shape.options is None:  # Python: the keyword arguments, `**kwargs` hiding more of them
            self.options = DictValue({item.name: Entry(self.sem.value_of(item.value, self.site), None, None)
                                      for item in self.call.arguments if isinstance(item, ir.Keyword)},
                                     not any(isinstance(item, ir.Spread) and item.mapping
                                             for item in self.call.arguments))
        else:
            first = self.nth(0) if shape.options_first else None
            if isinstance(first, DictValue):
                self.options, self.positional = first, False
            else:
                given = self.nth(shape.options)
                self.options = given if isinstance(given, DictValue) else (DictValue() if given is None else None)
        url = self.first(shape.url) or UNKNOWN
        body = self.first(shape.body)
        if not shape.method:
            method = self.verb_method()
        else:
            named = self.first(shape.method) if self.options is not None else None
            method = _method_text(named) if named is not None else (
                shape.default_method if self.options is not None else None)
        if self.options is None:
            return self.make(method, url, UNKNOWN, UNKNOWN, None, body)
        options = self.options
        headers = self.first(shape.headers) or DictValue(complete=options.complete)
        timeout = self.first(shape.timeout)
        if timeout is None and (not options.complete or (
                library.default_timeout is not None and library.default_timeout.search(self.sem.file_text()))):
            timeout = UNKNOWN
        base = options.entries[library.base_url].value if library.base_url in options.entries else None
        if client is not None:
            if base is None and library.base_url is not None:
                base = client.attrs.get(library.base_url)
            client_headers = client.attrs.get("headers")
            if client_headers is None:
                client_headers = UNKNOWN if library.client_headers_unseen else DictValue(complete="**" not in client.attrs)
            headers = client_headers.merged(headers) if isinstance(client_headers, DictValue) else (
                headers.merged(UNKNOWN) if isinstance(headers, DictValue) else UNKNOWN)
            if timeout is None:
                keys = [slot.key for slot in shape.timeout if slot.key in client.attrs]
                if keys or "**" in client.attrs:
                    timeout = client.attrs[keys[0]] if keys else UNKNOWN
            if library.host is not None:
                host = client.attrs.get(library.host)
                url = StrValue(("https://",)) + host + as_str(url, self.describe()) \
                    if isinstance(host, StrValue) else UNKNOWN
        if base is not None:
            url = join_base_url(base, url, self.describe())
        throws = library.throws_unless is not None and options.complete and \
            library.throws_unless not in options.entries and (client is None or (
                library.throws_unless not in client.attrs and "**" not in client.attrs))
        return self.make(method, url, headers, timeout, self.first(shape.params), body, throws)

    def request_object(self) -> HttpCall:
        """`urlopen(url_or_request, data, timeout)`: a Request object says the URL, method,
        headers and body; a URL is a GET, or a POST with `data`."""
        target = self.value(self.sem._argument(self.call, 0, "url")) or UNKNOWN
        timeout = self.value(self.sem._argument(self.call, 2, "timeout"))
        if isinstance(target, ObjectValue) and target.qualname in libraries.REQUEST_OBJECTS:
            method = _method_text(target.attrs["method"]) if isinstance(target.attrs.get("method"), StrValue) else None
            return self.make(method or ("POST" if "data" in target.attrs else "GET"), target.attrs.get("url", UNKNOWN),
                             target.attrs.get("headers", DictValue()), timeout, None, target.attrs.get("data", UNKNOWN))
        method = "POST" if self.sem._argument(self.call, 1, "data") is not None else "GET"
        return self.make(method, target, DictValue(), timeout, None, None)

    def url_or_options(self) -> HttpCall:
        """`https.request(url[, options])` or `https.request({hostname, path, method, headers})`."""
        first, url = self.nth(0), UNKNOWN
        options: Value = DictValue(complete=False)  # options klint cannot see: headers unknown
        if isinstance(first, StrValue):
            url, second = first, self.nth(1)
            options = second if isinstance(second, DictValue) else DictValue(complete=second is None)
        elif isinstance(first, DictValue):
            options = first
            host = first.entries.get("hostname") or first.entries.get("host")
            path = first.entries.get("path")
            if host is not None and isinstance(host.value, StrValue):
                described = self.call.arguments[0]
                url = StrValue(("https://",)) + host.value + (
                    as_str(path.value, lambda: self.sem.describe(described.node)) if path is not None
                    else StrValue(("/",)))
        assert isinstance(options, DictValue)
        method = _method_text(options.entries["method"].value) if "method" in options.entries else (
            "GET" if options.complete else None)
        headers = options.entries["headers"].value if "headers" in options.entries else DictValue(
            complete=options.complete)
        return self.make(method, url, headers, UNKNOWN, None, None)

    def chain(self, shape: HttpShape) -> HttpCall:
        """`superagent.post(url).set(headers).timeout(ms).send(body)`: the whole chain."""
        url = self.first(shape.url) or UNKNOWN
        headers = DictValue()
        parts: dict[str, Value | None] = {"timeout": None, "body": None}
        for name, link in self.sem.call_chain(self.node):
            part = libraries.CHAIN_LINKS.get(name)
            items = link.arguments
            values = [self.sem.value_of(item, self.site) if not isinstance(item, (ir.Spread, ir.Keyword)) else UNKNOWN
                      for item in items]
            if part == "headers" and len(values) == 2 and isinstance(values[0], StrValue) and values[0].text:
                headers.entries[values[0].text] = Entry(values[1], items[0].node, items[1].node)
            elif part == "headers":
                headers = headers.merged(values[0] if values else UNKNOWN)
            elif part == "timeout":
                parts["timeout"] = values[0] if values else UNKNOWN
            elif part == "body":
                parts["body"] = values[0] if values else None
        return self.make(self.verb_method(), url, headers, parts["timeout"], None, parts["body"])


def _method_text(value: Value) -> str | None:
    return value.text.upper() if isinstance(value, StrValue) and value.text else None

