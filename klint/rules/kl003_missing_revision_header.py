from __future__ import annotations

import json
from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DictValue
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import each_url, header_sets, klaviyo_calls, semantics, span
from klint.rules.fixing import SAFE, UNSAFE, make_fix


class MissingRevisionHeader(Rule):
    """
    ## What it does
    Finds raw calls to Klaviyo's `/api/…` and `/client/…` endpoints whose headers, as far as
    they can be resolved in the file, have no `revision` header. Header names are compared
    case-insensitively (`Revision`, `REVISION` count; a made-up `Klaviyo-Api-Version` does not).
    Headers set on a session (`session.headers.update(…)`, `httpx.Client(headers=…)`), merged
    with `dict(H, revision=…)` or `{**H, "revision": …}`, or assigned (`h["revision"] = …`)
    before the call all count. When the headers cannot be resolved, nothing is reported.

    ## Why is this bad?
    Klaviyo requires a `revision` on every request to the current API. Without one the request
    fails with 400, or on some endpoints silently gets an old behaviour.

    ## Example
    ```python
    requests.get(f"{BASE}/profiles/", headers={"Authorization": f"Klaviyo-API-Key {key}"})
    ```

    ## Use instead
    ```python
    requests.get(f"{BASE}/profiles/", headers={"Authorization": f"Klaviyo-API-Key {key}",
                                               "revision": "2026-10-15"}, timeout=10)
    ```

    ## Fix safety
    When every header comes from one dict / object literal, the fix adds `"revision": "<the
    current stable revision>"` to it (the newest published revision still stable as of
    `as-of`). It is **safe** when that literal is written in the call, or is a module constant
    read only by Klaviyo calls: Klaviyo requires the header, and nothing else sees it. A
    constant that is read anywhere else too gets an **unsafe** fix, since the header would also
    go to whatever else uses it.
    """

    code = "KL003"
    name = "missing-revision-header"
    summary = "A raw Klaviyo API call sends no revision header."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("correctness",)

    VALID = [
        Valid('import httpx\nhttpx.Client(base_url="https://api.example.com/api").get("lists/")\n',
              note="another host"),
        Valid('import requests\nHEADERS = {"Authorization": "Klaviyo-API-Key x", "revision": "2026-10-15"}\n'
              'requests.get("https://a.klaviyo.com/api/lists/", headers=HEADERS, timeout=5)\n',
              note="headers dict defined above the call"),
        Valid('import requests\nH = {"Authorization": "k"}\n'
              'def f():\n    headers = H.copy()\n    headers["Revision"] = REV\n'
              '    requests.get("https://a.klaviyo.com/api/lists/", headers=headers, timeout=5)\n',
              note=".copy() then item assignment; any capitalisation; value in a variable"),
        Valid('import requests\nH = {"Authorization": "k"}\n'
              'requests.get("https://a.klaviyo.com/api/lists/", headers=dict(H, revision="2026-10-15"), timeout=5)\n'),
        Valid('import requests\nH = {"Authorization": "k"}\n'
              'requests.get("https://a.klaviyo.com/api/lists/", headers={**H, "REVISION": "2026-10-15"}, timeout=5)\n'),
        Valid('import requests\ns = requests.Session()\ns.headers.update({"revision": "2026-10-15"})\n'
              's.get("https://a.klaviyo.com/api/lists/", timeout=5)\n', note="session headers"),
        Valid('import requests\ndef f(headers):\n    requests.get("https://a.klaviyo.com/api/lists/", headers=headers, timeout=5)\n',
              note="headers cannot be resolved"),
        Valid('import requests\nrequests.get("https://a.klaviyo.com/api/track?data=x", timeout=5)\n',
              note="legacy endpoint: KL005's business"),
        Valid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", headers=get_headers(), timeout=5)\n'),

        Valid('const HEADERS = { Authorization: `Klaviyo-API-Key ${KEY}`, revision: "2026-10-15" };\n'
              'await fetch("https://a.klaviyo.com/api/lists/", { headers: { ...HEADERS }, signal });\n',
              filename="a.ts", note="spread of a headers object defined above"),
        Valid('const revision = "2026-10-15";\n'
              'await fetch("https://a.klaviyo.com/api/lists/", { headers: { Authorization: a, revision }, signal });\n',
              filename="a.js", note="shorthand property"),
        Valid('import axios from "axios";\nconst api = axios.create({ baseURL: "https://a.klaviyo.com/api", '
              'headers: { Revision: "2026-10-15" }, timeout: 1 });\napi.get("/lists/");\n', filename="a.ts"),
        Valid('export function get(headers: Record<string, string>) {\n'
              '  return fetch("https://a.klaviyo.com/api/lists/", { headers, signal });\n}\n', filename="a.ts",
              note="headers cannot be resolved"),
    ]
    INVALID = [
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=5)\n',
                line=2, column=1, end_line=2, end_column=60,
                message="request to /api/lists/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")"),
        Invalid('import httpx\nhttpx.Client(base_url="https://a.klaviyo.com/api").get("lists/")\n',
                line=2, column=1, end_line=2, end_column=65,
                message="request to /api/lists/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")",
                note="base URL and path joined as httpx joins them"),
        Invalid('import httpx\n\nclass Sync:\n    def __init__(self):\n'
                '        self._client = httpx.Client(base_url="https://a.klaviyo.com/api")\n\n'
                '    def get(self, path):\n        return self._client.get(path)\n',
                line=8, column=16, end_line=8, end_column=38,
                message="request to /api/… has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")",
                note="the path is a parameter"),
        Invalid('import axios from "axios";\nconst api = axios.create({ baseURL: "https://a.klaviyo.com/api/" });\n'
                'api.get("/lists/");\n', filename="a.ts",
                line=3, column=1, end_line=3, end_column=19,
                message="request to /api/lists/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")"),
        Invalid('import requests\nBASE = "https://a.klaviyo.com/api"\nHEADERS = {"Authorization": "Klaviyo-API-Key k"}\n'
                'requests.get(f"{BASE}/profiles/", headers=HEADERS, timeout=5)\n',
                line=4, column=1, end_line=4, end_column=62,
                message="request to /api/profiles/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")",
                fixed=('import requests\n'
                       'BASE = "https://a.klaviyo.com/api"\n'
                       'HEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": "2026-10-15"}\n'
                       'requests.get(f"{BASE}/profiles/", headers=HEADERS, timeout=5)\n')),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", '
                'headers={"Klaviyo-Api-Version": "2026-10-15"}, timeout=5)\n',
                line=2, column=1, end_line=2, end_column=107,
                message="request to /api/lists/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")",
                note="made-up header name"),
        Invalid('import httpx\nc = httpx.Client(base_url="https://a.klaviyo.com", headers={"Authorization": "k"})\n'
                'c.post("/client/subscriptions/", json={})\n',
                line=3, column=1, end_line=3, end_column=42,
                message="request to /client/subscriptions/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")"),
        Invalid('import requests\nBASE_URL = "https://a.klaviyo.com/api"\n\n'
                'def call(method, endpoint, **kw):\n'
                '    return requests.request(method, f"{BASE_URL}{endpoint}", timeout=10,\n'
                '                            headers={"Authorization": f"Klaviyo-API-Key {KEY}"})\n',
                line=5, column=12, end_line=6, end_column=81,
                message="request to /api… has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")",
                note="a helper under /api: every endpoint needs the header"),

        Invalid('const H = { Authorization: `Klaviyo-API-Key ${KEY}` };\n'
                'await fetch("https://a.klaviyo.com/api/lists/", { headers: H, signal });\n', filename="a.ts",
                line=2, column=7, end_line=2, end_column=72,
                message="request to /api/lists/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")",
                fixed=('const H = { Authorization: `Klaviyo-API-Key ${KEY}`, revision: "2026-10-15" };\n'
                       'await fetch("https://a.klaviyo.com/api/lists/", { headers: H, signal });\n')),
        Invalid('import axios from "axios";\n'
                'axios.get("https://a.klaviyo.com/api/lists/", { timeout: 5000 });\n', filename="a.js",
                line=2, column=1, end_line=2, end_column=65,
                message="request to /api/lists/ has no 'revision' header; Klaviyo requires one (e.g. \"revision\": \"2026-10-15\")"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for call, url in klaviyo_calls(ctx):
            header_options = header_sets(call.headers)
            if header_options is None or not all(option.is_api for option in each_url(call)):
                continue
            if not any(option.find("revision", ignore_case=True) for option in header_options):
                yield Report(span(ctx, call.node),
                             f"request to {'Klaviyo' if url.by_credentials else url.shown_path} has no "
                             "'revision' header; Klaviyo requires one "
                             "(e.g. \"revision\": \"2026-10-15\")", fix=_revision_fix(ctx, call))


def _revision_fix(ctx: FileContext, call):
    """Add the current stable revision to the one literal all the call's headers come from."""
    sem = semantics(ctx)
    revision = klaviyo.current_stable_revision(ctx.as_of)
    if not isinstance(call.headers, DictValue):  # alternatives (one header set per branch): no one literal
        return None
    keys = [entry.key_node for entry in call.headers.entries.values()]
    if revision is None or not keys or any(key is None for key in keys):
        return None
    mappings = [sem.mapping_of(key) for key in keys]
    if any(mapping is None for mapping in mappings) or len({span(ctx, m) for m in mappings}) != 1:
        return None
    where = span(ctx, mappings[0])
    safe = span(ctx, call.node).contains(where) or _read_only_by_klaviyo_calls(ctx, where)
    return make_fix(f"add \"revision\": \"{revision}\"", SAFE if safe else UNSAFE,
                    sem.add_entry(mappings[0], "revision", json.dumps(revision)))


def _read_only_by_klaviyo_calls(ctx: FileContext, where) -> bool:
    """Is the literal at ``where`` a module constant that only Klaviyo calls read?"""
    sem = semantics(ctx)
    for name, node, _site in sem.constants():
        if span(ctx, node) == where:
            users = sum(1 for call, _url in klaviyo_calls(ctx) if isinstance(call.headers, DictValue) and any(
                entry.key_node is not None and (mapping := sem.mapping_of(entry.key_node)) is not None
                and span(ctx, mapping) == where for entry in call.headers.entries.values()))
            return sem.reads_of(name) == users
    return False
