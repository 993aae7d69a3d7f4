from __future__ import annotations

import re
from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.scopes import Scope
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import klaviyo_calls, node_key, semantics, span

RETRY_AFTER_RE = re.compile(r"retry[-_ ]?after", re.IGNORECASE)


def _unit(scope: Scope) -> Scope:
    """The top-level function (or method) a scope is in: callbacks and inner functions belong
    to it, so a 429 check in `.catch(err => …)` is judged with the call it handles. Code outside
    every function (a script's top level) belongs to the module."""
    found = None
    while scope.parent is not None:
        if scope.kind == "function":
            found = scope
        scope = scope.parent
    return found or scope


class RetryIgnoresRetryAfter(Rule):
    """
    ## What it does
    Finds code that handles HTTP 429 from a Klaviyo call and waits before trying again without
    reading the `Retry-After` header: a function (or a script's top level) that makes a Klaviyo
    call (raw HTTP or SDK), tests a status against 429 (`== 429`, `status_code in (429, 503)`,
    `=== 429`, `case 429:`) and sleeps in that branch (`time.sleep`, `asyncio.sleep`, `setTimeout`, `sleep(…)`), while
    nothing in the file's code mentions `Retry-After` (any casing, `retry_after` too; a helper
    that reads it counts).

    Also a 429 branch that can never run: the status of a response tested outside any
    `catch`, where the client throws on 4xx first (axios without `validateStatus`, got without
    `throwHttpErrors: false`).

    Not reported: a 429 branch that reads `Retry-After`, one that does not wait (it gives up or
    re-raises), and code that calls no Klaviyo API.

    ## Why is this bad?
    Klaviyo's rate limits are fixed windows (a 1-second burst window and a 1-minute steady
    window). A 429 says how long to wait in `Retry-After`; a fixed sleep either retries too early
    (and gets another 429, burning the window) or waits far longer than needed. The checklist
    asks that "429 retry logic honors Retry-After", and Klaviyo's own SDKs do exactly that.

    ## Example
    ```python
    response = requests.post(URL, json=body, headers=headers, timeout=10)
    if response.status_code == 429:
        time.sleep(5)
        response = requests.post(URL, json=body, headers=headers, timeout=10)
    ```

    ## Use instead
    ```python
    response = requests.post(URL, json=body, headers=headers, timeout=10)
    if response.status_code == 429:
        time.sleep(int(response.headers.get("Retry-After", "1")))
        response = requests.post(URL, json=body, headers=headers, timeout=10)
    ```
    Or use the klaviyo-api SDK, which retries 429s with backoff and honours `Retry-After`.

    """

    code = "KL021"
    name = "retry-ignores-retry-after"
    summary = "A 429 from Klaviyo is retried after a wait that ignores the Retry-After header."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"429",)
    context = (b"klaviyo",)
    tags = ("reliability",)

    VALID = [
        Valid('import requests, time\n\ndef send(body, attempt=0):\n'
              '    r = requests.post("https://a.klaviyo.com/api/events/", json=body, timeout=10)\n'
              '    if r.status_code == 429:\n        raise RuntimeError("rate limited")\n'
              '    if r.status_code >= 500:\n        time.sleep(2 ** attempt)\n    return r\n',
              note="the wait belongs to the 5xx branch"),
        Valid('import requests, time\n\ndef wait_seconds(r):\n    return int(r.headers.get("Retry-After", "1"))\n\n'
              'def send(b):\n    r = requests.post("https://a.klaviyo.com/api/events/", json=b, timeout=10)\n'
              '    if r.status_code == 429:\n        time.sleep(wait_seconds(r))\n', note="a helper reads Retry-After"),
        Valid('import requests, time\n\ndef send(body):\n'
              '    r = requests.post("https://a.klaviyo.com/api/events/", json=body, timeout=10)\n'
              '    if r.status_code == 429:\n        time.sleep(int(r.headers.get("Retry-After", "1")))\n'
              '        r = requests.post("https://a.klaviyo.com/api/events/", json=body, timeout=10)\n    return r\n',
              note="reads Retry-After"),
        Valid('import requests\n\ndef send(body):\n'
              '    r = requests.post("https://a.klaviyo.com/api/events/", json=body, timeout=10)\n'
              '    if r.status_code == 429:\n        raise RuntimeError("rate limited")\n    return r\n',
              note="no wait: gives up"),
        Valid('import requests, time  # klaviyo\n\ndef send(body):\n'
              '    r = requests.post("https://api.example.com/x", json=body, timeout=10)\n'
              '    if r.status_code == 429:\n        time.sleep(5)\n    return r\n', note="another API"),
        Valid('const axios = require("axios");\nasync function send(body) {\n'
              '  try { return await axios.post("https://a.klaviyo.com/api/events/", body, { timeout: 5000 }); }\n'
              '  catch (err) {\n    if (err.response?.status === 429) {\n'
              '      await new Promise((r) => setTimeout(r, 1000 * Number(err.response.headers["retry-after"])));\n'
              '    }\n    throw err;\n  }\n}\n', filename="a.js", note="reads retry-after"),
    ]
    INVALID = [
        Invalid('const axios = require("axios");\nasync function send(body) {\n'
                '  const res = await axios.post("https://a.klaviyo.com/api/events/", body, { timeout: 5000 });\n'
                '  if (res.status === 429) { return send(body); }\n  return res;\n}\n', filename="a.js",
                line=4, column=7, end_line=4, end_column=25,
                message="this 429 branch never runs: the client throws on a 4xx answer before it (axios without "
                        "validateStatus); handle 429 where the error is caught (err.response.status)",
                note="dead: axios rejects first"),
        Invalid('import requests, time\n\ndef send(body):\n'
                '    r = requests.post("https://a.klaviyo.com/api/events/", json=body, timeout=10)\n'
                '    if r.status_code == 429:\n        time.sleep(5)\n'
                '        r = requests.post("https://a.klaviyo.com/api/events/", json=body, timeout=10)\n    return r\n',
                line=5, column=8, end_line=5, end_column=28,
                message="this 429 from Klaviyo is retried after a wait that ignores the Retry-After header; wait the seconds it gives (or let the klaviyo-api SDK retry)"),
        Invalid('import asyncio\nfrom klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n\n'
                'async def send(body, attempt=0):\n    try:\n        k.Events.create_event(body)\n'
                '    except Exception as e:\n        if getattr(e, "status", None) in (429, 503):\n'
                '            await asyncio.sleep(2 ** attempt)\n',
                line=9, column=12, end_line=9, end_column=52,
                message="this 429 from Klaviyo is retried after a wait that ignores the Retry-After header; wait the seconds it gives (or let the klaviyo-api SDK retry)",
                note="exponential, still blind"),
        Invalid('const axios = require("axios");\nasync function send(body) {\n'
                '  const res = await axios.post("https://a.klaviyo.com/api/events/", body, { timeout: 5000, '
                'validateStatus: () => true });\n  switch (res.status) {\n    case 429:\n'
                '      await sleep(1000);\n      return send(body);\n  }\n  return res;\n}\n', filename="a.js",
                line=5, column=5, end_line=7, end_column=25,
                message="this 429 from Klaviyo is retried after a wait that ignores the Retry-After header; wait the seconds it gives (or let the klaviyo-api SDK retry)"),
        Invalid('import time\n\nimport requests\n\nfor profile in load_profiles():\n    while True:\n'
                '        r = requests.post("https://a.klaviyo.com/api/profile-import/", json=profile, '
                'headers=HEADERS, timeout=10)\n'
                '        if r.status_code == 429:\n            time.sleep(5)\n            continue\n        break\n',
                line=8, column=12, end_line=8, end_column=32,
                message="this 429 from Klaviyo is retried after a wait that ignores the Retry-After header; wait the seconds it gives (or let the klaviyo-api SDK retry)",
                note="a script's top level"),
        Invalid('import time\n\nimport requests\n\n\ndef shopify_orders(url):\n'
                '    r = requests.get(url, headers=SHOPIFY, timeout=10)\n    if r.status_code == 429:\n'
                '        time.sleep(2)\n        return shopify_orders(url)\n    return r.json()\n\n\n'
                'def track(event):\n    for attempt in range(5):\n'
                '        r = requests.post("https://a.klaviyo.com/api/events/", json=event, headers=HEADERS, timeout=10)\n'
                '        if r.status_code == 429:\n            time.sleep(2 ** attempt)\n            continue\n'
                '        return r\n',
                line=17, column=12, end_line=17, end_column=32,
                message="this 429 from Klaviyo is retried after a wait that ignores the Retry-After header; wait the seconds it gives (or let the klaviyo-api SDK retry)",
                note="only the function that calls Klaviyo: another API's retry in the same file is not judged"),
        Invalid('import time\n\nimport requests\n\n\ndef send(event):\n'
                '    r = requests.post("https://a.klaviyo.com/api/events/", json=event, headers=HEADERS, timeout=10)\n'
                '    if r.status_code == 429:\n        raise RateLimited(r)\n    return r\n\n\n'
                'def send_batch(events):\n    for attempt in range(5):\n'
                '        r = requests.post("https://a.klaviyo.com/api/events/", json=events, headers=HEADERS, timeout=10)\n'
                '        if r.status_code == 429:\n            time.sleep(2 ** attempt)\n            continue\n'
                '        return r\n',
                line=16, column=12, end_line=16, end_column=32,
                message="this 429 from Klaviyo is retried after a wait that ignores the Retry-After header; wait the seconds it gives (or let the klaviyo-api SDK retry)",
                note="the first 429 branch gives up (fine), the second waits blindly"),
        Invalid('const axios = require("axios");\nasync function track(event) {\n'
                '  return axios.post("https://a.klaviyo.com/api/events/", event, { headers, timeout: 5000 })'
                '.catch(async (err) => {\n    if (err.response?.status === 429) {\n      await sleep(1000);\n'
                '      return track(event);\n    }\n    throw err;\n  });\n}\n', filename="a.js",
                line=4, column=9, end_line=4, end_column=37,
                message="this 429 from Klaviyo is retried after a wait that ignores the Retry-After header; wait the seconds it gives (or let the klaviyo-api SDK retry)",
                note="in the .catch callback of the call"),
        Invalid('const axios = require("axios");\nasync function track(event) {\n'
                '  const res = await axios.post("https://a.klaviyo.com/api/events/", event, { headers, timeout: 5000 });\n'
                '  if (res.status === 429) throw new RateLimited();\n  return res;\n}\n'
                'async function identify(profile) {\n'
                '  const res = await fetch("https://a.klaviyo.com/api/profile-import/", { method: "POST", headers, '
                'body: JSON.stringify(profile), signal });\n'
                '  if (res.status === 429) {\n    await sleep(1000);\n    return identify(profile);\n  }\n  return res;\n}\n',
                filename="a.js", line=4, column=7, end_line=4, end_column=25,
                message="this 429 branch never runs: the client throws on a 4xx answer before it (axios without "
                        "validateStatus); handle 429 where the error is caught (err.response.status)",
                count=2, note="a dead branch (axios) and a blind wait (fetch) in one file: each judged with its own call"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        raw = list(klaviyo_calls(ctx))
        calling = {id(_unit(call.site.scope)) for call in (*(call for call, _url in raw), *sem.sdk_calls)}
        throwing = {id(_unit(call.site.scope)) for call, _url in raw if call.throws_on_error_status}
        reads_retry_after = sem.code_mentions(sem.root_scope.node, RETRY_AFTER_RE)  # a helper may read it
        reported: set[object] = set()
        for node, site, branch in sem.status_checks(429):
            function = _unit(site.scope)
            if id(function) not in calling or node_key(node) in reported:
                continue
            if id(function) in throwing and not sem.in_error_handler(node):
                reported.add(node_key(node))
                yield Report(span(ctx, node), "this 429 branch never runs: the client throws on a 4xx answer "
                                              "before it (axios without validateStatus); handle 429 where the "
                                              "error is caught (err.response.status)")
                continue
            if reads_retry_after or not sem.waits_in(branch):  # the wait must be the 429 branch's
                continue
            reported.add(node_key(node))
            yield Report(span(ctx, node), "this 429 from Klaviyo is retried after a wait that ignores the "
                                          "Retry-After header; wait the seconds it gives (or let the "
                                          "klaviyo-api SDK retry)")
