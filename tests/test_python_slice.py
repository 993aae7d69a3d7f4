"""The Python front end builds LibCST only for the statements that can matter (issue: speed on
code that is mostly Klaviyo). What it keeps is pinned here, and for every shape the findings
with slicing equal the findings without it (and are not empty, so the comparison can fail)."""

from __future__ import annotations

import ast
import shutil
import textwrap

import pytest

from conftest import ROOT
from klint import engine
from klint.config import CliOverrides, load_settings
from klint.frontends.python_slice import PythonSlice
from klint.index import ProjectIndex


def _kept_lines(code: str) -> list[int]:
    """The file's line numbers of the slice's lines that hold something."""
    code = textwrap.dedent(code)
    piece = PythonSlice(ast.parse(code), code)
    text = piece.kept_text()
    assert text is not None and len(text.split("\n")) == len(piece.line_map)
    lines = code.splitlines()
    assert all(lines[number - 1] == line for number, line in zip(piece.line_map, text.splitlines()))
    return [number for number, line in zip(piece.line_map, text.splitlines()) if line.strip()]


def test_unrelated_functions_are_left_out_and_kept_lines_keep_their_numbers():
    code = textwrap.dedent('''\
        import json
        import requests

        BASE = "https://a.klaviyo.com/api"
        app = object()

        def render(page):
            return json.dumps(page)

        def sync(profile):
            return requests.post(f"{BASE}/profiles/", json=profile)
        ''')
    piece = PythonSlice(ast.parse(code), code)
    assert piece.kept_text().splitlines() == [
        "import requests", "", 'BASE = "https://a.klaviyo.com/api"', "", "",
        "def sync(profile):", '    return requests.post(f"{BASE}/profiles/", json=profile)']
    assert piece.line_map == [2, 3, 4, 6, 9, 10, 11, 12]  # 12: after the last line break


def test_callers_of_a_helper_instances_and_the_values_they_use_are_kept():
    # `client = Client()` keeps what building one reads (__init__, class attributes); `track` and
    # `_request` are kept because they are called, `unrelated` and `report` are not.
    assert _kept_lines('''\
        import httpx
        TIMEOUT = 10
        UNUSED = 1

        class Client:
            URL = "https://a.klaviyo.com/api"
            OTHER = 2

            def __init__(self):
                self._http = httpx.Client(timeout=TIMEOUT)

            def _request(self, method, path, body):
                return self._http.request(method, f"{self.URL}/{path}", json=body)

            def track(self, body):
                return self._request("POST", "events/", body)

            def unrelated(self):
                return self.OTHER

        client = Client()

        def handler(order):
            client.track({"data": order})

        def report():
            return UNUSED
        ''') == [1, 2, 5, 6, 7, 9, 10, 12, 13, 15, 16, 21, 23, 24]


def test_a_logged_constant_that_holds_a_key_is_kept_and_a_logged_number_is_not():
    assert _kept_lines('''\
        import logging
        log = logging.getLogger(__name__)
        HEADERS = {"Authorization": f"Klaviyo-API-Key {KEY}"}
        COUNT = 3

        def debug():
            log.info(HEADERS)

        def count():
            log.info(COUNT)
        ''') == [1, 2, 3, 6, 7]


def test_statements_sharing_a_line_and_module_level_changes_stay_together():
    assert _kept_lines('''\
        import requests
        H = {}; other = 1
        H["revision"] = "2024-10-15"
        H.update(x=1)
        requests.get("https://a.klaviyo.com/api/lists/", headers=H)
        def unrelated(): pass
        ''') == [1, 2, 3, 4, 5]


def test_only_one_sdk_import_is_kept_for_the_question_whether_the_file_uses_the_sdk():
    assert _kept_lines('''\
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from openapi_client.models.a import A
            from openapi_client.models.b import B
        from openapi_client.models.c import C
        x = 1
        ''') == [1, 2, 3]  # the first, with the `if` it is in and what that names


def test_nothing_dropped_means_the_whole_file():
    code = 'import requests\nrequests.get("https://a.klaviyo.com/api/lists/")\n'
    assert PythonSlice(ast.parse(code), code).kept_text() is None


# --- the same findings with and without slicing -----------------------------------------------

