from __future__ import annotations

from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DictValue, NumValue, StrValue, Unknown
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import klaviyo_calls, semantics, span
from klint.rules.fixing import SAFE, make_fix

# Libraries whose default is to wait forever (httpx defaults to 5 s, aiohttp to 5 min).
_NO_DEFAULT_TIMEOUT = frozenset({"requests", "urllib", "http.client", "fetch", "axios", "got", "superagent"})
_HOW = {"fetch": "pass signal: AbortSignal.timeout(ms)", "axios": "set timeout (ms)",
        "got": "set timeout: {request: ms}", "superagent": "call .timeout(ms)"}


class RequestWithoutTimeout(Rule):
    """
    ## What it does
    Finds raw Klaviyo calls that can wait forever: `requests`, `urllib.request.urlopen` and
    `http.client` calls with no `timeout` (on the call, or on the connection for `http.client`),
    and any call with an explicit `timeout=None`. A session with a mounted adapter, or a call
    with `**kwargs`, may carry a timeout and is not reported. `httpx` (5 s) and `aiohttp`
    (5 min) have default timeouts.

    ## Why is this bad?
    `requests` waits forever by default. One stalled connection to Klaviyo blocks a worker, a
    cron job or a web request indefinitely.

    ## Example
    ```python
    requests.post("https://a.klaviyo.com/api/events/", json=body, headers=headers)
    ```

    ## Use instead
    ```python
    requests.post("https://a.klaviyo.com/api/events/", json=body, headers=headers, timeout=10)
    ```

    ## Fix safety
    Where no timeout is given, the fix adds one: `timeout=10` (requests, urllib),
    `signal: AbortSignal.timeout(10000)` (fetch) or `timeout: 10000` (axios), in an options
    literal written in the call or as a new last argument. It is **safe**: a healthy Klaviyo
    call answers in well under ten seconds, and one that does not was a hang. An explicit
    `timeout=None` / `timeout: 0` is left to its author, as are got, superagent and
    http.client (whose timeout belongs on the connection).
    """

    code = "KL011"
    name = "request-without-timeout"
    summary = "A raw Klaviyo call has no timeout and can hang forever."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("reliability",)

    VALID = [
        Valid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=10)\n'),
        Valid('import httpx\nhttpx.get("https://a.klaviyo.com/api/lists/")\n', note="httpx default 5 s"),
        Valid('import requests\ns = requests.Session()\ns.mount("https://", TimeoutAdapter(10))\n'
              's.get("https://a.klaviyo.com/api/lists/")\n', note="adapter may set the timeout"),
        Valid('import requests\ndef f(**kw):\n    requests.get("https://a.klaviyo.com/api/lists/", **kw)\n'),
        Valid('import http.client\nc = http.client.HTTPSConnection("a.klaviyo.com", timeout=5)\n'
              'c.request("GET", "/api/lists/")\n'),
        Valid('import requests\nrequests.get("https://example.com/api/lists/")  # klaviyo\n'),

        Valid('await fetch("https://a.klaviyo.com/api/lists/", { signal: AbortSignal.timeout(5000) });\n',
              filename="a.ts"),
        Valid('import axios from "axios";\nconst api = axios.create({ baseURL: "https://a.klaviyo.com", timeout: 5000 });\n'
              'api.get("/api/lists/");\n', filename="a.ts", note="instance timeout"),
        Valid('import axios from "axios";\naxios.get("https://a.klaviyo.com/api/lists/", config);\n',
              filename="a.ts", note="config cannot be resolved"),
        Valid('import axios from "axios";\naxios.defaults.timeout = 10000;\n'
              'axios.get("https://a.klaviyo.com/api/lists/");\n', filename="a.js", note="a global default"),
    ]
    INVALID = [
        Invalid('import axios from "axios";\naxios.get("https://a.klaviyo.com/api/lists/", { headers: H, timeout: undefined });\n', filename="a.js",
                line=2, column=1, end_line=2, end_column=82,
                message="timeout=undefined waits forever for Klaviyo; give a time limit"),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/")\n',
                line=2, column=1, end_line=2, end_column=49,
                message="requests call to Klaviyo has no timeout and can hang forever; pass timeout=<seconds>",
                fixed=('import requests\n'
                       'requests.get("https://a.klaviyo.com/api/lists/", timeout=10)\n')),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=None)\n',
                line=2, column=1, end_line=2, end_column=63,
                message="timeout=None waits forever for Klaviyo; give a time limit"),
        Invalid('import httpx\nhttpx.get("https://a.klaviyo.com/api/lists/", timeout=None)\n',
                line=2, column=1, end_line=2, end_column=60,
                message="timeout=None waits forever for Klaviyo; give a time limit"),
        Invalid('import urllib.request\nurllib.request.urlopen("https://a.klaviyo.com/api/lists/")\n',
                line=2, column=1, end_line=2, end_column=59,
                message="urllib call to Klaviyo has no timeout and can hang forever; pass timeout=<seconds>",
                fixed=('import urllib.request\n'
                       'urllib.request.urlopen("https://a.klaviyo.com/api/lists/", timeout=10)\n')),
        Invalid('import http.client\nc = http.client.HTTPSConnection("a.klaviyo.com")\n'
                'c.request("GET", "/api/lists/")\n',
                line=3, column=1, end_line=3, end_column=32,
                message="http.client call to Klaviyo has no timeout and can hang forever; pass timeout=<seconds>"),

        Invalid('await fetch("https://a.klaviyo.com/api/lists/", { headers });\n', filename="a.ts",
                line=1, column=7, end_line=1, end_column=61,
                message="fetch call to Klaviyo has no timeout and can hang forever; pass signal: AbortSignal.timeout(ms)",
                fixed='await fetch("https://a.klaviyo.com/api/lists/", { headers, signal: AbortSignal.timeout(10000) });\n'),
        Invalid('import axios from "axios";\naxios.post("https://a.klaviyo.com/api/events/", body);\n', filename="a.js",
                line=2, column=1, end_line=2, end_column=54,
                message="axios call to Klaviyo has no timeout and can hang forever; set timeout (ms)",
                fixed=('import axios from "axios";\n'
                       'axios.post("https://a.klaviyo.com/api/events/", body, { timeout: 10000 });\n')),
        Invalid('import axios from "axios";\naxios.get("https://a.klaviyo.com/api/lists/", { timeout: 0 });\n', filename="a.js",
                line=2, column=1, end_line=2, end_column=62,
                message="axios timeout 0 means no timeout; give a time limit"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for call, _url in klaviyo_calls(ctx):
            timeout = call.timeout
            if isinstance(timeout, Unknown) and timeout.hint in ("None", "null", "undefined"):
                yield Report(span(ctx, call.node),
                             f"timeout={timeout.hint} waits forever for Klaviyo; give a time limit")
            elif isinstance(timeout, NumValue) and timeout.value == 0 and call.library == "axios":
                yield Report(span(ctx, call.node), "axios timeout 0 means no timeout; give a time limit")
            elif timeout is None and call.library in _NO_DEFAULT_TIMEOUT:
                yield Report(span(ctx, call.node),
                             f"{call.library} call to Klaviyo has no timeout and can hang forever; "
                             f"{_HOW.get(call.library, 'pass timeout=<seconds>')}", fix=_timeout_fix(ctx, call))


def _timeout_fix(ctx: FileContext, call):
    sem = semantics(ctx)
    if call.library in ("requests", "urllib"):
        return make_fix("add timeout=10", SAFE, sem.add_argument(call.node, "10", keyword="timeout"))
    if call.library == "fetch":
        return _options_fix(sem, call, 1, "signal", "AbortSignal.timeout(10000)")
    if call.library == "axios":
        url = sem.argument(call, 0, None)
        if url is None or not isinstance(sem.evaluate(url, call.site), StrValue):
            return None  # `axios(config)`: the options are the first argument
        with_body = call.method in ("POST", "PUT", "PATCH")
        if with_body:  # `axios(url, {method: "post"})` has its options second
            second = sem.argument(call, 1, None)
            if second is None or (isinstance(options := sem.evaluate(second, call.site), DictValue)
                                  and "method" in options.entries):
                return None
        return _options_fix(sem, call, 2 if with_body else 1, "timeout", "10000")
    return None


def _options_fix(sem, call, position: int, key: str, value: str):
    """Add ``key: value`` to the options literal at ``position``, or pass one there."""
    options = sem.argument(call, position, None)
    if options is not None:
        edits = sem.add_entry(options, key, value)
    elif sem.argument(call, position - 1, None) is not None:
        edits = sem.add_argument(call.node, f"{{ {key}: {value} }}")
    else:
        edits = None
    return make_fix(f"add {key}: {value}", SAFE, edits)
