"""The one evaluator (klint/frontends/evaluate.py) over the expressions both front ends lower
into (klint/frontends/expressions.py): the same program written in Python and in JS/TS gives the
same value, and lowering happens once per node."""

from __future__ import annotations

from pathlib import Path

import pytest

from klint.frontends import code_frontend, expressions as ir
from klint.frontends.values import DictValue, DigestValue, Hole, ListValue, OneOf, StrValue, Unknown
from klint.source import SourceFile


def model(name: str, text: str):
    """The model of every statement (a lint builds Python's from those that can matter)."""
    return code_frontend(name)(SourceFile(Path(name), name, text, slice_code=False))


def value_of(name: str, text: str, constant: str = "X"):
    sem = model(name, text)
    for bound, node, site in sem.constants():
        if bound == constant:
            return sem.evaluate(node, site)
    raise AssertionError(f"{constant} is not a constant of {name}")


TWINS = [
    pytest.param('BASE = "https://a.klaviyo.com"\nX = f"{BASE}/api/{1}/"\n',
                 'const BASE = "https://a.klaviyo.com";\nconst X = `${BASE}/api/${1}/`;\n',
                 "https://a.klaviyo.com/api/1/", id="template"),
    pytest.param('X = "Klaviyo-API-Key " + key\n', 'const X = "Klaviyo-API-Key " + key;\n',
                 ("Klaviyo-API-Key ", Hole("key")), id="concatenation"),
    pytest.param('from urllib.parse import urljoin\nX = urljoin("https://a.klaviyo.com/api/", "/client/x")\n',
                 'const X = new URL("/client/x", "https://a.klaviyo.com/api/").href;\n',
                 "https://a.klaviyo.com/client/x", id="url-join"),
    pytest.param('import os\nX = os.getenv("K", "https://a.klaviyo.com")\n',
                 'const X = process.env.K || "https://a.klaviyo.com";\n',
                 "https://a.klaviyo.com", id="environment-default"),
    pytest.param('X = "/".join(["api", "events"])\n', 'const X = ["api", "events"].join("/");\n',
                 "api/events", id="join"),
    pytest.param('X = "https://a.klaviyo.com" if c else "https://b.example"\n',
                 'const X = c ? "https://a.klaviyo.com" : "https://b.example";\n',
                 ["https://a.klaviyo.com", "https://b.example"], id="choice"),
]


@pytest.mark.parametrize("python, javascript, expected", TWINS)
def test_the_same_program_has_the_same_value_in_both_languages(python, javascript, expected):
    for name, text in (("a.py", python), ("a.ts", javascript)):
        value = value_of(name, text)
        if isinstance(expected, list):
            assert isinstance(value, OneOf) and [option.text for option in value.options] == expected, name
        elif isinstance(expected, tuple):
            assert isinstance(value, StrValue) and value.parts == expected, name
        else:
            assert isinstance(value, StrValue) and value.text == expected, name


def test_json_of_a_dict_with_a_spread_is_the_dict_in_both_languages():
    python = 'import json\nB = {"a": "1"}\nX = json.dumps({**B, "b": "2"})\n'
    javascript = 'const B = { a: "1" };\nconst X = JSON.stringify({ ...B, b: "2" });\n'
    for name, text in (("a.py", python), ("a.js", javascript)):
        value = value_of(name, text)
        assert isinstance(value, DictValue) and value.complete, name
        assert {key: entry.value.text for key, entry in value.entries.items()} == {"a": "1", "b": "2"}, name


def test_an_hmac_over_reserialised_json_is_the_same_digest_in_both_languages():
    python = ('import hashlib, hmac, json\n'
              'X = hmac.new(key, json.dumps(body).encode(), hashlib.sha256).hexdigest()\n')
    javascript = ('import crypto from "crypto";\n'
                  'const X = crypto.createHmac("sha256", key).update(JSON.stringify(body)).digest("hex");\n')
    for name, text in (("a.py", python), ("a.js", javascript)):
        assert value_of(name, text) == DigestValue("sha256", "hex", True), name


def test_a_node_is_lowered_once_and_keeps_its_syntax_node():
    sem = model("a.py", 'X = {"k": f"{a}/b"}\n')
    (_name, node, _site), = [constant for constant in sem.constants() if constant[0] == "X"]
    lowered = sem.lower(node)
    assert sem.lower(node) is lowered and lowered.node is node
    assert isinstance(lowered, ir.Mapping)
    entry, = lowered.entries
    assert isinstance(entry.value, ir.Template) and entry.value_node is entry.value.node


def test_a_javascript_wrapper_is_looked_through_but_kept():
    sem = model("a.ts", 'const X = (await ("https://a.klaviyo.com" as string));\n')
    (_name, node, site), = [constant for constant in sem.constants() if constant[0] == "X"]
    assert isinstance(sem.lower(node), ir.Wrapper)
    assert ir.unwrapped(sem.lower(node)).value == "https://a.klaviyo.com"
    assert sem.evaluate(node, site).text == "https://a.klaviyo.com"


def test_expressions_nested_past_the_lowering_budget_are_lowered_when_evaluated():
    chain = " + ".join(['"a"'] * 400)
    value = value_of("a.js", f"const X = {chain};\n")
    assert isinstance(value, (StrValue, Unknown))  # evaluation stops at its own depth; no RecursionError
    sem = model("a.js", f"const X = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]];\n")
    (_name, node, site), = [constant for constant in sem.constants() if constant[0] == "X"]
    value = sem.evaluate(node, site)
    assert isinstance(value, ListValue)