SHAPES = {
    "helper funnel in a class": '''\
        import httpx

        class Klaviyo:
            base = "https://a.klaviyo.com/api"

            def __init__(self, key):
                self.client = httpx.Client()
                self.key = key

            def _post(self, path, body):
                return self.client.post(f"{self.base}/{path}", json=body,
                                        headers={"Authorization": f"Klaviyo-API-Key {self.key}"})

            def unrelated(self):
                return sum(range(10))

        def signup(user):
            Klaviyo("x")._post("profiles/", {"data": {"type": "profile"}})

        def order(o):
            Klaviyo("x")._post("events/", {"data": {"type": "event", "attributes": {"properties": {}}}})
        ''',
    "helper called in a loop": '''\
        from klaviyo_api import KlaviyoAPI
        k = KlaviyoAPI("pk_" + "x" * 34)

        def push(user):
            k.Profiles.create_or_update_profile({"data": {"type": "profile", "attributes": {"email": user}}})

        def nightly(users):
            for user in users:
                push(user)

        def unrelated(a, b):
            return a + b
        ''',
    "HMAC compared with == through a helper, timestamp read elsewhere": '''\
        import hashlib
        import hmac

        def expected(secret, body):
            return hmac.new(secret, body, hashlib.sha1).hexdigest()

        def verify(request, secret):
            return expected(secret, request.body) == request.headers["Klaviyo-Signature"]

        def stamp(request):
            return request.headers["Klaviyo-Timestamp"]
        ''',
    "429 branch": '''\
        import time
        import requests

        def call():
            r = requests.get("https://a.klaviyo.com/api/lists/", timeout=5)
            if r.status_code == 429:
                time.sleep(1)
                return call()
            return r
        ''',
    "key logged, legacy URL constant, phone number, retired revision": '''\
        import logging
        logger = logging.getLogger(__name__)
        PRIVATE_KEY = "pk_" + "a" * 34
        LEGACY = "https://a.klaviyo.com/api/v1/metrics"
        KLAVIYO_REVISION = "2023-02-22"
        PROFILE = {"phone_number": "555-0100"}

        def boot():
            logger.info("key %s", PRIVATE_KEY)
        ''',
    "fix that adds an import reads the whole file": '''\
        """Klaviyo webhooks."""
        import hashlib
        import hmac as h
        hmac = None

        def other():
            return hmac

        def verify(secret, body, sig):
            return h.new(secret, body, hashlib.sha256).hexdigest() == sig
        ''',
}


_UNRELATED = "\n\ndef unrelated(a, b):\n    return a * b\n"


def _lint(code: str, prefilter: bool, tmp_path) -> list[tuple]:
    path = tmp_path / "klaviyo_app.py"
    path.write_text(textwrap.dedent(code) + _UNRELATED, encoding="utf-8")
    settings = load_settings(CliOverrides(select=["ALL"], as_of="2026-11-26"), cwd=tmp_path)
    run = engine.lint_paths([path], settings, jobs=1, prefilter=prefilter)
    return [(f.path, f.span, f.code, f.message, f.severity, f.fix) for f in run.findings] + [
        (d.path, d.message) for d in run.diagnostics]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_slicing_hides_nothing(name, tmp_path):
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    sliced = _lint(SHAPES[name], True, tmp_path)
    assert sliced and sliced == _lint(SHAPES[name], False, tmp_path)
    code = textwrap.dedent(SHAPES[name]) + _UNRELATED
    assert PythonSlice(ast.parse(code), code).kept_text() is not None, "the shape must exercise a slice"


@pytest.mark.parametrize("name", ["python_app"])
def test_slicing_hides_nothing_across_modules(name, tmp_path):
    project = tmp_path / name
    shutil.copytree(ROOT / "tests" / "samples" / "projects" / name, project)
    (project / "klint.toml").write_text("", encoding="utf-8")
    settings = load_settings(CliOverrides(select=["ALL"], as_of="2026-11-26"), cwd=project)
    runs = [engine.lint_paths([project], settings, jobs=1, prefilter=prefilter) for prefilter in (True, False)]
    shown = [[(f.path, f.span, f.code, f.message) for f in run.findings] for run in runs]
    assert shown[0] and shown[0] == shown[1]


def test_a_module_imported_from_is_widened_to_the_names_asked_for(tmp_path):
    (tmp_path / "settings.py").write_text('UNUSED = 1\nTIMEOUT = None\nBASE = "https://a.klaviyo.com/api"\n',
                                          encoding="utf-8")
    (tmp_path / "views.py").write_text(
        "import requests\nfrom settings import BASE, TIMEOUT\n\n"
        "def lists():\n    return requests.get(f'{BASE}/lists/', timeout=TIMEOUT)\n", encoding="utf-8")
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    settings = load_settings(CliOverrides(select=["ALL"], as_of="2026-11-26"), cwd=tmp_path)
    runs = [engine.lint_paths([tmp_path], settings, jobs=1, prefilter=prefilter) for prefilter in (True, False)]
    shown = [sorted((f.path, f.span.start_line, f.code) for f in run.findings) for run in runs]
    assert shown[0] == shown[1] == [("views.py", 5, "KL002"), ("views.py", 5, "KL003"), ("views.py", 5, "KL011")]


