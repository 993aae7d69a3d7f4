"""Tests that kill the mutants mutmut left alive in klint/rules/ (CONTRIBUTING.md): shared
helpers (code_helpers.py) pinned as units, and rules pinned on small snippets, in this process,
with the whole finding: position, message, fix description and fix safety."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from klint import klaviyo
from klint.config import ExcludeMatcher, Settings, default_codes
from klint.discovery import TargetFile
from klint.engine import lint_text
from klint.findings import Applicability, Severity
from klint.fixes import fix_text
from klint.frontends import frontends_for
from klint.frontends.values import (
    UNKNOWN, DictValue, Entry, HttpCall, ListValue, ObjectValue, OneOf, StrValue, Unknown,
)
from klint.rules import ALL_RULES
from klint.rules import code_helpers as helpers
from klint.rules.base import Valid
from klint.testing import run_example

AS_OF = "2026-11-26"


def _settings(select, as_of=AS_OF):
    return Settings(root=Path("."), select=frozenset(select), exclude=ExcludeMatcher([]),
                    as_of=_dt.date.fromisoformat(as_of))


def lint(code: str, filename: str = "a.py", select=("KL002", "KL003", "KL006", "KL007", "KL011", "KL014"),
         as_of: str = AS_OF):
    """(line, column, code, message, fix description, fix applicability) of every finding."""
    settings = _settings(select, as_of)
    rules = [rule() for rule in ALL_RULES if rule.code in settings.select]
    result = lint_text(TargetFile(Path(filename), filename), code, settings, rules,
                       _dt.date.fromisoformat(as_of))
    assert result.diagnostics == [], result.diagnostics
    return [(f.span.start_line, f.span.start_col, f.code, f.message,
             f.fix.description if f.fix else None, f.fix.applicability if f.fix else None)
            for f in result.findings]


def codes(code: str, filename: str = "a.py", select=("KL002", "KL003", "KL006", "KL007", "KL011", "KL014")):
    return [(line, rule) for line, _col, rule, *_ in lint(code, filename, select)]


def fixed(code: str, filename: str, select, unsafe: bool = True) -> str:
    settings = _settings(select)
    rules = [rule() for rule in ALL_RULES if rule.code in settings.select]
    return fix_text(TargetFile(Path(filename), filename), code, frontends_for(filename), settings, rules,
                    unsafe).text


def _str(text: str) -> StrValue:
    return StrValue((text,))


def _entry(value) -> Entry:
    return Entry(value, None, None)


def _call(url, headers=UNKNOWN) -> HttpCall:
    return HttpCall(node=None, site=None, library="requests", method="GET", url=url, headers=headers,
                    timeout=None, params=None, body=None)


KEY_HEADERS = DictValue({"Authorization": _entry(_str("Klaviyo-API-Key pk_x"))})


# --- code_helpers as units --------------------------------------------------------------------

def test_sends_private_key_needs_the_scheme_in_every_header_set():
    assert helpers._sends_private_key(KEY_HEADERS)
    assert helpers._sends_private_key(DictValue({"AUTHORIZATION": _entry(_str("klaviyo-api-key pk_x"))}))
    assert not helpers._sends_private_key(DictValue({"Authorization": _entry(_str("Bearer x"))}))
    assert not helpers._sends_private_key(DictValue({"Authorization": _entry(Unknown("key"))}))
    assert not helpers._sends_private_key(DictValue())
    assert not helpers._sends_private_key(UNKNOWN)
    assert not helpers._sends_private_key(None)
    assert not helpers._sends_private_key(OneOf((KEY_HEADERS, DictValue())))
    assert helpers._sends_private_key(OneOf((KEY_HEADERS, DictValue({"authorization": _entry(
        _str("Klaviyo-API-Key other"))}))))


def test_each_url():
    assert helpers.each_url(_call(Unknown("url"), KEY_HEADERS)) == [klaviyo.CREDENTIALS_URL]
    assert helpers.each_url(_call(Unknown("url"))) == []
    assert helpers.each_url(_call(Unknown("url"), DictValue())) == []
    urls = helpers.each_url(_call(OneOf((_str("https://a.klaviyo.com/api/lists/"), _str("https://x.example/")))))
    assert [url.path for url in urls] == ["/api/lists/"]


def test_header_sets_only_when_every_set_is_complete():
    complete = DictValue({"a": _entry(_str("1"))})
    assert helpers.header_sets(complete) == [complete]
    assert helpers.header_sets(DictValue(complete=False)) is None
    assert helpers.header_sets(UNKNOWN) is None
    assert helpers.header_sets(OneOf((complete, DictValue(complete=False)))) is None
    assert helpers.header_sets(OneOf((complete, UNKNOWN))) is None


def test_header_entries_ignore_case():
    entry = _entry(_str("2026-10-15"))
    assert helpers.header_entries(OneOf((DictValue({"Revision": entry}), DictValue(), UNKNOWN)),
                                  "revision") == [entry]


def test_walk_dicts_skips_keys_at_every_depth_and_in_every_alternative():
    inner = DictValue({"x": _entry(_str("1"))})
    skipped = DictValue({"properties": _entry(DictValue({"deep": _entry(inner)}))})
    listed = ListValue([DictValue({"properties": _entry(inner)})])
    nested = DictValue({"a": _entry(skipped), "b": _entry(listed)})
    found = list(helpers.walk_dicts(OneOf((nested, skipped)), frozenset({"properties"})))
    assert [id(d) for d in found] == [id(nested), id(skipped), id(listed.items[0]), id(skipped)]
    assert len(list(helpers.walk_dicts(nested))) == 6
    assert list(helpers.walk_dicts(None)) == [] and list(helpers.walk_dicts(_str("x"))) == []


def test_model_as_dict():
    model = ObjectValue("klaviyo_api.models.EventCreateQueryV2ResourceObjectAttributes", call=object(), site=None,
                        attrs={"metric": _str("m"), "**": UNKNOWN})
    as_dict = helpers.model_as_dict(model)
    assert as_dict.complete is False
    assert set(as_dict.entries) == {"metric", "__event_attributes__"}
    assert isinstance(as_dict.entries["__event_attributes__"].value, DictValue)
    plain = helpers.model_as_dict(ObjectValue("m.ProfileCreateQueryResourceObjectAttributes", call=object(),
                                              site=None, attrs={"email": _str("e")}))
    assert plain.complete is True and set(plain.entries) == {"email"}
    assert helpers.model_as_dict(ObjectValue("m.EventThing", call=object(), site=None)).entries == {}
    assert helpers.model_as_dict(ObjectValue("m.X", call=None, site=None)).complete is False


def test_is_event_attributes():
    assert helpers.is_event_attributes(DictValue(), "event")
    assert not helpers.is_event_attributes(DictValue(), "profile")
    assert helpers.is_event_attributes(DictValue({"__event_attributes__": _entry(DictValue())}), None)
    both = DictValue({"metric": _entry(DictValue()), "profile": _entry(DictValue())})
    assert helpers.is_event_attributes(both, None)
    assert not helpers.is_event_attributes(DictValue({"metric": _entry(DictValue())}), None)
    assert not helpers.is_event_attributes(DictValue({"profile": _entry(DictValue())}), None)


def test_event_attribute_dicts():
    attributes = DictValue({"metric": _entry(DictValue()), "profile": _entry(DictValue())})
    body = DictValue({"data": _entry(DictValue({"type": _entry(_str("event")), "attributes": _entry(attributes)}))})
    assert [id(d) for d in helpers.event_attribute_dicts(body)] == [id(attributes)]
    # the same attributes dict reached twice is one event
    twice = ListValue([DictValue({"attributes": _entry(attributes)}), DictValue({"attributes": _entry(attributes)})])
    assert [id(d) for d in helpers.event_attribute_dicts(twice)] == [id(attributes)]
    # an event-shaped dict inside properties is free-form data, not an event
    props = DictValue({"properties": _entry(attributes)})
    assert helpers.event_attribute_dicts(props) == []
    # an event-shaped dict with no type and no attributes is itself the attributes
    assert [id(d) for d in helpers.event_attribute_dicts(attributes)] == [id(attributes)]
    # under a type that is not "event", with its own attributes entry: not an event
    typed = DictValue({"type": _entry(_str("profile")), "metric": _entry(DictValue()),
                       "profile": _entry(DictValue())})
    assert helpers.event_attribute_dicts(typed) == []
    with_attrs = DictValue({"attributes": _entry(_str("x")), "metric": _entry(DictValue()),
                            "profile": _entry(DictValue())})
    assert helpers.event_attribute_dicts(with_attrs) == []
    # a model under "type": "event" counts by its parent's type, whatever its name
    model = ObjectValue("m.SomeAttributes", call=object(), site=None, attrs={"metric": _str("m")})
    event = DictValue({"type": _entry(_str("event")), "attributes": _entry(model)})
    found = helpers.event_attribute_dicts(event)
    assert len(found) == 1 and set(found[0].entries) == {"metric"}
    # distinct events are each found: under parents, and bare
    first = DictValue({"metric": _entry(DictValue()), "profile": _entry(DictValue())})
    second = DictValue({"metric": _entry(DictValue()), "profile": _entry(DictValue())})
    pair = ListValue([DictValue({"attributes": _entry(first)}), DictValue({"attributes": _entry(second)})])
    assert [id(d) for d in helpers.event_attribute_dicts(pair)] == [id(first), id(second)]
    assert [id(d) for d in helpers.event_attribute_dicts(ListValue([first, second]))] == [id(first), id(second)]


# --- klaviyo_calls through rules ----------------------------------------------------------------

def test_a_helper_call_does_not_hide_the_raw_calls_after_it():
    code = ('import requests\nBASE = "https://a.klaviyo.com/api/"\n\n'
            'def send(path):\n    return requests.get(BASE + path, headers=H, timeout=5)\n\n'
            'send("lists/")\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n')
    assert codes(code, select=("KL002",)) == [(5, "KL002"), (8, "KL002")]


def test_credentials_alone_make_a_klaviyo_call():
    code = ('import requests\n'
            'def f(url):\n'
            '    requests.get(url, headers={"Authorization": "Klaviyo-API-Key pk_x"}, timeout=5)\n')
    assert lint(code, select=("KL003",)) == [
        (3, 5, "KL003", "request to Klaviyo has no 'revision' header; Klaviyo requires one "
                        "(e.g. \"revision\": \"2026-10-15\")", 'add "revision": "2026-10-15"', Applicability.SAFE)]


def test_unknown_authorization_is_not_a_klaviyo_call():
    code = 'import requests\ndef f(url, key):\n    requests.get(url, headers={"Authorization": key}, timeout=5)\n'
    assert lint(code, select=("KL002", "KL003")) == []


# --- KL003 fixes and their safety -----------------------------------------------------------------

REVISION_MESSAGE = ("request to /api/lists/ has no 'revision' header; Klaviyo requires one "
                    "(e.g. \"revision\": \"2026-10-15\")")


def test_kl003_fix_in_the_call_is_safe():
    code = 'import requests\nrequests.get("https://a.klaviyo.com/api/lists/", headers={"A": "k"}, timeout=5)\n'
    assert lint(code, select=("KL003",)) == [(2, 1, "KL003", REVISION_MESSAGE, 'add "revision": "2026-10-15"',
                                              Applicability.SAFE)]


def test_kl003_fix_of_a_constant_only_klaviyo_reads_is_safe():
    code = ('import requests\nH = {"A": "k"}\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n')
    assert [finding[5] for finding in lint(code, select=("KL003",))] == [Applicability.SAFE] * 2


def test_kl003_fix_of_a_constant_read_elsewhere_is_unsafe():
    code = ('import requests\nH = {"A": "k"}\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n'
            'requests.get("https://api.example.com/x", headers=H, timeout=5)\n')
    assert [finding[4:] for finding in lint(code, select=("KL003",))] == [
        ('add "revision": "2026-10-15"', Applicability.UNSAFE)]


def test_kl003_fix_of_a_constant_with_another_user_first_is_unsafe():
    code = ('import requests\nH = {"A": "k"}\nprint(H)\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n')
    assert [finding[5] for finding in lint(code, select=("KL003",))] == [Applicability.UNSAFE]


def test_kl003_fix_of_a_local_literal_outside_the_call_is_unsafe():
    code = ('import requests\ndef f():\n    h = {"A": "k"}\n'
            '    requests.get("https://a.klaviyo.com/api/lists/", headers=h, timeout=5)\n')
    assert [finding[5] for finding in lint(code, select=("KL003",))] == [Applicability.UNSAFE]


def test_kl003_no_fix_when_the_headers_are_empty_or_from_two_literals():
    empty = 'import requests\nrequests.get("https://a.klaviyo.com/api/lists/", headers={}, timeout=5)\n'
    assert [finding[4] for finding in lint(empty, select=("KL003",))] == [None]
    merged = ('import requests\nA = {"A": "k"}\nB = {"B": "k"}\n'
              'requests.get("https://a.klaviyo.com/api/lists/", headers={**A, **B}, timeout=5)\n')
    assert [finding[4] for finding in lint(merged, select=("KL003",))] == [None]


# --- KL011 -----------------------------------------------------------------------------------------

def test_kl011_null_timeout():
    code = 'import axios from "axios";\naxios.get("https://a.klaviyo.com/api/lists/", { headers: H, timeout: null });\n'
    assert [finding[3] for finding in lint(code, "a.js", select=("KL011",))] == [
        "timeout=null waits forever for Klaviyo; give a time limit"]


def test_kl011_undefined_timeout():
    code = ('import axios from "axios";\n'
            'axios.get("https://a.klaviyo.com/api/lists/", { headers: H, timeout: undefined });\n')
    assert [finding[3] for finding in lint(code, "a.js", select=("KL011",))] == [
        "timeout=undefined waits forever for Klaviyo; give a time limit"]


def test_kl011_requests_fix():
    code = 'import requests\nrequests.get("https://a.klaviyo.com/api/lists/", headers=H)\n'
    assert [finding[4:] for finding in lint(code, select=("KL011",))] == [("add timeout=10", Applicability.SAFE)]


@pytest.mark.parametrize("method", ["put", "patch", "post"])
def test_kl011_axios_fix_with_a_body_goes_in_the_third_argument(method):
    code = (f'import axios from "axios";\n'
            f'axios.{method}("https://a.klaviyo.com/api/lists/x/", data, {{ headers: H }});\n')
    assert fixed(code, "a.js", {"KL011"}) == (
        f'import axios from "axios";\n'
        f'axios.{method}("https://a.klaviyo.com/api/lists/x/", data, {{ headers: H, timeout: 10000 }});\n')


def test_kl011_axios_fix_without_a_body_goes_in_the_second_argument():
    code = 'import axios from "axios";\naxios.get("https://a.klaviyo.com/api/lists/", { headers: H });\n'
    assert fixed(code, "a.js", {"KL011"}) == (
        'import axios from "axios";\naxios.get("https://a.klaviyo.com/api/lists/", { headers: H, timeout: 10000 });\n')


def test_kl011_axios_fix_adds_an_options_argument_after_the_body():
    code = 'import axios from "axios";\naxios.post("https://a.klaviyo.com/api/lists/x/", data);\n'
    assert fixed(code, "a.js", {"KL011"}) == (
        'import axios from "axios";\naxios.post("https://a.klaviyo.com/api/lists/x/", data, { timeout: 10000 });\n')


def test_kl011_no_axios_fix_without_a_place_for_it():
    config = 'import axios from "axios";\naxios({ url: "https://a.klaviyo.com/api/lists/", method: "get" });\n'
    assert [finding[4] for finding in lint(config, "a.js", select=("KL011",))] == [None]
    method = ('import axios from "axios";\n'
              'axios("https://a.klaviyo.com/api/lists/x/", { method: "post", data: d });\n')
    assert [finding[4] for finding in lint(method, "a.js", select=("KL011",))] == [None]


# --- KL014 -------------------------------------------------------------------------------------------

KL014_MESSAGE = ("HMAC signature compared with an equality operator leaks timing; use "
                 "hmac.compare_digest(expected, received)")


def test_kl014_each_comparison_once_and_all_of_them():
    code = ('import hmac, hashlib\n# klaviyo\n'
            'def check(body, signature, other):\n'
            '    digest = hmac.new(KEY, body, hashlib.sha256).hexdigest()\n'
            '    if digest == signature:\n        return True\n'
            '    if other == signature:\n        return False\n'
            '    return signature != digest\n')
    assert lint(code, select=("KL014",)) == [
        (5, 8, "KL014", KL014_MESSAGE, "compare in constant time", Applicability.SAFE),
        (9, 12, "KL014", KL014_MESSAGE, "compare in constant time", Applicability.SAFE),
    ]


def test_kl014_a_chained_comparison_is_reported_once_without_a_fix_and_later_ones_still_are():
    code = ('import hmac, hashlib\n# klaviyo\n'
            'def f(k, b, sig, x):\n'
            '    d = hmac.new(k, b, hashlib.sha256).hexdigest()\n'
            '    if d == sig == x:\n        pass\n'
            '    return sig == d\n')
    assert lint(code, select=("KL014",)) == [
        (5, 8, "KL014", KL014_MESSAGE, None, None),
        (7, 12, "KL014", KL014_MESSAGE, "compare in constant time", Applicability.SAFE),
    ]


def test_kl014_node_timing_safe_equal_is_only_displayed():
    code = ('import { createHmac } from "node:crypto";\n// klaviyo webhook\n'
            'const expected = createHmac("sha256", secret).update(body).digest("hex");\n'
            'if (expected === sig) { ok(); }\n')
    assert [finding[4:] for finding in lint(code, "a.js", select=("KL014",))] == [
        ("compare in constant time", Applicability.DISPLAY)]


# --- KL003: more fix safety --------------------------------------------------------------------------

def test_kl003_constant_counted_against_klaviyo_calls_with_other_headers():
    code = ('import requests\nH = {"A": "k"}\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers={"B": "k"}, timeout=5)\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=make(), timeout=5)\n')
    assert [finding[5] for finding in lint(code, select=("KL003",))] == [Applicability.SAFE] * 2


def test_kl003_no_fix_without_a_stable_revision():
    code = 'import requests\nrequests.get("https://a.klaviyo.com/api/lists/", headers={"A": "k"}, timeout=5)\n'
    assert [finding[4] for finding in lint(code, select=("KL003",), as_of="2020-01-01")] == [None]


# --- KL002, KL006, KL007 ---------------------------------------------------------------------------

def test_kl002_a_client_call_does_not_hide_the_calls_after_it():
    code = ('import requests\n'
            'requests.post("https://a.klaviyo.com/client/subscriptions/?company_id=X", json={}, timeout=5)\n'
            'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n')
    assert codes(code, select=("KL002",)) == [(3, "KL002")]


def test_kl006_fix():
    code = 'import requests\nrequests.post("https://a.klaviyo.com/api/profiles/", json=body, headers=H, timeout=5)\n'
    assert [finding[4:] for finding in lint(code, select=("KL006",))] == [
        ("POST to /api/profile-import/ (an upsert)", Applicability.UNSAFE)]


def test_kl007_only_posts_to_the_events_endpoints():
    body = '{"data": {"type": "event", "attributes": {"metric": m, "profile": p}}}'
    elsewhere = f'import requests\nrequests.post("https://a.klaviyo.com/api/profiles/", json={body}, headers=H, timeout=5)\n'
    assert codes(elsewhere, select=("KL007",)) == []
    get = f'import requests\nrequests.request("GET", "https://a.klaviyo.com/api/events/", json={body}, headers=H, timeout=5)\n'
    assert codes(get, select=("KL007",)) == []
    post = f'import requests\nrequests.post("https://a.klaviyo.com/api/events/", json={body}, headers=H, timeout=5)\n'
    assert codes(post, select=("KL007",)) == [(2, "KL007")]


# --- KL011: where the axios fix goes --------------------------------------------------------------------

def test_kl011_no_axios_fix_for_a_post_without_a_body():
    code = 'import axios from "axios";\naxios.post("https://a.klaviyo.com/api/lists/x/");\n'
    assert [finding[4] for finding in lint(code, "a.js", select=("KL011",))] == [None]


def test_kl011_fetch_fix_adds_an_options_argument():
    code = 'await fetch("https://a.klaviyo.com/api/lists/");\n'
    assert fixed(code, "a.js", {"KL011"}) == (
        'await fetch("https://a.klaviyo.com/api/lists/", { signal: AbortSignal.timeout(10000) });\n')


# --- SDK options (code_helpers.sdk_option_values, through KL012) ------------------------------------------

def test_sdk_options_of_every_construction():
    code = ('from klaviyo_api import KlaviyoAPI\n'
            'a = KlaviyoAPI(key)\n'
            'b = KlaviyoAPI(key, max_retries=0)\n')
    assert codes(code, select=("KL012",)) == [(3, "KL012")]


def test_sdk_options_object_that_cannot_be_resolved():
    code = ('import { ApiKeySession, RetryWithExponentialBackoff } from "klaviyo-api";\n'
            'const s = new ApiKeySession(key, new RetryWithExponentialBackoff(options));\n'
            'const t = new ApiKeySession(key, new RetryWithExponentialBackoff({ numRetries: 1 }));\n')
    assert codes(code, "a.ts", select=("KL012",)) == [(3, "KL012")]


# --- the scope model seen through the rules (klint/frontends/scopes.py) ------------------------------

def test_instance_and_class_attributes_of_self():
    code = ('import requests\n'
            'class C:\n'
            '    base = "https://a.klaviyo.com/api"\n'
            '    def __init__(self):\n'
            '        self.url = "https://a.klaviyo.com/api/lists/"\n'
            '    def f(self):\n'
            '        requests.get(self.url, headers=H, timeout=5)\n'
            '    def g(self):\n'
            '        requests.get(self.base + "/profiles/", headers=H, timeout=5)\n'
            '    def h(self):\n'
            '        requests.get(self.nothing, headers=H, timeout=5)\n'
            'def free(self):\n'
            '    requests.get(self.url, headers=H, timeout=5)\n')
    sdk = "use the klaviyo-api SDK, which retries rate-limited calls and sends the revision header"
    assert [finding[:4] for finding in lint(code, select=("KL002",))] == [
        (7, 9, "KL002", f"raw requests request to a.klaviyo.com/api/lists/; {sdk}"),
        (9, 9, "KL002", f"raw requests request to a.klaviyo.com/api/profiles/; {sdk}"),
    ]


def test_helpers_are_followed_three_levels_up():
    code = ('import requests\n'
            'BASE = "https://a.klaviyo.com/api/"\n'
            'def h1(p, b):\n    return requests.post(BASE + p, json=b, headers=H, timeout=5)\n'
            'def h2(p, b):\n    return h1(p, b)\n'
            'def h3(p, b):\n    return h2(p, b)\n'
            'def h4(p, b):\n    return h3(p, b)\n'
            'h1("profiles/", {})\nh2("profiles/", {})\nh3("profiles/", {})\nh4("profiles/", {})\n'
            'def m(b):\n    return h1("profiles/", b)\n'
            'm({})\n')
    assert codes(code, select=("KL002", "KL006")) == [
        (4, "KL002"), (11, "KL006"), (12, "KL006"), (13, "KL006"), (16, "KL006"), (17, "KL006")]


def test_find_rule_by_code_or_name_in_any_case():
    from klint.rules import find_rule
    assert find_rule(" kl003 ").code == "KL003"
    assert find_rule("Missing-Revision-Header").code == "KL003"
    assert find_rule("KL999") is None and find_rule("nothing") is None


# --- rules/base.py: the example factories (rule modules build theirs at import time, before
# mutmut switches a mutant on, so only a call at test time can see a mutant in them) -------------

def test_example_factories_and_their_defaults():
    from klint.rules.base import Example, Invalid, Valid
    assert Valid("x") == Example(code="x", filename="example.py", note="", as_of="2026-11-26")
    assert Valid("x", "a.ts", "n", "2025-01-01") == Example(code="x", filename="a.ts", note="n", as_of="2025-01-01")
    invalid = Invalid("y", line=1, column=2, end_line=3, end_column=4, message="m")
    assert invalid == Example(code="y", filename="example.py", line=1, column=2, end_line=3, end_column=4,
                              message="m", count=1, note="", as_of="2026-11-26", fixed=None)
    assert Invalid("y", filename="b.js", line=1, column=2, end_line=3, end_column=4, message="m", count=2,
                   note="n", as_of="2025-01-01", fixed="z") == Example(
        code="y", filename="b.js", line=1, column=2, end_line=3, end_column=4, message="m", count=2, note="n",
        as_of="2025-01-01", fixed="z")


def test_documentation_of_an_undocumented_rule_is_empty():
    from klint.rules.base import Rule

    class Bare(Rule):
        pass

    Bare.__doc__ = None
    assert Bare.documentation() == ""


# --- KL004 -----------------------------------------------------------------------------------------

RETIRED = ("revision 2023-02-22 was retired on 2025-02-22 (as of 2026-11-26); move to a current "
           "revision such as 2026-10-15")
URL = '"https://a.klaviyo.com/api/lists/"'


def test_kl004_unpublished_revisions_are_reported_without_a_fix():
    for revision in ("2025-03-03", "2099-01-15"):
        code = f'import requests\nrequests.get({URL}, headers={{"revision": "{revision}"}}, timeout=5)\n'
        assert [finding[2:] for finding in lint(code, select=("KL004",))] == [
            ("KL004", f"revision '{revision}' is not a published Klaviyo revision (latest: 2026-10-15)", None, None)]


def test_kl004_an_unknown_revision_does_not_hide_the_next():
    code = (f'import requests\nrequests.get({URL}, headers={{"revision": rev}}, timeout=5)\n'
            f'requests.get({URL}, headers={{"revision": "2023-02-22"}}, timeout=5)\n')
    assert lint(code, select=("KL004",)) == [
        (3, 71, "KL004", RETIRED, "use revision 2026-10-15", Applicability.UNSAFE)]


def test_kl004_a_concatenated_revision_is_reported_at_the_whole_value_without_a_fix():
    code = f'import requests\nrequests.get({URL}, headers={{"revision": "2023-" + "02-22"}}, timeout=5)\n'
    assert lint(code, select=("KL004",)) == [(2, 71, "KL004", RETIRED, None, None)]


def test_kl004_revisions_through_names():
    override = 'from klaviyo_api import KlaviyoAPI\nREV = "2023-02-22"\nKlaviyoAPI._REVISION = REV\n'
    assert [finding[:3] for finding in lint(override, select=("KL004",))] == [(2, 7, "KL004")]
    constant = '# klaviyo\nBASE = "2023-02-22"\nKLAVIYO_REVISION = BASE\n'
    assert [finding[:3] for finding in lint(constant, select=("KL004",))] == [(2, 8, "KL004")]


def test_kl004_revision_constants_judged_only_when_retired_or_deprecated():
    code = ('# klaviyo\nA_REVISION = os.environ["X"]\nB_REVISION = "2026-99-01"\nC_REVISION = "2099-01-15"\n'
            'D_REVISION = "2023-02-22"\n')
    assert [finding[:3] for finding in lint(code, select=("KL004",))] == [(5, 14, "KL004")]


def test_kl004_header_dicts_after_other_dicts():
    code = '# klaviyo\nx = dict(**y)\nH = {"Authorization": "k", "revision": "2023-02-22"}\n'
    assert [finding[:3] for finding in lint(code, select=("KL004",))] == [(3, 40, "KL004")]


# --- KL009, KL012, KL016 --------------------------------------------------------------------------

def test_kl009_each_literal_once_wherever_it_is_used():
    long = "5" * 40  # klaviyo.MAX_PHONE_LENGTH: judged; one more character is prose
    code = ('# klaviyo\nPHONE = "5551234567"\n'
            'a = {"phone_number": PHONE}\nb = {"phone_number": PHONE}\nc = {"phone_number": x}\n'
            'd = {"phone_number": "555" + "1234567"}\n'
            f'e = {{"phone_number": "{long}"}}\nf = {{"phone_number": "{long}5"}}\n'
            'Profile(phone_number=PHONE)\nProfile(phone_number=OTHER)\nOTHER = "5559876543"\n')
    assert [finding[:3] for finding in lint(code, select=("KL009",))] == [
        (2, 9, "KL009"), (6, 22, "KL009"), (7, 22, "KL009")]


def test_kl012_limits_and_fixes():
    code = ('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key, max_retries=2)\n'
            'R = 1\nj = KlaviyoAPI(key, max_retries=R)\nm = KlaviyoAPI(key, max_retries=0)\n')
    message = ("max_retries={} counts total attempts, so the SDK never retries a 429 or 503; keep the "
               "default (3) or raise it")
    assert lint(code, select=("KL012",)) == [
        (3, 5, "KL012", message.format(1), None, None),  # a constant: it may serve other code
        (5, 33, "KL012", message.format(0), "drop max_retries (default: 3 attempts)", Applicability.SAFE),
    ]


def test_kl016_other_packages_are_not_judged_and_do_not_hide_the_sdk():
    code = 'requests==16.0.0\nklaviyo-api==16.0.0\n'
    assert lint(code, "requirements.txt", select=("KL016",)) == [
        (2, 1, "KL016", "Python klaviyo-api 16.0.0 sends revision 2024-10-15, retired on 2026-10-15; upgrade the SDK",
         "upgrade to klaviyo-api 25.0.0", Applicability.UNSAFE)]


# --- KL008 and rules/fixing.py: the version the lock files beside a manifest resolve -----------------

def lint_on_disk(path: Path, select=("KL008",)):
    settings = _settings(select)
    rules = [rule() for rule in ALL_RULES if rule.code in settings.select]
    result = lint_text(TargetFile(path, path.name), path.read_text(), settings, rules,
                       _dt.date.fromisoformat(AS_OF))
    return result, [(f.span.start_line, f.code, f.fix.description if f.fix else None,
                     [(e.span.start_line, e.span.start_col, e.span.end_col, e.replacement) for e in f.fix.edits]
                     if f.fix else None) for f in result.findings]


PIN = "pin the version the lock file resolves"
POETRY = '[[package]]\nname = "klaviyo_api"\nversion = "25.0.0"\n\n[[package]]\nname = "requests"\nversion = "2.0.0"\n'


@pytest.mark.parametrize(("lock", "text", "version"), [
    ("poetry.lock", POETRY, "25.0.0"),
    ("uv.lock", '[[package]]\nname = "klaviyo-api"\nversion = "24.0.0"\n', "24.0.0"),
    ("Pipfile.lock", '{"default": {"klaviyo-api": {"version": "==23.0.0"}}}', "23.0.0"),
    ("Pipfile.lock", '{"develop": {"klaviyo-api": {"version": "==22.0.0"}}}', "22.0.0"),
])
def test_kl008_pins_the_python_lock_files_version(tmp_path, lock, text, version):
    (tmp_path / lock).write_text(text)
    manifest = tmp_path / "requirements.txt"
    manifest.write_text("requests\nklaviyo-api>=20\n")
    result, findings = lint_on_disk(manifest)
    assert result.diagnostics == []
    assert findings == [(2, "KL008", PIN, [(2, 12, 16, f"=={version}")])]


@pytest.mark.parametrize("text", [
    '{"packages": {"node_modules/klaviyo-api": {"version": "23.0.0"}}}',
    '{"dependencies": {"klaviyo-api": {"version": "23.0.0"}}}',
])
def test_kl008_pins_the_npm_lock_files_version(tmp_path, text):
    (tmp_path / "package-lock.json").write_text(text)
    manifest = tmp_path / "package.json"
    manifest.write_text('{"dependencies": {"klaviyo-api": "^21.0.0"}}')
    result, findings = lint_on_disk(manifest)
    assert result.diagnostics == []
    assert findings == [(1, "KL008", PIN, [(1, 35, 42, "23.0.0")])]


@pytest.mark.parametrize(("files", "why"), [
    ({"poetry.lock": POETRY, "uv.lock": '[[package]]\nname = "klaviyo-api"\nversion = "24.0.0"\n'}, "they disagree"),
    ({"Pipfile.lock": '{"default": {"klaviyo-api": {"version": "*"}}}'}, "not an exact version"),
    ({"Pipfile.lock": '{"default": []}'}, "not the expected shape"),
    ({"poetry.lock": "not [toml"}, "unreadable"),
    ({"package-lock.json": '{"packages": {"node_modules/klaviyo-api": {"version": "23.0.0"}}}'}, "the other ecosystem"),
    ({}, "no lock file"),
])
def test_kl008_no_fix_without_one_exact_locked_version(tmp_path, files, why):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    manifest = tmp_path / "requirements.txt"
    manifest.write_text("klaviyo-api>=20\n")
    result, findings = lint_on_disk(manifest)
    assert result.diagnostics == [], why
    assert findings == [(1, "KL008", None, None)], why


def test_kl008_a_lock_file_that_is_a_link_is_not_read(tmp_path):
    (tmp_path / "elsewhere.lock").write_text(POETRY)
    (tmp_path / "poetry.lock").symlink_to(tmp_path / "elsewhere.lock")
    manifest = tmp_path / "requirements.txt"
    manifest.write_text("klaviyo-api>=20\n")
    assert lint_on_disk(manifest)[1] == [(1, "KL008", None, None)]


def test_kl008_reads_toml_lock_files_on_python_3_10(tmp_path, monkeypatch):
    import sys

    tomllib = pytest.importorskip("tomllib", reason="on 3.10 itself the whole suite runs with tomli")

    monkeypatch.setitem(sys.modules, "tomllib", None)  # what Python 3.10 has: no tomllib…
    monkeypatch.setitem(sys.modules, "tomli", tomllib)  # …and tomli, as pyproject.toml installs there
    (tmp_path / "poetry.lock").write_text(POETRY)
    manifest = tmp_path / "requirements.txt"
    manifest.write_text("klaviyo-api>=20\n")
    result, findings = lint_on_disk(manifest)
    assert result.diagnostics == []
    assert findings == [(1, "KL008", PIN, [(1, 12, 16, "==25.0.0")])]


# --- KL013, KL015 ------------------------------------------------------------------------------------

def test_kl013_looks_private():
    from klint.frontends.values import Hole, NumValue
    from klint.rules.kl013_key_in_query_string import looks_private
    assert looks_private(_str("pk_12345678"))
    assert not looks_private(_str("pk_1234567"))  # ten characters: too short for a key
    assert not looks_private(_str("xx_12345678901"))
    assert not looks_private(_str("PK_12345678901"))
    assert looks_private(StrValue(("pk_", Hole("rest"))))
    assert looks_private(StrValue(("x", Hole("KLAVIYO_PRIVATE_KEY"))))
    assert not looks_private(StrValue(("x", Hole("page"))))
    assert looks_private(Unknown("KLAVIYO_PRIVATE_KEY"))
    assert not looks_private(Unknown(""))
    assert not looks_private(NumValue(1, None))


AUTH_CALL = ('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=5, '
             'headers={{"Authorization": {}, "revision": "2026-10-15"}})\n')


@pytest.mark.parametrize(("written", "wanted"), [
    ('"pk_abcdefghijk"', '"Klaviyo-API-Key pk_abcdefghijk"'),  # a literal key: the scheme goes before it
    ('f"{KLAVIYO_API_KEY}"', None),  # an f-string that starts with its interpolation: no fix
    ('f"Bearer {KLAVIYO_API_KEY}"', 'f"Klaviyo-API-Key {KLAVIYO_API_KEY}"'),  # the scheme word replaced
    ('KLAVIYO_API_KEY', '"Klaviyo-API-Key " + KLAVIYO_API_KEY'),  # no literal: a prefix added
])
def test_kl015_fixes(written, wanted):
    code = AUTH_CALL.format(written)
    assert [finding[4:] for finding in lint(code, select=("KL015",))] == [
        ("send the key as 'Klaviyo-API-Key <key>'", Applicability.SAFE) if wanted else (None, None)]
    assert fixed(code, "a.py", {"KL015"}) == AUTH_CALL.format(wanted or written)


def _pin(tmp_path, name, text, lock=("poetry.lock", POETRY)):
    if lock:
        (tmp_path / lock[0]).write_text(lock[1])
    (tmp_path / name).write_text(text)
    result, findings = lint_on_disk(tmp_path / name)
    assert result.diagnostics == []
    return findings


@pytest.mark.parametrize(("name", "text", "edit"), [
    ("requirements.txt", "klaviyo-api\n", (1, 12, 12, "==25.0.0")),  # no version: `==V` added
    ("requirements.txt", "klaviyo-api; python_version > '3.8'\n", (1, 12, 12, "==25.0.0")),
    ("requirements.txt", "klaviyo-api  # the SDK\n", (1, 12, 12, "==25.0.0")),
    ("pyproject.toml", '[project]\ndependencies = ["klaviyo-api", "requests"]\n', (2, 29, 29, "==25.0.0")),
    ("pyproject.toml", "[project]\ndependencies = ['klaviyo-api']\n", (2, 29, 29, "==25.0.0")),
    ("pyproject.toml", '[tool.poetry.dependencies]\nklaviyo-api = "^20"\n', (2, 16, 19, "25.0.0")),  # poetry: bare
])
def test_pin_fix_edits(tmp_path, name, text, edit):
    assert _pin(tmp_path, name, text) == [(edit[0], "KL008", PIN, [edit])]


def test_pin_fix_edits_the_specifier_after_the_packages_name(tmp_path):
    lock = ("package-lock.json", '{"packages": [], "dependencies": {"klaviyo-api": {"version": "23.0.0"}}}')
    text = '{"description": "uses klaviyo-api ^21.0.0", "dependencies": {"x": "^21.0.0", "klaviyo-api": "^21.0.0"}}'
    assert _pin(tmp_path, "package.json", text, lock) == [(1, "KL008", PIN, [(1, 94, 101, "23.0.0")])]


def test_pin_fix_none_when_the_specifier_is_written_twice(tmp_path):
    assert _pin(tmp_path, "requirements.txt", "klaviyo-api>=20  # >=20\n") == [(1, "KL008", None, None)]


def test_locked_version_of_a_poetry_lock_without_packages(tmp_path):
    lock = ("poetry.lock", "[metadata]\nx = 1\n")
    assert _pin(tmp_path, "requirements.txt", "klaviyo-api>=20\n", lock) == [(1, "KL008", None, None)]


def test_kl016_no_fix_when_even_the_newest_sdk_sends_a_revision_past_stable():
    findings = lint("klaviyo-api==16.0.0\n", "requirements.txt", select=("KL016",), as_of="2030-01-01")
    assert [finding[4:] for finding in findings] == [(None, None)]


def test_kl004_a_constant_is_evaluated_where_it_is_assigned():
    code = '# klaviyo\nBASE = "2023-02-22"\nKLAVIYO_REVISION = BASE\nBASE = "2026-10-15"\n'
    assert [finding[:3] for finding in lint(code, select=("KL004",))] == [(2, 8, "KL004")]


# --- whole spans (start and end), for the rules that pick the literal or the whole value -----------

def spans(code: str, filename: str = "a.py", select=()):
    settings = _settings(select)
    rules = [rule() for rule in ALL_RULES if rule.code in settings.select]
    result = lint_text(TargetFile(Path(filename), filename), code, settings, rules, _dt.date.fromisoformat(AS_OF))
    assert result.diagnostics == []
    return [(f.span.start_line, f.span.start_col, f.span.end_line, f.span.end_col, f.code,
             f.fix.description if f.fix else None) for f in result.findings]


def test_kl014_a_chain_with_the_digest_in_two_links_is_one_finding():
    code = ('import hmac, hashlib\n# klaviyo\ndef f(k, b, sig):\n'
            '    d = hmac.new(k, b, hashlib.sha256).hexdigest()\n    return sig == d == d\n')
    assert spans(code, select=("KL014",)) == [(5, 12, 5, 25, "KL014", None)]


def test_kl004_and_kl009_report_a_concatenation_as_a_whole():
    revision = ('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", '
                'headers={"revision": "2023-" + "02-22"}, timeout=5)\n')
    assert spans(revision, select=("KL004",)) == [(2, 71, 2, 88, "KL004", None)]
    phone = '# klaviyo\nd = {"phone_number": "555" + "1234567"}\n'
    assert spans(phone, select=("KL009",)) == [(2, 22, 2, 39, "KL009", None)]


def test_kl004_unpublished_revisions_in_headers_built_by_calls_and_in_sdk_overrides():
    built = ('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", '
             'headers=dict(revision="2025-03-03"), timeout=5)\n')
    assert spans(built, select=("KL004",)) == [(2, 72, 2, 84, "KL004", None)]
    override = 'from klaviyo_api import KlaviyoAPI\nKlaviyoAPI._REVISION = "2025-03-03"\n'
    assert spans(override, select=("KL004",)) == [(2, 24, 2, 36, "KL004", None)]


def test_kl005_and_kl013_look_through_helpers():
    helper = ('import requests\nBASE = "https://a.klaviyo.com/api"\n'
              'def get(path):\n    return requests.get(BASE + path, timeout=5)\n')
    assert spans(helper + 'get("/v2/lists")\n', select=("KL005",)) == [(5, 1, 5, 17, "KL005", None)]
    assert spans(helper + 'get("/events/?api_key=" + KLAVIYO_PRIVATE_KEY)\n', select=("KL013",)) == [
        (5, 5, 5, 24, "KL013", None)]


def test_kl010_skips_properties_and_reports_each_key_once():
    code = ('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
            'k.Profiles.create_or_update_profile({"data": {"type": "profile", "attributes": '
            '{"email": e, "phoneNumber": p, "properties": {"firstName": "x"}}}})\n'
            'k.Profiles.create_or_update_profile({"data": {"type": "profile", "attributes": '
            '{"phone_number": p, "phoneNumber": p}}})\n'
            'A = {"data": {"type": "profile", "attributes": {"externalId": x}}}\n'
            'k.Profiles.create_or_update_profile(A)\nk.Profiles.create_or_update_profile(A)\n')
    assert spans(code, select=("KL010",)) == [
        (3, 93, 3, 106, "KL010", "rename 'phoneNumber' to 'phone_number'"),
        (4, 100, 4, 113, "KL010", None),  # phone_number is there too: renaming would clash
        (5, 49, 5, 61, "KL010", "rename 'externalId' to 'external_id'"),
    ]


def test_kl002_silent_when_an_inner_if_may_leave_another_host():
    code = ('import requests\n'
            'def f(c, d):\n'
            '    if c:\n'
            '        url = "https://api.example.com/x"\n'
            '        if d:\n'
            '            url = "https://a.klaviyo.com/api/lists/"\n'
            '        requests.get(url, headers=H, timeout=5)\n')
    assert codes(code, select=("KL002",)) == []


@pytest.mark.parametrize(("headers", "expected"), [
    ('H', [(2, 23, 2, 46, "KL015", "send the key as 'Klaviyo-API-Key <key>'")]),  # one literal, two calls
    ('H2', [(3, 7, 3, 16, "KL015", None)]),  # a key header Klaviyo ignores: the name, no fix
    ('{"Authorization": f" Bearer {KLAVIYO_API_KEY}"}',  # not at the very start: no fix
     [(4, 87, 4, 115, "KL015", None), (5, 87, 5, 115, "KL015", None)]),
    ('{"Authorization": f"{KLAVIYO_API_KEY} x"}', [(4, 87, 4, 109, "KL015", None), (5, 87, 5, 109, "KL015", None)]),
    ('{"X-Api-Key": KLAVIYO_API_KEY}', [(4, 70, 4, 81, "KL015", None), (5, 70, 5, 81, "KL015", None)]),
])
def test_kl015_each_place_once_and_fixes_only_where_the_scheme_leads(headers, expected):
    code = ('import requests\nH = {"Authorization": "Bearer pk_abcdefghijk"}\nH2 = {"api_key": "pk_abcdefghijk"}\n'
            f'requests.get("https://a.klaviyo.com/api/lists/", timeout=5, headers={headers})\n'
            f'requests.get("https://a.klaviyo.com/api/lists/", timeout=5, headers={headers})\n')
    assert spans(code, select=("KL015",)) == expected


def test_kl013_params_credentials_and_names_of_unresolved_attributes():
    params = ('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", '
              'params={"api_key": KLAVIYO_PRIVATE_KEY}, timeout=5)\n')
    assert spans(params, select=("KL013",)) == [(2, 58, 2, 67, "KL013", None)]
    by_credentials = ('import requests\ndef f(url):\n    requests.get(url, params={"api_key": KLAVIYO_PRIVATE_KEY}, '
                      'headers={"Authorization": "Klaviyo-API-Key pk_x"}, timeout=5)\n')
    assert spans(by_credentials, select=("KL013",)) == [(3, 31, 3, 40, "KL013", None)]
    attribute = ('import requests\nclass C:\n    def f(self):\n        requests.get('
                 '"https://a.klaviyo.com/api/lists/?api_key=" + self.klaviyo_private_key, timeout=5)\n')
    assert spans(attribute, select=("KL013",)) == [(4, 22, 4, 65, "KL013", None)]


# --- the six newest rules (KL017–KL022): what their examples cannot pin ---------------------

def _found(code_text: str, filename: str, rule_code: str):
    """(start line, column, end line, end column, message, severity) of each finding of one rule,
    with the default rules beside it, as `klint` runs it; a crash fails the test."""
    rule = next(rule for rule in ALL_RULES if rule.code == rule_code)
    return [(f.span.start_line, f.span.start_col, f.span.end_line, f.span.end_col, f.message, f.severity)
            for f in run_example(rule, Valid(code_text, filename=filename))]


@pytest.mark.parametrize("argument", ["config", "getKey", "42"])
def test_kl017_a_key_that_is_no_string_is_not_judged(argument):
    # an object, a function or a number where the key goes: no variable name to judge, no crash
    code = ('import { ApiKeySession } from "klaviyo-api";\nconst config = { key: process.env.NEXT_PUBLIC_X };\n'
            f'function getKey() {{ return "k"; }}\nexport const session = new ApiKeySession({argument});\n')
    assert _found(code, "lib/klaviyo.ts", "KL017") == []


def test_kl018_a_signature_read_but_never_verified_is_a_warning():
    code = ('def handle(request):\n    signature = request.headers["Klaviyo-Signature"]\n'
            '    return process(request.json)\n')
    assert _found(code, "a.py", "KL018") == [
        (2, 33, 2, 52, "the handler reads Klaviyo-Signature but never computes an HMAC: anyone can post forged "
                       "webhooks; verify HMAC-SHA256 over the raw body and Klaviyo-Timestamp", Severity.WARNING)]
    wrong_hash = ('import hashlib, hmac\n\ndef verify(request, secret):\n'
                  '    signature = request.headers["Klaviyo-Signature"]\n'
                  '    timestamp = request.headers["Klaviyo-Timestamp"]\n'
                  '    expected = hmac.new(secret, request.get_data() + timestamp.encode(), hashlib.sha1).hexdigest()\n'
                  '    return hmac.compare_digest(expected, signature)\n')
    assert _found(wrong_hash, "a.py", "KL018") == [
        (6, 16, 6, 99, "HMAC-SHA1 never matches: Klaviyo signs webhooks with HMAC-SHA256", Severity.ERROR)]


def test_kl020_an_error_logged_over_several_lines_is_named_the_error():
    # prettier splits a long argument over lines: the advice cannot quote it, so it says "the error"
    code = ('import axios from "axios";\nexport async function track(body: object, debug: boolean) {\n  try {\n'
            '    await axios.post("https://a.klaviyo.com/api/events/", body, { timeout: 5000 });\n'
            '  } catch (err) {\n    logger.error(\n      debug\n        ? err\n        : (err as Error).message,\n'
            '    );\n  }\n}\n')
    assert _found(code, "a.ts", "KL020") == [
        (7, 7, 9, 33, "the whole error of a Klaviyo call is logged, and it carries the request's headers "
                      "(Authorization: the private key); log the error.message and the response status instead",
         Severity.ERROR)]


def test_kl022_only_creating_a_webhook_is_judged():
    # The SDK's update_webhook(id, body) reaches the model with the id as its body (see the report in
    # CONTRIBUTING.md); with `body=` the endpoint is in the body the rule would read.
    code = ('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
            'k.Webhooks.update_webhook(id=wid, body={"data": {"type": "webhook", "id": wid, '
            '"attributes": {"endpoint_url": "http://h.example.com/k"}}})\n')
    assert _found(code, "a.py", "KL022") == []