def test_call_arguments_after_a_spread_have_no_known_position():
    """`f(...rest, "x")`: "x" is not the first argument (JS now reads arguments as Python does)."""
    text = 'function f(a) { return a; }\nconst X = f(...rest, "x");\nconst Y = f("y", ...rest);\n'
    assert isinstance(value_of("a.js", text), Unknown)
    assert value_of("a.js", text, "Y").text == "y"


# --- HTTP calls, one builder over the shapes of libraries.py -----------------------------------

def only_http_call(name: str, text: str):
    calls = model(name, text).http_calls
    assert len(calls) == 1, calls
    return calls[0]


def test_the_same_request_in_both_languages_is_the_same_call():
    python = ('import requests\n'
              'requests.post("https://a.klaviyo.com/api/events/", json={"data": 1},\n'
              '              headers={"revision": "2024-10-15"}, timeout=5)\n')
    javascript = ('import axios from "axios";\n'
                  'axios.post("https://a.klaviyo.com/api/events/", { data: 1 },\n'
                  '           { headers: { revision: "2024-10-15" }, timeout: 5 });\n')
    for name, text in (("a.py", python), ("a.js", javascript)):
        call = only_http_call(name, text)
        assert (call.method, call.url.text) == ("POST", "https://a.klaviyo.com/api/events/"), name
        assert call.headers.complete and call.headers.entries["revision"].value.text == "2024-10-15", name
        assert call.timeout.value == 5 and set(call.body.entries) == {"data"}, name


def test_python_keyword_spreads_cannot_repeat_the_headers_written():
    """`requests.get(url, headers=h, **kwargs)`: kwargs cannot hold `headers` too (a TypeError),
    so the headers written are all the call's; a timeout may still be in kwargs."""
    call = only_http_call("a.py", 'import requests\nrequests.get("https://a.klaviyo.com/api/x/", '
                                  'headers={"revision": "2024-10-15"}, **kwargs)\n')
    assert call.headers.complete and set(call.headers.entries) == {"revision"}
    assert isinstance(call.timeout, Unknown)
    bare = only_http_call("a.py", 'import requests\nrequests.get("https://a.klaviyo.com/api/x/", **kwargs)\n')
    assert not bare.headers.complete and not bare.headers.entries


def test_a_python_client_keeps_its_headers_beside_a_keyword_spread():
    """`httpx.Client(headers=h, **options)`: the options cannot hold headers too."""
    call = only_http_call("a.py", 'import httpx\nclient = httpx.Client(headers={"revision": "2024-10-15"}, **options)\n'
                                  'client.get("https://a.klaviyo.com/api/x/")\n')
    assert call.headers.complete and set(call.headers.entries) == {"revision"}


def test_a_js_client_of_unknown_headers_keeps_the_call_headers():
    call = only_http_call("a.js", 'import axios from "axios";\nconst api = axios.create({ headers: shared });\n'
                                  'api.get("https://a.klaviyo.com/api/x/", { headers: { revision: "2024-10-15" } });\n')
    assert isinstance(call.headers, DictValue) and not call.headers.complete
    assert call.headers.entries["revision"].value.text == "2024-10-15"


def test_axios_with_options_klint_cannot_see_has_an_unknown_method():
    """`axios(url, config)` names its method in the config: unseen, it is unknown, as for fetch."""
    for text in ('import axios from "axios";\naxios("https://a.klaviyo.com/api/x/", config);\n',
                 'fetch("https://a.klaviyo.com/api/x/", init);\n'):
        call = only_http_call("a.js", text)
        assert call.method is None and isinstance(call.headers, Unknown), text
    assert only_http_call("a.js", 'import axios from "axios";\naxios({ url: "https://a.klaviyo.com/x" });\n').method == "GET"


def test_an_unknown_library_call_is_named_by_the_whole_call_in_both_languages():
    """Its arguments often say what it gives: a hole named `getenv("KLAVIYO_PRIVATE_KEY")` tells
    the rules a private key is in the string (Python used to name it `os.getenv` only)."""
    python = 'import os\nX = "k=" + os.getenv("KLAVIYO_PRIVATE_KEY")\n'
    javascript = 'import { secret } from "vault";\nconst X = "k=" + secret("KLAVIYO_PRIVATE_KEY");\n'
    assert value_of("a.py", python).parts == ("k=", Hole('os.getenv("KLAVIYO_PRIVATE_KEY")'))
    assert value_of("a.ts", javascript).parts == ("k=", Hole('secret("KLAVIYO_PRIVATE_KEY")'))


@pytest.mark.parametrize("name, text, expected", [
    ("a.py", 'X = {"phone_number": p, "email": e}\n', {"phone_number", "email"}),
    ("a.py", 'X = {}\n', set()),
    ("a.py", 'X = {**base, "email": e}\n', None),
    ("a.py", 'X = {KEY: p}\n', None),
    ("a.py", 'X = {f"{k}": p}\n', None),
    ("a.ts", 'const X = { phoneNumber, "email": e, revision: r };\n', {"phoneNumber", "email", "revision"}),
    ("a.ts", 'const X = { ...base, email: e };\n', None),
    ("a.ts", 'const X = { [KEY]: p };\n', None),
])
def test_literal_keys_are_the_keys_as_written(name, text, expected):
    """What lets KL004 and KL009 skip evaluating a literal that has none of their keys."""
    sem = model(name, text)
    mapping = next(node for node, _site in sem.dicts)
    keys = sem.literal_keys(mapping)
    assert (None if keys is None else set(keys)) == expected


def test_literal_keys_of_what_is_not_a_literal_mapping_are_unknown():
    sem = model("a.py", 'X = dict(a=1)\n')
    _bound, node, _site = next(iter(sem.constants()))
    assert sem.literal_keys(node) is None