def test_project_modules_are_judged_by_what_they_use_import_cycles_included(tmp_path):
    from klint.frontends.python_slice import module_kinds

    (tmp_path / "a.py").write_text("from b import helper\n\ndef run():\n    return helper()\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("import requests\nfrom a import run\n\ndef helper():\n"
                                   "    return requests.get(URL)\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("import http.client as httplib\n# httplib debug\n"
                                   "httplib.HTTPConnection.debuglevel = 1\n", encoding="utf-8")
    (tmp_path / "d.py").write_text("from urllib.parse import quote\nAPI_KEY = 'x'\n", encoding="utf-8")
    index = ProjectIndex(tmp_path)
    assert module_kinds(index, tmp_path / "a.py") == {"sink"}
    assert module_kinds(index, tmp_path / "b.py") == {"sink"}
    assert module_kinds(index, tmp_path / "c.py") == set()  # a setting of the module, no call
    assert module_kinds(index, tmp_path / "d.py") == {"keyish"}
    assert index.peeked == {tmp_path / "a.py", tmp_path / "b.py", tmp_path / "c.py", tmp_path / "d.py"}


def test_model_fields_named_revision_or_phone_number_are_not_seeds_but_constants_and_keys_are():
    assert _kept_lines('''\
        from pydantic import BaseModel

        class Params(BaseModel):
            revision: str = "2024-02-15"
            phone_number: str = ""

        KLAVIYO_REVISION = "2023-02-22"
        if DEBUG:
            API_REVISION = "2023-06-15"
        PROFILE = {"phone_number": "555-0100"}
        ''') == [7, 8, 9, 10]


@pytest.mark.parametrize("text, expected", [
    ('"""Klaviyo API. Please visit https://developers.klaviyo.com for more details."""\n'
     "from pydantic import BaseModel\nclass Profile(BaseModel):\n    email: str\n", False),  # the SDK's models
    ("import requests\n", True),
    ("from urllib.parse import quote\n", True),  # the text cannot tell: the slicer decides
    ("from urllib import request\n", True),
    ("import os, http.client\n", True),
    ('URL = "https://a.klaviyo.com/api/v1/metrics"\n', True),
    ('"""\nContact: developers@klaviyo.com\n"""\n', False),
    ('if r.status_code == 429:\n    pass\n', True),
    ('H = {"revision": x}\n', True),
    ("class P:\n    revision: str = ''\n", False),
    ("KLAVIYO_REVISION = '2024-02-15'\n", True),
    ("k.Profiles.create_profile(body)\n", True),
    ("x.profiles.to_dict()\n", False),
    ("print(value)\n", True),
])
def test_a_file_whose_text_shows_no_seed_gets_an_empty_model(text, expected):
    from klint.frontends.python_slice import may_have_seeds

    assert may_have_seeds(text, None, None) is expected


def test_the_budget_walk_counts_every_node_and_reads_names_not_prose():
    from klint.frontends.python_slice import OverBudget, scan

    code = 'import requests\n\nclass A(Base):\n    """See requests."""\n    x = f"{HOST}/y"\n\ndef f():\n    return g.h\n'
    tree = ast.parse(code)
    names = scan(tree, 1000, 100)
    class_node, function = tree.body[1], tree.body[2]
    assert names[("header", id(class_node))] == ({"Base"}, set())
    assert names[id(class_node.body[1])] == ({"x", "HOST"}, set())
    assert names[id(function)] == ({"g"}, {"h"})
    assert names[id(class_node)][0] == {"Base", "x", "HOST"}  # the whole class, prose left out
    nodes = sum(1 for _ in ast.walk(tree))
    scan(tree, nodes, 100)
    with pytest.raises(OverBudget, match=f"more than {nodes - 1:,} syntax nodes"):
        scan(tree, nodes - 1, 100)
    deep = ast.parse("x = " + "(" * 50 + "1" + ")" * 50 + " + 1" * 120)
    with pytest.raises(OverBudget, match="nested more than 100 levels"):
        scan(deep, 10**6, 100)


