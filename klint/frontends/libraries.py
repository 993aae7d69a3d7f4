"""What klint knows about the libraries code calls, for every language in one place.

Keys are canonical qualified names (``Evaluator.canonical``: Python's as imported, `json.dumps`;
JS/TS's without `node:` and `.default`, `JSON.stringify`); the values name the operation the
evaluator (klint/frontends/evaluate.py) applies. Python and JS names never collide, so one table
serves both. Klaviyo's own SDKs are described in klint/klaviyo.py.
"""

from __future__ import annotations

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

# Serialise data as JSON: an HMAC over it signs JSON written again, not the body as received.
JSON_SERIALISERS = frozenset({"json.dumps", "JSON.stringify"})

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


# HTTP libraries: module-level functions and client constructors -> library.
HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
PYTHON_HTTP_FUNCTIONS: dict[str, str] = {
    **{f"requests.{verb}": "requests" for verb in (*HTTP_VERBS, "request")},
    **{f"requests.api.{verb}": "requests" for verb in (*HTTP_VERBS, "request")},
    **{f"httpx.{verb}": "httpx" for verb in (*HTTP_VERBS, "request", "stream")},
    "aiohttp.request": "aiohttp",
    "urllib.request.urlopen": "urllib",
}
PYTHON_HTTP_CLIENTS: dict[str, str] = {
    "requests.Session": "requests", "requests.session": "requests",
    "requests.sessions.Session": "requests",
    "httpx.Client": "httpx", "httpx.AsyncClient": "httpx",
    "aiohttp.ClientSession": "aiohttp",
    "http.client.HTTPSConnection": "http.client", "http.client.HTTPConnection": "http.client",
}
JS_HTTP_FUNCTIONS: dict[str, tuple[str, str | None]] = {
    "fetch": ("fetch", None), "node-fetch": ("fetch", None), "cross-fetch": ("fetch", None),
    "undici.fetch": ("fetch", None), "isomorphic-fetch": ("fetch", None),
    "axios": ("axios", None), "axios.request": ("axios", "request"),
    **{f"axios.{verb}": ("axios", verb) for verb in HTTP_VERBS},
    "got": ("got", None), **{f"got.{verb}": ("got", verb) for verb in HTTP_VERBS},
    **{f"superagent.{verb}": ("superagent", verb) for verb in (*HTTP_VERBS, "del")},
    **{f"{module}.{verb}": ("node-http", verb) for module in ("https", "http") for verb in ("request", "get")},
}

CONSTRUCTORS: dict[str, Constructor] = {
    **{name: Constructor(headers=library == "requests") for name, library in PYTHON_HTTP_CLIENTS.items()
       if library != "http.client"},
    "http.client.HTTPSConnection": Constructor(arguments=(("host", 0, None),)),
    "http.client.HTTPConnection": Constructor(arguments=(("host", 0, None),)),
    "urllib.request.Request": Constructor(),
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
