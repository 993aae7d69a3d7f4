from __future__ import annotations

from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.python_semantics import Unknown
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.python_helpers import klaviyo_calls, span

# Libraries whose default is to wait forever (httpx defaults to 5 s, aiohttp to 5 min).
_NO_DEFAULT_TIMEOUT = frozenset({"requests", "urllib", "http.client"})


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
    """

    code = "KL011"
    name = "request-without-timeout"
    summary = "A raw Klaviyo call has no timeout and can hang forever."
    severity = Severity.WARNING
    frontends = ("python",)
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
    ]
    INVALID = [
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/")\n', line=2),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=None)\n',
                message="timeout=None"),
        Invalid('import httpx\nhttpx.get("https://a.klaviyo.com/api/lists/", timeout=None)\n'),
        Invalid('import urllib.request\nurllib.request.urlopen("https://a.klaviyo.com/api/lists/")\n'),
        Invalid('import http.client\nc = http.client.HTTPSConnection("a.klaviyo.com")\n'
                'c.request("GET", "/api/lists/")\n', line=3),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for call, _url in klaviyo_calls(ctx):
            timeout = call.timeout
            if isinstance(timeout, Unknown) and timeout.hint == "None":
                yield Report(span(ctx, call.node),
                             "timeout=None waits forever for Klaviyo; pass a number of seconds")
            elif timeout is None and call.library in _NO_DEFAULT_TIMEOUT:
                yield Report(span(ctx, call.node),
                             f"{call.library} call to Klaviyo has no timeout and can hang forever; "
                             "pass timeout=<seconds>")