def test_a_module_where_nothing_matters_is_read_whole_when_an_importer_asks_for_a_name(tmp_path):
    """config.py holds no seed, so its own model is empty and it is not parsed; views.py asks for
    TIMEOUT, and only then is config.py gated by CPython and read. A module CPython refuses
    answers nothing, and, holding nothing that matters, gets no diagnostic."""
    (tmp_path / "config.py").write_text("TIMEOUT = None\nRETRIES = 3\n", encoding="utf-8")
    # CPython refuses 1,500 nested parentheses; LibCST's native parser must never see them.
    (tmp_path / "broken.py").write_text("TIMEOUT = None\nx = " + "(" * 1500 + "1" + ")" * 1500 + "\n",
                                        encoding="utf-8")
    for name, module in (("views.py", "config"), ("other.py", "broken")):
        (tmp_path / name).write_text(
            f"import requests\nfrom {module} import TIMEOUT\n\n"
            "def lists():\n    return requests.get('https://a.klaviyo.com/api/lists/', timeout=TIMEOUT)\n",
            encoding="utf-8")
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    settings = load_settings(CliOverrides(select=["KL011"], as_of="2026-11-26"), cwd=tmp_path)
    run = engine.lint_paths([tmp_path], settings, jobs=1)
    assert [(f.path, f.span.start_line, f.code) for f in run.findings] == [("views.py", 5, "KL011")]
    assert run.diagnostics == []


def test_a_file_whose_only_seed_is_a_helper_it_imports_is_modelled(tmp_path):
    (tmp_path / "helpers.py").write_text(
        "import requests\n\ndef post(path, body):\n    return requests.post(f'https://a.klaviyo.com/api/{path}', "
        "json=body, timeout=5, headers={'revision': '2026-10-15'})\n", encoding="utf-8")
    (tmp_path / "views.py").write_text("from helpers import post\n\ndef signup(p):\n    return post('profiles/', p)\n",
                                       encoding="utf-8")
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    settings = load_settings(CliOverrides(select=["KL006"], as_of="2026-11-26"), cwd=tmp_path)
    run = engine.lint_paths([tmp_path], settings, jobs=1)
    assert [(f.path, f.span.start_line, f.code) for f in run.findings] == [("views.py", 4, "KL006")]


CONTINUED = {  # backslash continuations the text searches must read as one line
    "log.py": 'KLAVIYO_PRIVATE_KEY = "pk_' + "a1" * 17 + '"\nprint \\\n    ("using", KLAVIYO_PRIVATE_KEY)\n',
    "legacy.py": "import os, \\\n    klaviyo\n",
    "legacy_from.py": "from \\\n    klaviyo import Klaviyo\n",
    "crlf.py": "import os, \\\r\n    klaviyo\r\n",
    "settings.py": 'BASE = "https://a.klaviyo.com/api/v2/"\n',
    "jobs.py": "import requests\nfrom settings import \\\n    BASE\n\nrequests.get(BASE + 'lists', timeout=5)\n",
}


def test_backslash_continuations_hide_nothing_from_the_text_searches(tmp_path):
    for name, text in CONTINUED.items():
        (tmp_path / name).write_bytes(text.encode())
    (tmp_path / "klint.toml").write_text("", encoding="utf-8")
    settings = load_settings(CliOverrides(select=["ALL"], as_of="2026-11-26"), cwd=tmp_path)
    runs = [engine.lint_paths([tmp_path], settings, jobs=1, prefilter=prefilter) for prefilter in (True, False)]
    shown = [sorted((f.path, f.span.start_line, f.code) for f in run.findings) for run in runs]
    assert shown[0] == shown[1]
    assert {(path, code) for path, _line, code in shown[0]} >= {
        ("log.py", "KL020"), ("legacy.py", "KL005"), ("legacy_from.py", "KL005"), ("crlf.py", "KL005"),
        ("jobs.py", "KL002"), ("jobs.py", "KL005")}
    alone = engine.lint_paths([tmp_path / "jobs.py"], settings, jobs=1)
    assert sorted((f.path, f.code) for f in alone.findings) == [("jobs.py", "KL002"), ("jobs.py", "KL005")]


def test_joined_lines_keeps_every_offset():
    from klint.frontends.python_slice import joined_lines

    text = "a = \\\nb\r\nc = \\\r\nd \\ e\n"
    assert joined_lines(text) == "a =   b\r\nc =    d \\ e\n" and len(joined_lines(text)) == len(text)
    assert joined_lines("no continuation\n") == "no continuation\n"
