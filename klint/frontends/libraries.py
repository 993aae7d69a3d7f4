"""What klint knows about the libraries code calls, for every language in one place.

Keys are canonical qualified names (``Evaluator.canonical``: Python's as imported, `json.dumps`;
JS/TS's without `node:` and `.default`, `JSON.stringify`); the values name the operation the
evaluator (klint/frontends/evaluate.py) applies. Python and JS names never collide, so one table
serves both. Klaviyo's own SDKs are described in klint/klaviyo.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from klint.frontends.values import ModuleRef, StrValue, Value

# Functions whose result klint computes from their arguments: qualified name -> operation.
FUNCTIONS: dict[str, str] = {
    "builtins.dict": "dict",  # dict(a, k=v)
    "builtins.str": "text",  # str(x): a string or a digest stays what it is
    "String": "text-or-number",  # String(x): also a number
    "os.path.join": "path-join", "posixpath.join": "path-join",
    "yarl.URL": "url-text", "httpx.URL": "url-text", "furl.furl": "url-text",
    "urllib.parse.urljoin": "urljoin", "urlparse.urljoin": "urljoin",
    "URL": "url-constructor",  # new URL(path, base)
    "base64.b64encode": "encode-base64", "base64.urlsafe_b64encode": "encode-base64",
    "binascii.hexlify": "encode-hex",
    "Buffer.from": "buffer",
    "hmac.digest": "hmac-digest",  # hmac.digest(key, msg, digest)
    "json.dumps": "first-argument", "JSON.stringify": "first-argument",  # the data serialised
    "Headers": "first-argument",
    "os.getenv": "environment", "os.environ.get": "environment",  # the visible default
}

# The calls that give a digest (or encode one): where to look for HMAC digests.
DIGEST_CALLS = frozenset({"hexdigest", "digest", "b64encode", "urlsafe_b64encode", "hexlify"})

# Serialise data as JSON: an HMAC over it signs JSON written again, not the body as received.
JSON_SERIALISERS = frozenset({"json.dumps", "JSON.stringify"})

# Globals a language's code uses without importing them, as qualified names of their own.
GLOBALS: dict[str, frozenset[str]] = {
    "javascript": frozenset({"fetch", "crypto", "Object", "JSON", "String", "AbortSignal", "Headers", "URL",
                             "Buffer", "process"}),
}

# Names a language's calls may use without importing them, when nothing else binds them.
BUILTIN_CALLABLES: dict[str, dict[str, str]] = {
    "python": {"dict": "builtins.dict", "str": "builtins.str"},
}

# The kinds of objects built by constructors that have methods klint evaluates.
OBJECT_KINDS: dict[str, str] = {
    "hmac.new": "hmac", "hmac.HMAC": "hmac", "crypto.createHmac": "hmac",
    "axios.create": "client", "got.extend": "client",
}

_ANY = ("python", "javascript")
# Methods of values: (kind of receiver, method) -> (operation, the languages it has that meaning in)
METHODS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("str", "join"): ("join-items", ("python",)),  # "/".join(parts)
    ("str", "format"): ("str-format", ("python",)),
    ("str", "toString"): ("same", _ANY), ("str", "trim"): ("same", _ANY),
    ("dict", "copy"): ("copy", ("python",)),
    ("dict", "get"): ("get", ("python",)),  # an object literal's `get` is a property, not a lookup
    ("list", "join"): ("join-with", _ANY),  # parts.join("/")
    **{("digest", method): ("same", _ANY)
       for method in ("decode", "lower", "upper", "strip", "toString", "toLowerCase", "trim")},
    ("hmac", "hexdigest"): ("hex-digest", _ANY),
    ("hmac", "digest"): ("digest", _ANY),  # digest(): raw; digest("hex") / digest("base64")
    ("hmac", "update"): ("hmac-update", _ANY),  # createHmac(…).update(msg) chains
    ("client", "create"): ("derive-client", _ANY), ("client", "extend"): ("derive-client", _ANY),
}


@dataclass(frozen=True)
class Constructor:
    """How a known constructor's call becomes an object's attributes: its keyword arguments
    always; besides, ``arguments`` (attribute, position, keyword) when passed, the entries of an
    options object at ``options``, empty ``headers`` to start from, and for an HMAC whether the
    ``message`` argument (position, keyword) is JSON written again."""

    arguments: tuple[tuple[str, int | None, str | None], ...] = ()
    options: int | None = None
    headers: bool = False
    message: tuple[int, str] | None = None


# --- HTTP libraries ------------------------------------------------------------------------------

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")

# Module-level functions: canonical qualified name -> (library, verb); the verb picks the shape.
HTTP_FUNCTIONS: dict[str, tuple[str, str | None]] = {
    **{f"{module}.{verb}": ("requests", verb) for module in ("requests", "requests.api")
       for verb in (*HTTP_VERBS, "request")},
    **{f"httpx.{verb}": ("httpx", verb) for verb in (*HTTP_VERBS, "request", "stream")},
    "aiohttp.request": ("aiohttp", "request"),
    "urllib.request.urlopen": ("urllib", "urlopen"),
    "fetch": ("fetch", None), "node-fetch": ("fetch", None), "cross-fetch": ("fetch", None),
    "undici.fetch": ("fetch", None), "isomorphic-fetch": ("fetch", None),
    "axios": ("axios", None), "axios.request": ("axios", "request"),
    **{f"axios.{verb}": ("axios", verb) for verb in HTTP_VERBS},
    "got": ("got", None), **{f"got.{verb}": ("got", verb) for verb in HTTP_VERBS},
    **{f"superagent.{verb}": ("superagent", verb) for verb in (*HTTP_VERBS, "del")},
    **{f"{module}.{verb}": ("https", verb) for module in ("https", "http") for verb in ("request", "get")},
}
# Constructors of client objects -> library; the client's methods are its verbs.
HTTP_CLIENTS: dict[str, str] = {
    "requests.Session": "requests", "requests.session": "requests",
    "requests.sessions.Session": "requests",
    "httpx.Client": "httpx", "httpx.AsyncClient": "httpx",
    "aiohttp.ClientSession": "aiohttp",
    "http.client.HTTPSConnection": "http.client", "http.client.HTTPConnection": "http.client",
    "axios.create": "axios", "got.extend": "got",
}
# Objects that describe a whole request, passed to the function that sends it.
REQUEST_OBJECTS = frozenset({"urllib.request.Request"})


@dataclass(frozen=True)
class Slot:
    """Where a call writes one part of its request: ``key`` in the options (Python: a keyword
    argument; JS: a key of the options object), else the positional argument at ``position``."""

    position: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class HttpShape:
    """How one kind of call spells its request; of several slots the first one given wins.

    ``kind`` "arguments" reads the slots; "request-object" takes a request object or a URL
    (`urlopen`); "url-or-options" a URL or an options object with `host` and `path` (Node's
    `https.request`); "chain" the URL, then `.set()`, `.timeout()`, `.send()` calls chained on
    the result (superagent)."""

    url: tuple[Slot, ...] = (Slot(0, "url"),)
    method: tuple[Slot, ...] = ()  # none: the verb is the method
    default_method: str | None = None  # when the options do not name one
    options: int | None = None  # JS: the options object's position; None: the keyword arguments
    options_first: bool = False  # `axios(config)`: an object as first argument is the options
    headers: tuple[Slot, ...] = (Slot(None, "headers"),)
    body: tuple[Slot, ...] = ()
    params: tuple[Slot, ...] = ()
    timeout: tuple[Slot, ...] = (Slot(None, "timeout"),)
    kind: str = "arguments"


@dataclass(frozen=True)
class HttpLibrary:
    shapes: dict[str | None, HttpShape]  # verb -> shape ("*": any verb)
    client_methods: frozenset[str | None] = frozenset()  # what a client's calls may be (None: the client itself)
    base_url: str | None = None  # the option / client attribute holding a base URL
    host: str | None = None  # the client attribute holding a host to request https://host/path of
    client_headers_unseen: bool = False  # a client built out of sight may carry headers (a Session)
    throws_unless: str | None = None  # raises on 4xx/5xx unless this option is set (axios, got)
    default_timeout: "re.Pattern[str] | None" = None  # file text that gives every call a timeout


_PY_BODY = (Slot(None, "json"), Slot(None, "data"), Slot(None, "body"), Slot(None, "content"))
_PY_VERB = HttpShape(body=_PY_BODY, params=(Slot(None, "params"),))
_PY_METHOD_FIRST = HttpShape(url=(Slot(1, "url"),), method=(Slot(0, "method"),), body=_PY_BODY,
                             params=(Slot(None, "params"),))
_PY_CLIENT_METHODS = frozenset({*HTTP_VERBS, "request", "stream"})
_PY_SHAPES: dict[str | None, HttpShape] = {
    **{verb: _PY_VERB for verb in HTTP_VERBS}, "request": _PY_METHOD_FIRST, "stream": _PY_METHOD_FIRST}
_JS_BODY = (Slot(None, "body"), Slot(None, "json"), Slot(None, "data"))
_JS_TIMEOUT = (Slot(None, "signal"), Slot(None, "timeout"))
_JS_PARAMS = (Slot(None, "params"), Slot(None, "searchParams"))


def _js_shapes(body_verbs: tuple[str, ...], options_first: bool) -> dict[str | None, HttpShape]:
    """axios / got: `lib(url, options)` or `lib(options)`, `lib.request(…)`, `lib.get(url, options)`,
    `lib.post(url, body, options)` (axios only; got reads the body from the options)."""
    config = dict(url=(Slot(0), Slot(None, "url")) if options_first else (Slot(0),), method=(Slot(None, "method"),),
                  options=1, options_first=options_first, body=_JS_BODY, params=_JS_PARAMS, timeout=_JS_TIMEOUT)
    return {
        None: HttpShape(**config, default_method="GET"),  # type: ignore[arg-type]
        "request": HttpShape(**config),  # type: ignore[arg-type]
        **{verb: HttpShape(url=(Slot(0),), options=2 if verb in body_verbs else 1,
                           body=((Slot(1),) if verb in body_verbs else ()) + _JS_BODY, params=_JS_PARAMS,
                           timeout=_JS_TIMEOUT) for verb in HTTP_VERBS},
    }


HTTP_LIBRARIES: dict[str, HttpLibrary] = {
    "requests": HttpLibrary(_PY_SHAPES, _PY_CLIENT_METHODS, base_url="base_url", client_headers_unseen=True),
    "httpx": HttpLibrary(_PY_SHAPES, _PY_CLIENT_METHODS, base_url="base_url"),
    "aiohttp": HttpLibrary(_PY_SHAPES, _PY_CLIENT_METHODS, base_url="base_url"),
    # conn.request(method, url, body, headers), against the connection's host
    "http.client": HttpLibrary({"request": HttpShape(
        url=(Slot(1, "url"),), method=(Slot(0, "method"),), headers=(Slot(3, "headers"),),
        body=(Slot(None, "json"), Slot(2, "data"), Slot(None, "body"), Slot(None, "content")),
        params=(Slot(None, "params"),))}, frozenset({"request"}), host="host"),
    "urllib": HttpLibrary({"urlopen": HttpShape(timeout=(Slot(2, "timeout"),), kind="request-object")}),
    "fetch": HttpLibrary({None: HttpShape(url=(Slot(0),), method=(Slot(None, "method"),), default_method="GET",
                                          options=1, body=(Slot(None, "body"),), timeout=(Slot(None, "signal"),))}),
    "axios": HttpLibrary(_js_shapes(("post", "put", "patch"), True), frozenset({*HTTP_VERBS, "request", None}),
                         base_url="baseURL", throws_unless="validateStatus",
                         default_timeout=re.compile(r"\.defaults\.timeout\s*=|\.defaults\s*=")),
    "got": HttpLibrary(_js_shapes((), True), frozenset({*HTTP_VERBS, "request", None}),
                       base_url="prefixUrl", throws_unless="throwHttpErrors"),
    # The timeout is left unjudged: `req.setTimeout(…)` on the returned request is the usual way.
    "https": HttpLibrary({"*": HttpShape(kind="url-or-options")}),
    "superagent": HttpLibrary({"*": HttpShape(url=(Slot(0),), kind="chain")}),
}
# superagent's chained calls: method -> the part of the request it sets
CHAIN_LINKS = {"set": "headers", "timeout": "timeout", "send": "body"}

CONSTRUCTORS: dict[str, Constructor] = {
    **{name: Constructor(headers=library == "requests") for name, library in HTTP_CLIENTS.items()
       if library in ("requests", "httpx", "aiohttp")},
    "http.client.HTTPSConnection": Constructor(arguments=(("host", 0, None),)),
    "http.client.HTTPConnection": Constructor(arguments=(("host", 0, None),)),
    "urllib.request.Request": Constructor(arguments=(("url", 0, "url"), ("data", 1, "data"))),
    "hmac.new": Constructor(arguments=(("algorithm", 2, "digestmod"),), message=(1, "msg")),
    "hmac.HMAC": Constructor(arguments=(("algorithm", 2, "digestmod"),), message=(1, "msg")),
    "crypto.createHmac": Constructor(arguments=(("algorithm", 0, None),)),  # createHmac(algorithm, key)
    "axios.create": Constructor(options=0),  # axios.create({baseURL, headers, timeout})
    "got.extend": Constructor(options=0),
}


def hash_name(value: Value | None) -> str | None:
    """`hashlib.sha256`, `"sha256"`, `"SHA-256"` → "sha256"; None when unknown."""
    if isinstance(value, ModuleRef) and value.qualname.startswith("hashlib."):
        return value.qualname.rsplit(".", 1)[-1].lower()
    if isinstance(value, StrValue) and value.text:
        return value.text.lower().replace("-", "")
    return None
