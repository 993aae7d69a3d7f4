from __future__ import annotations

from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import klaviyo_calls, span


class RawHttpCall(Rule):
    """
    ## What it does
    Finds HTTP requests to a `*.klaviyo.com` host made with a plain HTTP client instead of the
    `klaviyo-api` SDK: `requests` (functions and `Session`s), `httpx` (functions, `Client`,
    `AsyncClient` with `base_url`), `aiohttp`, `urllib.request` and `http.client`. URLs are
    resolved through constants, class attributes, f-strings, concatenation, `%`, `.format` and
    `urljoin`; a helper that every request funnels through is reported once, at its raw call.
    OAuth token requests (`/oauth/…`) and the browser endpoints under `/client/` (called with
    the public company id) are not reported: neither SDK has methods for them, so "use the SDK"
    could not be followed.

    ## Why is this bad?
    The SDK retries 429/503/504 responses with backoff and honours `Retry-After`, sends the
    `revision` header and the right `Authorization` scheme. Hand-rolled calls usually do none of
    this and fail under rate limiting.

    ## Example
    ```python
    requests.post("https://a.klaviyo.com/api/events/", json=body, headers=headers)
    ```

    ## Use instead
    ```python
    klaviyo = KlaviyoAPI(os.environ["KLAVIYO_PRIVATE_KEY"])
    klaviyo.Events.create_event(body)
    ```
    """

    code = "KL002"
    name = "raw-http-call"
    summary = "A request to the Klaviyo API bypasses the SDK (no retries, no revision handling)."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("reliability",)

    VALID = [
        Valid("from klaviyo_api import KlaviyoAPI\nKlaviyoAPI(key).Events.create_event(body)\n"),
        Valid('import requests\nrequests.post("https://api.stripe.com/v1/charges", data=d)  # klaviyo\n',
              note="not a Klaviyo host"),
        Valid('import requests\nrequests.get("https://klaviyo.com.evil.example/api/x")\n',
              note="look-alike host"),
        Valid('import requests\nrequests.get(url)  # klaviyo url from elsewhere\n',
              note="URL cannot be resolved"),
        Valid('import requests\nrequests.post("https://a.klaviyo.com/oauth/token", data=form, timeout=5)\n',
              note="OAuth token exchange: no SDK method"),
        Valid('import requests\nprint("https://a.klaviyo.com/api/profiles/")\n', note="not a request"),
        Valid('<script setup lang="ts">\n'
              'const subscribe = () => fetch("https://a.klaviyo.com/client/subscriptions/?company_id=AbC123", '
              '{ method: "POST", signal });\n</script>\n', filename="Signup.vue",
              note="/client/ endpoints take the public key and have no SDK method"),
        Valid('import requests\nrequests.post("https://a.klaviyo.com/client/events/?company_id=AbC123", json=e, timeout=5)\n',
              note="/client/ from Python: no SDK method either"),

        Valid('import { ApiKeySession, EventsApi } from "klaviyo-api";\n'
              'await new EventsApi(new ApiKeySession(key)).createEvent(body);\n', filename="sync.ts"),
        Valid('import axios from "axios";\naxios.post("https://api.stripe.com/v1/charges", d); // klaviyo\n',
              filename="pay.js", note="not a Klaviyo host"),
        Valid('const r = await fetch(url, { method: "POST" }); // klaviyo\n', filename="x.mjs",
              note="URL cannot be resolved"),
        Valid('const u = kind === "list" ? `https://a.klaviyo.com/api/lists/${id}` : '
              '`https://api.example.com/segments/${id}`;\nfetch(u, { signal });\n', filename="a.ts",
              note="one alternative is another host"),
        Valid('import requests\nfor url in ["https://api.example.com/a", "https://a.klaviyo.com/api/flows/"]:\n'
              '    requests.get(url, timeout=5)\n', note="a loop that also calls another host"),
        Valid('import requests\n\ndef call(url, token):\n'
              '    return requests.post(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)\n',
              note="unknown URL, other credentials"),
        Valid('import requests\nrequests.get("https://api.example.com/x", timeout=5, '
              'headers={"Authorization": "Klaviyo-API-Key " + k})\n', note="a visible host that is not Klaviyo's"),
    ]
    INVALID = [
        Invalid('import requests\n\ndef call(url, key, body):\n'
                '    headers = {"Authorization": f"Klaviyo-API-Key {key}"}\n'
                '    return requests.post(url, json=body, headers=headers, timeout=5)\n',
                line=5, column=12, end_line=5, end_column=69,
                message="raw requests request to Klaviyo (its Authorization is a Klaviyo-API-Key); use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="known by its credentials: the URL is a parameter"),
        Invalid('export const call = (url: string, key: string) =>\n'
                '  fetch(url, { signal, headers: { Authorization: `Klaviyo-API-Key ${key}`, revision: "2026-10-15" } });\n', filename="a.ts",
                line=2, column=3, end_line=2, end_column=103,
                message="raw fetch request to Klaviyo (its Authorization is a Klaviyo-API-Key); use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('const u = kind === "list" ? `https://a.klaviyo.com/api/lists/${id}` : '
                '`https://a.klaviyo.com/api/segments/${id}`;\nfetch(u, { signal });\n', filename="a.ts",
                line=2, column=1, end_line=2, end_column=21,
                message="raw fetch request to a.klaviyo.com/api/lists/…; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="every alternative is Klaviyo"),
        Invalid('import requests\nfor url in ["https://a.klaviyo.com/api/lists/", "https://a.klaviyo.com/api/flows/"]:\n'
                '    requests.get(url, timeout=5)\n',
                line=3, column=5, end_line=3, end_column=33,
                message="raw requests request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="a loop over a literal collection"),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/profiles/", timeout=5)\n',
                line=2, column=1, end_line=2, end_column=63,
                message="raw requests request to a.klaviyo.com/api/profiles/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('import requests as rq\nBASE = "https://a.klaviyo.com/api"\n'
                'rq.post(f"{BASE}/events/", json={}, timeout=5)\n',
                line=3, column=1, end_line=3, end_column=47,
                message="raw requests request to a.klaviyo.com/api/events/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="alias and f-string"),
        Invalid('from requests import post as send\nsend("https://a.klaviyo.com" + "/api/events/")\n',
                line=2, column=1, end_line=2, end_column=47,
                message="raw requests request to a.klaviyo.com/api/events/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="aliased function"),
        Invalid('import httpx\nclient = httpx.AsyncClient(base_url="https://a.klaviyo.com", headers={})\n'
                'async def f():\n    await client.post("/api/events/", json={})\n',
                line=4, column=11, end_line=4, end_column=47,
                message="raw httpx request to a.klaviyo.com/api/events/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="client with base_url"),
        Invalid('import requests\n\nclass Klaviyo:\n    BASE_URL = "https://a.klaviyo.com"\n\n'
                '    def __init__(self, key):\n        self.session = requests.Session()\n\n'
                '    def _request(self, method, path, **kw):\n'
                '        return self.session.request(method, f"{self.BASE_URL}{path}", **kw)\n\n'
                '    def profiles(self):\n        return self._request("GET", "/api/profiles/")\n',
                line=10, column=16, end_line=10, end_column=76,
                message="raw requests request to a.klaviyo.com…; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="a helper is reported once, at its raw call"),
        Invalid('import aiohttp\nasync def f():\n    async with aiohttp.ClientSession() as s:\n'
                '        await s.get("https://a.klaviyo.com/api/lists/")\n',
                line=4, column=15, end_line=4, end_column=56,
                message="raw aiohttp request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('import urllib.request\nreq = urllib.request.Request("https://a.klaviyo.com/api/lists/")\n'
                'urllib.request.urlopen(req, timeout=3)\n',
                line=3, column=1, end_line=3, end_column=39,
                message="raw urllib request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('import http.client\nconn = http.client.HTTPSConnection("a.klaviyo.com", timeout=5)\n'
                'conn.request("GET", "/api/lists/", headers={"revision": "2026-07-15"})\n',
                line=3, column=1, end_line=3, end_column=71,
                message="raw http.client request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('import requests\nrequests.request("POST", "https://a.klaviyo.com/api/events/", timeout=3)\n',
                line=2, column=1, end_line=2, end_column=73,
                message="raw requests request to a.klaviyo.com/api/events/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('from urllib.parse import urljoin\nimport requests\nBASE = "https://a.klaviyo.com/api/"\n'
                'requests.get(urljoin(BASE, "lists/"), timeout=3)\n',
                line=4, column=1, end_line=4, end_column=49,
                message="raw requests request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('import requests\nURL = "https://a.klaviyo.com/api/%s/" % "lists"\nrequests.get(URL, timeout=1)\n',
                line=3, column=1, end_line=3, end_column=29,
                message="raw requests request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('import os, requests\nBASE = os.getenv("KLAVIYO_URL", "https://a.klaviyo.com/api")\n'
                'requests.get(BASE + "/lists/", timeout=1)\n',
                line=3, column=1, end_line=3, end_column=42,
                message="raw requests request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="the visible env default"),
        Invalid('import requests\n\nclass Client:\n    def __init__(self, key, base_url="https://a.klaviyo.com"):\n'
                '        self.base_url = base_url\n\n    def lists(self):\n'
                '        return requests.get(f"{self.base_url}/api/lists/", timeout=3)\n',
                line=8, column=16, end_line=8, end_column=70,
                message="raw requests request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="a parameter default"),
        Invalid('import requests\n\nclass Endpoints:\n    EVENTS = "https://a.klaviyo.com/api/events/"\n\n'
                'requests.post(Endpoints.EVENTS, json={}, timeout=3)\n',
                line=6, column=1, end_line=6, end_column=52,
                message="raw requests request to a.klaviyo.com/api/events/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="ClassName.ATTRIBUTE"),
        Invalid('import requests\nBASE = "https://a.klaviyo.com/api"\n'
                'requests.get("/".join([BASE, "lists", ""]), timeout=3)\n',
                line=3, column=1, end_line=3, end_column=55,
                message="raw requests request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="str.join"),
        Invalid('const url = new URL("/api/profiles/", "https://a.klaviyo.com");\n'
                'url.searchParams.set("page[size]", "100");\n'
                'await fetch(url.href, { signal, headers: { revision: "2026-10-15" } });\n', filename="a.ts",
                line=3, column=7, end_line=3, end_column=71,
                message="raw fetch request to a.klaviyo.com/api/profiles/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="new URL(path, base)"),
        Invalid('const BASE = process.env.KLAVIYO_URL || "https://a.klaviyo.com";\n'
                'await fetch(`${BASE}/api/lists/`, { signal });\n', filename="a.ts",
                line=2, column=7, end_line=2, end_column=46,
                message="raw fetch request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="the visible fallback"),

        Invalid('const BASE = "https://a.klaviyo.com/api";\n'
                'await fetch(`${BASE}/events/`, { method: "POST", headers, body, signal });\n', filename="track.ts",
                line=2, column=7, end_line=2, end_column=74,
                message="raw fetch request to a.klaviyo.com/api/events/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="template literal"),
        Invalid('import axios from "axios";\nconst api = axios.create({ baseURL: "https://a.klaviyo.com", '
                'timeout: 5000 });\nexport const get = () => api.get("/api/lists/");\n', filename="client.ts",
                line=3, column=26, end_line=3, end_column=48,
                message="raw axios request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="axios instance with baseURL"),
        Invalid('const got = require("got");\ngot.post("https://a.klaviyo.com/api/events/", { json: {} });\n', filename="worker.cjs",
                line=2, column=1, end_line=2, end_column=60,
                message="raw got request to a.klaviyo.com/api/events/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('const fetch = require("node-fetch");\nfetch("https://a.klaviyo.com/api/lists/");\n', filename="legacy.js",
                line=2, column=1, end_line=2, end_column=42,
                message="raw fetch request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
        Invalid('const https = require("https");\nconst req = https.request({ hostname: "a.klaviyo.com", '
                'path: `/api/track?data=${data}`, method: "GET" }, onResponse);\n', filename="legacy.js",
                line=2, column=13, end_line=2, end_column=117,
                message="raw https request to a.klaviyo.com/api/track; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="Node's https module"),
        Invalid('export class Klaviyo {\n  private readonly baseUrl = "https://a.klaviyo.com/api";\n'
                '  static REVISION = "2026-10-15";\n'
                '  lists() {\n    return fetch(`${this.baseUrl}/lists/`, { signal, headers: { revision: Klaviyo.REVISION } });\n'
                '  }\n}\n', filename="client.ts",
                line=5, column=12, end_line=5, end_column=96,
                message="raw fetch request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="class fields, this.x and ClassName.X"),
        Invalid('<template>\n  <button @click="refresh">Refresh</button>\n</template>\n\n<script setup lang="ts">\n'
                'const refresh = () => fetch("https://a.klaviyo.com/api/lists/", '
                '{ signal, headers: { revision: "2026-10-15" } });\n</script>\n', filename="Lists.vue",
                line=6, column=23, end_line=6, end_column=113,
                message="raw fetch request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header",
                note="the script block of a Vue component"),
        Invalid('import superagent from "superagent";\n'
                'superagent.get("https://a.klaviyo.com/api/lists/").set("revision", "2026-10-15").timeout(5000);\n', filename="s.js",
                line=2, column=1, end_line=2, end_column=51,
                message="raw superagent request to a.klaviyo.com/api/lists/; use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for call, url in klaviyo_calls(ctx):
            if url.is_oauth or url.is_client:
                continue
            target = "Klaviyo (its Authorization is a Klaviyo-API-Key)" if url.by_credentials \
                else f"{url.host}{url.shown_path}"
            yield Report(span(ctx, call.node),
                         f"raw {call.library} request to {target}; "
                         "use the klaviyo-api SDK, which retries rate-limited calls and sends the "
                         "revision header")
