"""What the semantic model sees through: helpers every call funnels through (reported at each
call site with its arguments), URL-builder functions and methods, a v1 base without a trailing
slash, values that may be one of several (conditional expressions, if/else, loops over literal
collections, forEach callbacks). Each sample has a twin pointed at another host that must stay silent. Results are pinned
in full: path, line, column, end, code, severity and message."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

SAMPLES = ROOT / "tests" / "samples"
LEGACY = ("is a retired Klaviyo v1/v2 endpoint (410 Gone since July 2024); use the current API "
          "(e.g. POST /api/events/, /api/profile-import/)")
SDK = "use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"
NO_UNIQUE_ID = ("event has no unique_id: a retried request can record it twice; set "
                "attributes.unique_id (e.g. the order id)")
TIMEOUT_PY = "requests call to Klaviyo has no timeout and can hang forever; pass timeout=<seconds>"
CREATE = ("POST /api/profiles/ only creates and fails for an existing profile; POST "
          "/api/profile-import/ upserts")

EXPECTED = {
    "helper_funnels.py": [
        (8, 16, 8, 46, "KL005", "error", f"/api/v1 {LEGACY}"),  # the v1 base itself
        (15, 16, 15, 90, "KL002", "warning", f"raw httpx request to a.klaviyo.com/api/…; {SDK}"),
        (19, 16, 19, 57, "KL007", "warning", NO_UNIQUE_ID),  # at the helper's call site
        (26, 16, 26, 102, "KL006", "warning", CREATE),
        (32, 16, 32, 92, "KL002", "warning", f"raw requests request to a.klaviyo.com/api/v1/metric/…; {SDK}"),
        (32, 16, 32, 92, "KL005", "error", f"/api/v1/metric/… {LEGACY}"),  # through metric_url()
        (32, 65, 32, 74, "KL013", "error", "the API key is sent as a query parameter, where logs "
                                           "keep it; send it in the Authorization header"),
    ],
    "helper_funnels.ts": [
        (12, 12, 12, 107, "KL002", "warning", f"raw axios request to a.klaviyo.com/api/…; {SDK}"),
        (16, 12, 16, 121, "KL007", "warning", NO_UNIQUE_ID),
        (24, 12, 24, 95, "KL006", "warning", CREATE),
        (30, 10, 30, 40, "KL002", "warning", f"raw fetch request to a.klaviyo.com/api/lists/…; {SDK}"),
        (30, 10, 30, 40, "KL003", "error", "request to /api/lists/… has no 'revision' header; Klaviyo "
                                           "requires one (e.g. \"revision\": \"2026-10-15\")"),
    ],
    "branches_loops.py": [
        # if/else: one path creates a profile, the other calls a retired endpoint
        (13, 12, 13, 94, "KL002", "warning", f"raw requests request to a.klaviyo.com/api/profiles/; {SDK}"),
        (13, 12, 13, 94, "KL005", "error", f"/api/v2/list/X/members {LEGACY}"),
        (13, 12, 13, 94, "KL006", "warning", CREATE),
        (13, 12, 13, 94, "KL011", "warning", TIMEOUT_PY),
        # maybe_elsewhere(): one alternative is another host, so nothing is reported at line 20
        # pick(): the revision is set on one path only, so KL003 stays silent
        (26, 12, 26, 57, "KL002", "warning", f"raw requests request to a.klaviyo.com/api/lists/…; {SDK}"),
        (30, 5, 30, 58, "KL002", "warning", f"raw requests request to a.klaviyo.com/api/campaigns/; {SDK}"),
        (30, 5, 30, 58, "KL011", "warning", TIMEOUT_PY),
    ],
    "branches_loops.ts": [
        (6, 10, 6, 59, "KL002", "warning", f"raw fetch request to a.klaviyo.com/api/lists/…; {SDK}"),
        (6, 10, 6, 59, "KL011", "warning", "fetch call to Klaviyo has no timeout and can hang forever; "
                                            "pass signal: AbortSignal.timeout(ms)"),
        (6, 42, 6, 54, "KL004", "error", "revision 2023-02-22 was retired on 2025-02-22 (as of 2026-11-26); "
                                         "move to a current revision such as 2026-10-15"),
        (16, 10, 16, 113, "KL002", "warning", f"raw fetch request to a.klaviyo.com/api/profiles/; {SDK}"),
        (16, 10, 16, 113, "KL006", "warning", CREATE),
        (20, 9, 20, 29, "KL002", "warning", f"raw fetch request to a.klaviyo.com/api/lists/; {SDK}"),
        (20, 9, 20, 29, "KL003", "error", "request to /api/lists/ has no 'revision' header; Klaviyo "
                                          "requires one (e.g. \"revision\": \"2026-10-15\")"),
        # the forEach over a list that holds another host reports nothing
    ],
}


def _findings(klint, path):
    result = klint(str(path), "-f", "json", "--as-of", "2026-11-26", "--no-cache", "--select", "ALL",
                   cwd=ROOT)
    document = json.loads(result.out)
    assert document["diagnostics"] == []
    return [(f["start"]["line"], f["start"]["column"], f["end"]["line"], f["end"]["column"], f["code"],
             f["severity"], f["message"]) for f in document["findings"]]


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_helpers_and_url_builders_are_followed(sample, klint):
    assert _findings(klint, SAMPLES / sample) == EXPECTED[sample]


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_the_same_code_pointed_at_another_host_is_silent(sample, klint, tmp_path):
    twin = tmp_path / sample
    twin.write_text((SAMPLES / sample).read_text().replace("https://a.klaviyo.com", "https://api.example.com"))
    assert _findings(klint, twin) == []


def test_recursive_helpers_terminate(klint, tmp_path):
    (tmp_path / "loop.py").write_text(
        "import requests\n\ndef a(path):\n    return b(path)\n\ndef b(path):\n    return a(path)\n\n"
        "def send(path):\n    return requests.post('https://a.klaviyo.com/api/' + a(path), timeout=5)\n\n"
        "send('events/')\n")
    assert [finding[4] for finding in _findings(klint, tmp_path / "loop.py")] == ["KL002", "KL003"]


def _project(tmp_path, files):
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = json.loads(__import__("conftest").run_klint(
        "-f", "json", "--as-of", "2026-11-26", "--no-cache", "--select", "ALL", cwd=tmp_path).out)
    return [(f["path"], f["start"]["line"], f["start"]["column"], f["code"]) for f in result["findings"]]


def test_a_helper_that_gets_the_whole_url_is_judged_at_each_call(tmp_path):
    # tap-klaviyo's shape: the URL is known only where the helper is called
    assert _project(tmp_path, {"tap.py": (
        "import requests  # klaviyo\n\ndef authed_get(url, headers):\n    return requests.get(url, headers=headers)\n\n"
        "def metrics(headers):\n    return authed_get('https://a.klaviyo.com/api/metrics', headers)\n\n"
        "def other(headers):\n    return authed_get('https://api.example.com/x', headers)\n")}) == [
        ("tap.py", 7, 12, "KL002"), ("tap.py", 7, 12, "KL011")]


def test_revisions_that_may_be_one_of_several_are_each_judged(tmp_path):
    assert _project(tmp_path, {"t.py": (
        'import requests\nrev = "2023-02-22" if legacy else "2026-10-15"\n'
        'requests.get("https://a.klaviyo.com/api/lists/", headers={"revision": rev}, timeout=5)\n')}) == [
        ("t.py", 2, 7, "KL004"), ("t.py", 3, 1, "KL002")]


def test_a_nested_object_changed_in_a_handler_is_seen_with_the_change(tmp_path):
    assert _project(tmp_path, {"h.js": (
        'const cfg = { headers: { Authorization: "Klaviyo-API-Key x", revision: "2026-10-15" } };\n'
        'function handler() {\n  cfg.headers["revision"] = "2023-02-22";\n'
        '  return fetch("https://a.klaviyo.com/api/lists/", { headers: cfg.headers, signal: AbortSignal.timeout(5) });\n}\n')}) == [
        ("h.js", 3, 29, "KL004"), ("h.js", 4, 10, "KL002")]


def test_commonjs_exports_are_constants(tmp_path):
    assert _project(tmp_path, {
        "a.js": '"use strict";\nexports.KLAVIYO_REVISION_DATE = "2024-02-15";\n',
        "b.js": 'module.exports = { KLAVIYO_REVISION: "2024-02-15" };\n'}) == [
        ("a.js", 2, 33, "KL004"), ("b.js", 1, 38, "KL004")]


def test_an_sdk_call_in_a_helper_is_judged_with_each_callers_body(tmp_path):
    # the Medusa plugin's shape, in Python and in JS; the caller that sets unique_id is fine
    assert _project(tmp_path, {
        "svc.py": (
            "from klaviyo_api import KlaviyoAPI\n\nclass Svc:\n    def __init__(self, key):\n"
            "        self.k = KlaviyoAPI(key)\n\n    def create_event(self, attributes):\n"
            '        return self.k.Events.create_event({"data": {"type": "event", "attributes": attributes}})\n\n'
            "    def order(self, email):\n"
            '        return self.create_event({"properties": {}, "metric": m, "profile": p})\n\n'
            "    def refund(self, r):\n"
            '        return self.create_event({"properties": {}, "metric": m, "profile": p, "unique_id": r.id})\n'),
        "svc.js": (
            'const { EventsApi } = require("klaviyo-api");\nclass Svc {\n'
            '  constructor(session) { this.events = new EventsApi(session); }\n'
            '  createEvent(attributes) { return this.events.createEvent({ data: { type: "event", attributes } }); }\n'
            '  order(email) { return this.createEvent({ properties: {}, metric: m, profile: p }); }\n'
            '  refund(r) { return this.createEvent({ properties: {}, metric: m, profile: p, uniqueId: r.id }); }\n}\n'),
    }) == [("svc.js", 5, 25, "KL007"), ("svc.py", 11, 16, "KL007")]
