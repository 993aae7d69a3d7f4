"""Tests written to kill mutmut survivors (see CONTRIBUTING.md, "Mutation testing")."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from klint.frontends import python_slice as ps
from klint.frontends.python_slice import PythonSlice, module_kinds, uses_any
from klint.index import ProjectIndex


def test_module_imports_read_every_form_of_import():
    text = textwrap.dedent("""\
        from a.b import (x, y as z,
            w)
        from . import here
        from ..up import *
        from pkg import p, \\
            q
        from t import (u,)
        import os.path, json as j
        import x.y as xy
        """)
    assert ps._module_imports(text) == [
        ("x", "a.b.x"), ("z", "a.b.y"), ("w", "a.b.w"), ("here", ".here"), ("p", "pkg.p"), ("q", "pkg.q"),
        ("u", "t.u"), ("os", "os.path"), ("j", "json"), ("xy", "x.y")]


def test_target_names():
    def names(source):
        return ps._target_names(ast.parse(source, mode="eval").body)

    assert names("(a, [b, *c])") == {"a", "b", "c"}
    assert names("()") == set()
    assert names("x.attr") == {"x", "attr"}
    assert names("x.y.z") == {"x", "y", "z"}
    assert names("x[k]") == {"x"}
    assert names("f()") == set()


def test_plain_methods_are_those_not_named_like_dunders():
    def plain(source):
        return ps._is_plain_method(ast.parse(source).body[0])

    assert not plain("def __init__(self): pass")
    assert plain("def __private(self): pass")
    assert plain("def trailing__(self): pass")
    assert plain("async def run(self): pass")
    assert not plain("X = 1")


def test_inert_uses_of_several_names():
    assert not uses_any("a.x = 1\nb.y = 2\n# a b\nimport a\n", {"a", "b"})
    assert uses_any("a.x = 1\nb.y()\n", {"a", "b"})
    assert not uses_any("# comment\n", {"XXXX"})  # the inert lines are removed, not replaced
    assert not uses_any("a()", set())


def test_imports_are_classified_by_module_and_by_what_the_project_says():
    code = textwrap.dedent("""\
        import requests.adapters
        import os.path as osp
        import mylib
        from . import helpers
        from .pkg import thing
        from settings import API_KEY
        from urllib import request
        from x import *
        """)
    asked = []

    def kind(qualname):
        asked.append(qualname)
        return {"mylib": {"sink"}, ".helpers": {"sink"}, "settings.API_KEY": {"keyish"}}.get(qualname, set())

    piece = PythonSlice(ast.parse(code), code, kind)
    assert piece.sink_names == {"requests", "mylib", "helpers", "request"}
    assert piece.keyish_names == {"API_KEY"}
    assert asked == ["os.path", "mylib", ".helpers", ".pkg.thing", "settings.API_KEY"]
    plain = PythonSlice(ast.parse(code), code)
    assert plain.sink_names == {"requests", "request"} and plain.keyish_names == set()


def test_nothing_matters_is_empty():
    assert ps.NOTHING_MATTERS.kept_text() == ""
    assert ps.NOTHING_MATTERS.defines("x") and not ps.NOTHING_MATTERS.keeps("x")
    assert ps.NOTHING_MATTERS.line_map == []


def _project(tmp_path: Path, files: dict[str, str]) -> ProjectIndex:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return ProjectIndex(tmp_path)


def test_module_kinds_follow_each_import_and_remember_the_answers(tmp_path):
    index = _project(tmp_path, {
        "top.py": "from keys import K\nfrom calls import go\nfrom plain import P\nimport top\n",
        "keys.py": "K = 'pk_x'\n",
        "calls.py": "import requests\n\ndef go():\n    return requests.get(U)\n",
        "plain.py": "P = 1\n",
        "selfish.py": "from selfish import X\nX = 1\n",
        "user.py": "from selfish import X\nfrom keys import K\nimport requests\n",
    })
    top = tmp_path / "top.py"
    # `go` comes from a module that calls requests, and top.py does not call it.
    assert module_kinds(index, top) == {"keyish"}
    assert index.memo[("python-kinds", top)] == ({"keyish"}, frozenset(
        {top, tmp_path / "keys.py", tmp_path / "calls.py", tmp_path / "plain.py"}))
    assert index.memo[("python-kinds", tmp_path / "calls.py")][0] == {"sink"}
    assert index.memo[("python-kinds", tmp_path / "plain.py")][0] == set()
    assert index.memo[("python-locate", str(tmp_path), "keys.K")] == (tmp_path / "keys.py", ["K"])
    assert module_kinds(index, top) == {"keyish"}  # remembered
    assert ps._module_kinds(index, top, set()) == (
        {"keyish"}, True, index.memo[("python-kinds", top)][1])
    assert module_kinds(index, tmp_path / "user.py") == {"keyish"}  # `import requests`, no call
    assert ("python-kinds", tmp_path / "selfish.py") in index.memo
    assert module_kinds(index, tmp_path / "missing.py") == set()
    assert ps._module_kinds(index, tmp_path / "missing.py", set()) == (set(), True, frozenset())


def test_module_kinds_a_sink_call_through_a_project_name(tmp_path):
    index = _project(tmp_path, {
        "a.py": "from calls import go\nfrom plain import P\n\ndef run():\n    return go()\n",
        "calls.py": "import requests\n\ndef go():\n    return requests.get(U)\n",
        "plain.py": "P = 1\n",
        "rel/__init__.py": "",
        "rel/b.py": "from .calls import go\ngo()\n",
        "rel/calls.py": "import httpx\nhttpx.get(U)\n",
        "c.py": "import requests\nimport plain2\nrequests.get(U)\n",
        "plain2.py": "P = 2\n",
        "keys.py": "K = 'pk_x'\n",
        "z.py": "import nowhere\nimport z\nimport keys\n",
    })
    assert module_kinds(index, tmp_path / "a.py") == {"sink"}
    assert module_kinds(index, tmp_path / "rel" / "b.py") == {"sink"}
    assert module_kinds(index, tmp_path / "c.py") == {"sink"}
    assert ("python-kinds", tmp_path / "plain2.py") in index.memo  # the import after the sink is followed
    assert module_kinds(index, tmp_path / "z.py") == {"keyish"}  # past imports not found, or of itself


def test_module_kinds_in_a_cycle_are_remembered_only_when_exact(tmp_path):
    index = _project(tmp_path, {
        "a.py": "from b import helper\n\ndef run():\n    return helper()\n",
        "b.py": "from a import run\nfrom c import C\n",
        "c.py": "C = 'secret'\n",
        "d.py": "from c import C\n",
        "e.py": "E = 'secret'\n",
    })
    on_stack: set = set()
    assert ps._module_kinds(index, tmp_path / "a.py", on_stack) == (
        {"keyish"}, False, frozenset({tmp_path / "a.py", tmp_path / "b.py", tmp_path / "c.py"}))
    assert on_stack == set()
    # b was judged with a on the stack (assumed neither): not remembered; a and c were.
    assert ("python-kinds", tmp_path / "b.py") not in index.memo
    assert ("python-kinds", tmp_path / "a.py") in index.memo
    assert ("python-kinds", tmp_path / "c.py") in index.memo
    assert ps._module_kinds(index, tmp_path / "b.py", {tmp_path / "a.py"})[1] is True  # a is remembered now
    assert ps._module_kinds(index, tmp_path / "a.py", {tmp_path / "a.py"})[1] is True  # remembered
    assert ps._module_kinds(index, tmp_path / "d.py", set())[1] is True
    assert ps._module_kinds(index, tmp_path / "e.py", {tmp_path / "e.py"}) == (set(), False, frozenset())


def test_imports_module_mentioning(tmp_path):
    index = _project(tmp_path, {
        "app.py": "",
        "conf/__init__.py": "",
        "conf/settings.py": "KLAVIYO_KEY = 1\n",
        "other.py": "X = 1\n",
        "empty.py": "",
    })
    app = tmp_path / "app.py"
    assert ps.imports_module_mentioning(index, app, "from conf import settings\n", "klaviyo")
    assert index.peeked == {tmp_path / "conf" / "settings.py"}
    assert index.memo[("python-locate", str(tmp_path), "conf.settings")] == (tmp_path / "conf" / "settings.py", [])
    assert not ps.imports_module_mentioning(index, app, "import other\nimport nowhere\n", "klaviyo")
    assert not ps.imports_module_mentioning(index, app, "import empty\n", "xxxx")
    assert ps.imports_module_mentioning(index, app, "import other\nfrom conf import settings\n", "klaviyo")
    assert ps.imports_module_mentioning(index, app, "import other\nimport conf.settings\n", "klaviyo")
    assert not ps.imports_module_mentioning(index, app, "", "klaviyo")


def _statement(source: str) -> ast.stmt:
    return ast.parse(textwrap.dedent(source)).body[0]


def test_imports_of_the_sdk():
    assert ps._imports_sdk(_statement("from klaviyo_api import KlaviyoAPI"))
    assert ps._imports_sdk(_statement("from openapi_client.models import X"))
    assert ps._imports_sdk(_statement("import klaviyo_api.models"))
    assert ps._imports_sdk(_statement("import os, openapi_client"))
    assert ps._imports_sdk(_statement("if TYPE_CHECKING:\n    import klaviyo_api"))
    assert not ps._imports_sdk(_statement("import os"))
    assert not ps._imports_sdk(_statement("from . import klaviyo_api"))
    assert not ps._imports_sdk(_statement("from os import klaviyo_api"))


def test_imports_that_matter():
    assert ps._imports_what_matters(_statement("from x import *"))
    assert ps._imports_what_matters(_statement("from __future__ import annotations"))
    assert ps._imports_what_matters(_statement("from my_Klaviyo_helpers import x"))
    assert ps._imports_what_matters(_statement("import json, requests"))
    assert ps._imports_what_matters(_statement("if c:\n    x = 1\n    import httpx"))
    assert not ps._imports_what_matters(_statement("from . import x"))
    assert not ps._imports_what_matters(_statement("import json"))
    assert not ps._imports_what_matters(_statement("x = 1"))


def test_defined_names():
    assert ps._defined_names(_statement("import a.b, c as d")) == ({"a", "d"}, True, False)
    assert ps._defined_names(_statement("from m import a, b as c")) == ({"a", "c"}, True, False)
    assert ps._defined_names(_statement("async def f():\n    x = 1")) == ({"f"}, False, True)
    assert ps._defined_names(_statement("class K:\n    x = 1")) == ({"K"}, False, True)
    assert ps._defined_names(_statement("x = 1")) == ({"x"}, False, False)
    assert ps._defined_names(_statement("print(x)")) == (set(), False, False)
    compound = """\
        if c:
            import x.y as z, w.v
            from m import n
            def f():
                inner = 1
            class K:
                pass
            A, B = 1, 2
            A2 = B2 = 3
            C: int = 1
            D += 1
            for E in x:
                pass
            with open() as F, g():
                pass
            try:
                pass
            except Exception as G:
                pass
            except OSError:
                pass
            del H, H2
            I.update(x)
            (J := 1)
        """
    assert ps._defined_names(_statement(compound)) == (
        {"z", "w", "n", "f", "inner", "K", "A", "B", "A2", "B2", "C", "D", "E", "F", "G", "H", "H2", "I", "J"},
        True, False)
    assert ps._defined_names(_statement("if c:\n    x = 1\n    with g():\n        pass")) == ({"x"}, False, False)


def test_first_line_and_docstring_lines():
    assert ps._first_line(_statement("\n\n@dec\n@dec2(\n)\ndef f():\n    pass")) == 3
    assert ps._first_line(_statement("\n\nx = 1")) == 3
    assert ps._docstring_lines(_statement('def f():\n    """doc\n    more"""\n    return 1')) == range(2, 4)
    assert ps._docstring_lines(_statement('class K:\n    "doc"')) == range(2, 3)
    assert ps._docstring_lines(_statement('def f(): "doc"')) is None
    assert ps._docstring_lines(_statement('def f():\n    1')) is None
    assert ps._docstring_lines(_statement('def f():\n    f"doc{x}"')) is None
    assert ps._docstring_lines(_statement('def f():\n    return "doc"')) is None
    assert ps._docstring_lines(_statement('x = "doc"')) is None



UNITS_CODE = textwrap.dedent('''\
    """Module doc."""
    import requests
    from typing import TYPE_CHECKING
    if TYPE_CHECKING:
        import httpx
    else:
        from x import y as z
    KEY = "pk_x"; OTHER = 1

    @decorator(
        arg)
    class Client(Base):
        """Client doc
        more."""

        URL = "https://a.klaviyo.com/api"

        def __init__(self):
            self.session = requests.Session()
            self.cache[k] = 1
            self.items.append(1)
            self.total += 1

        def send(self, body):
            global COUNT, SEEN
            return self.session.post(self.URL, json=body)
    class Line: x = 1
    def helper():
        nonlocal_thing = 2
        return nonlocal_thing
    ''')


def _unit(unit):
    return (unit.first, unit.last, unit.text.count("\n"), sorted(unit.defines), sorted(unit.mentions)[:6],
            sorted(unit.attributes), tuple(unit.docstring), unit.is_import, unit.is_code)


def test_units_of_a_file():
    """(first, last, line breaks in its text, defines, first mentions, attributes, docstring lines,
    is an import, is code) of each top-level unit, and of the members of a class or of an `if`
    of imports. Mentions are the names CPython's tree reads: never words of strings or comments."""
    piece = PythonSlice(ast.parse(UNITS_CODE), UNITS_CODE)
    assert [(_unit(unit), [_unit(member) for member in unit.members]) for unit in piece.units] == [
    ((1, 1, 0, [], [], [], (), False, False), []),
    ((2, 2, 0, ['requests'], [], [], (), True, False), []),
    ((3, 3, 0, ['TYPE_CHECKING'], [], [], (), True, False), []),
    ((4, 7, 0, [], ['TYPE_CHECKING'], [], (), True, False), [(5, 5, 0, ['httpx'], [], [], (), True, False), (7, 7, 0, ['z'], [], [], (), True, False)]),
    ((8, 8, 0, ['KEY'], ['KEY'], [], (), False, False), []),
    ((8, 8, 0, ['OTHER'], ['OTHER'], [], (), False, False), []),
    ((10, 26, 2, ['COUNT', 'Client', 'SEEN'], ['Base', 'arg', 'decorator'], [], (13, 14), False, True), [(13, 14, 1, [], [], [], (), False, False), (16, 16, 0, ['URL'], ['URL'], [], (), False, False), (18, 22, 4, ['__init__', 'cache', 'items', 'session', 'total'], ['Session', 'append', 'cache', 'items', 'k', 'requests'], ['Session', 'append', 'cache', 'items', 'session', 'total'], (), False, True), (24, 26, 2, ['COUNT', 'SEEN', 'send'], ['COUNT', 'SEEN', 'URL', 'body', 'post', 'self'], ['URL', 'post', 'session'], (), False, True)]),
    ((27, 27, 0, ['Line'], ['x'], [], (), False, True), []),
    ((28, 30, 2, ['helper'], ['nonlocal_thing'], [], (), False, True), []),
    ]
    assert [None if owner is None else owner.first for owner in piece._owner] == [None, None, 2, 3, 4, 5, None, 7, 8, None, 10, 10, 10, None, None, None, 16, None, 18, 18, 18, 18, 18, None, 24, 24, 24, 27, 28, 28, 28, None, None]
    assert piece.units[6].text == "@decorator(\n    arg)\nclass Client(Base):"
    assert piece.units[3].text == "if TYPE_CHECKING:"
    assert piece.units[4].text == 'KEY = "pk_x"; OTHER = 1'
    assert piece.units[6].members[0].owner is piece.units[6]
    assert piece.sink_names == {"httpx", "requests"} and piece.keyish_names == set()


def test_matching_finds_the_unit_of_a_match_at_either_end_of_the_file():
    code = 'revision = "1"\nx = 2\n\ndef f():\n    """revision"""\n    return "revision"'
    piece = PythonSlice(ast.parse(code), code)
    assert piece._matching(ps.SEED_RE) == {id(piece.units[0]), id(piece.units[2])}
    assert piece._matching(re.compile("nothing")) == set()


def test_prose_and_ifs_of_imports():
    assert ps._is_prose(_statement('"doc"'))
    assert ps._is_prose(_statement('f"doc {x}"'))
    assert not ps._is_prose(_statement("429"))
    assert not ps._is_prose(_statement("1.5"))
    assert not ps._is_prose(_statement("1j"))
    assert not ps._is_prose(_statement("f()"))
    assert not ps._is_prose(_statement('x = "doc"'))
    assert ps._only_imports(_statement("if T:\n    import a\nelse:\n    from b import c"))
    assert ps._only_imports(_statement("if T:\n    import a"))
    assert not ps._only_imports(_statement("if T: import a"))
    assert not ps._only_imports(_statement("if T:\n    import a\nelse:\n    x = 1"))
    assert not ps._only_imports(_statement("if T:\n    x = 1\n    import a"))
    assert not ps._only_imports(_statement("try:\n    import a\nexcept ImportError:\n    pass"))


def test_line_mates():
    code = "a = 1; b = 2; c = 3\nd = 4\nclass K:\n    x = 1; y = 2\n    z = 3\n"
    piece = PythonSlice(ast.parse(code), code)
    a, b, c, d, k = piece.units
    x, y, z = k.members
    mates = ps._line_mates(piece.units)
    assert {key: [unit.first for unit in units] for key, units in mates.items()} == {
        id(a): [1], id(b): [1, 1], id(c): [1], id(x): [4], id(y): [4]}
    assert mates[id(b)] == [a, c] and mates[id(x)] == [y]
    assert id(d) not in mates and id(z) not in mates


def _exact_seed_words(text: str) -> bool:
    return bool(ps.SEED_RE.search(text) or ps._LOG_CALL_RE.search(text) or ps._SINK_WORD_RE.search(text))


# One text per quick pattern that only it finds (so none can be dropped), in the case the exact
# searches accept: each says a file may hold a seed.
SEED_WORDS = [
    "x = 429\n", 'h = {"Revision": r}\n', 'b = {"PHONE_NUMBER": p}\n', 'h["Klaviyo-Signature"]\n',
    'h = "klaviyo-" + x\n', "URLOPEN(u)\n", 'u = "https://A.Klaviyo.com/api/x"\n', "Print (x)\n",
    "LOGGER.info(x)\n", "client.Profiles.get_profile(x)\n", "import http\n", "import os, klaviyo\n",
    "from klaviyo import x\n", "import requests\n", "x = 'é'  # non-ASCII: the exact searches\nprint(x)\n",
]
# What a quick pattern finds but the exact searches refuse, and what neither finds.
NO_SEED_WORDS = [
    "pprint (x)\n", "x = 14290\n", 'h = "klaviyo-api"\n', "x = 'é'\n", "see https://a.klaviyo.com/\n",
    "client.profiles.get_profile(x)\n", "import klaviyo_api_helpers\n", "# klaviyo\n",
]


@pytest.mark.parametrize("text", SEED_WORDS + NO_SEED_WORDS)
def test_the_quick_seed_search_answers_as_the_exact_one(text):
    assert ps._has_seed_words(text) is _exact_seed_words(text) is (text in SEED_WORDS)


def test_the_quick_seed_search_answers_as_the_exact_one_on_every_sample():
    root = Path(__file__).parent.parent
    texts = [path.read_text(encoding="utf-8", errors="replace")
             for folder in ("tests/samples", "fixtures", "klint") for path in sorted((root / folder).rglob("*.py"))]
    assert len(texts) > 90
    assert [ps._has_seed_words(text) for text in texts] == [_exact_seed_words(text) for text in texts]


@pytest.mark.parametrize("text, expected", [
    ("import klaviyo_api\n", True), ("PK_X = 1\n", True), ("private = 1\n", True), ("SECRET = 1\n", True),
    ("h = {'Authorization': a}\n", True), ("apiKey = 1\n", True), ("API_KEY = 1\n", True),
    ("api-key = 1\n", False), ("x = 'é'  # Klaviyo\n", True), ("x = 'é'\n", False), ("x = 1\n", False),
])
def test_keyish_text_is_what_the_keyish_pattern_finds(text, expected):
    assert ps._is_keyish(text) is expected is (ps._KEYISH_RE.search(text) is not None)


def test_may_have_seeds(tmp_path):
    assert ps.may_have_seeds("x = 429\n", None, None)
    assert ps.may_have_seeds("print(x)\n", None, None)
    assert ps.may_have_seeds("import requests\n", None, None)
    assert ps.may_have_seeds("from http import client\n", None, None)
    assert not ps.may_have_seeds("# see http://example.com\nx = 1\n", None, None)
    assert not ps.may_have_seeds("import os\n", None, None)
    index = _project(tmp_path, {
        "calls.py": "import requests\nrequests.get(U)\n",
        "plain.py": "P = 1\n",
        "app.py": "",
    })
    app = tmp_path / "app.py"
    assert ps.may_have_seeds("from calls import go\n", index, app)
    assert ps.may_have_seeds("x = 1; import calls\n", index, app)
    assert ps.may_have_seeds("from .requests import x\n", index, app)
    assert not ps.may_have_seeds("from plain import P\nimport nowhere\n", index, app)
    assert not ps.may_have_seeds("x = 1\n", index, app)


KEPT_CASES = {
    'logging': '''\
    import logging
    from settings import API_TOKEN
    log = logging.getLogger(__name__)
    SECRET = "x"
    DERIVED = SECRET + "y"
    PLAIN = 1
    def a():
        log.info("value %s", DERIVED)
    def b():
        log.info("value %s", PLAIN)
    def c():
        print(API_TOKEN)
    def d():
        print("private stuff")
    ''',
    'classes': '''\
    import requests
    class Unused:
        def get(self):
            return 1
    class Api:
        BASE = "x"
        OTHER = 2
        def __init__(self):
            self.s = requests.Session()
        def call(self):
            return self.s.get(self.BASE)
        def helper(self):
            return self.OTHER
        def unused(self):
            return 3
    class Holder:
        value = 1
        def read(self):
            return self.value
    def use(h: Holder):
        return h.read()
    api = Api()
    def go():
        unused = 1
        return api.call()
    ''',
    'sdk': '''\
    from klaviyo_api import KlaviyoAPI
    import klaviyo_api
    try:
        from klaviyo_api import X
    except ImportError:
        X = None
    import json
    def f(client):
        return client.Profiles.get_profile("1")
    def g():
        return json.dumps({})
    from my_klaviyo_helpers import thing
    def h():
        return thing()
    ''',
    'wanted': '''\
    A = 1
    B = 2
    def C():
        return A
    D = 4
    E = C()
    ''',
    'keyish user': '''\
    import os
    TOKEN = os.environ["KLAVIYO_KEY"]
    T2 = TOKEN
    T3 = T2
    def f():
        print(T3)
    def g():
        print(os.getcwd())
    ''',
}

# (case, with a project saying `settings.API_TOKEN` can hold a key) -> (kept lines, names kept whole)
KEPT = {
    ('logging', False): ([1, 3, 4, 5, 7, 8, 13, 14], ['DERIVED', 'SECRET', 'a', 'd', 'log', 'logging']),
    ('logging', True): ([1, 2, 3, 4, 5, 7, 8, 11, 12, 13, 14], ['API_TOKEN', 'DERIVED', 'SECRET', 'a', 'c', 'd', 'log', 'logging']),
    ('classes', False): ([1, 5, 6, 7, 8, 9, 10, 11, 22, 23, 24, 25], ['Api', 'BASE', 'OTHER', '__init__', 'api', 'call', 'go', 'requests', 's']),
    ('sdk', False): ([1, 2, 3, 4, 5, 6, 8, 9, 12], ['KlaviyoAPI', 'X', 'f', 'klaviyo_api', 'thing']),
    ('wanted', False): ([1, 3, 4], ['A', 'C']),
    ('keyish user', False): ([1, 2, 3, 4, 5, 6], ['T2', 'T3', 'TOKEN', 'f', 'os']),
}


@pytest.mark.parametrize("case", sorted(KEPT))
def test_what_is_kept(case):
    name, with_kind = case
    code = textwrap.dedent(KEPT_CASES[name])
    kind = (lambda qualname: {"settings.API_TOKEN": {"keyish"}}.get(qualname, set())) if with_kind else None
    piece = PythonSlice(ast.parse(code), code, kind)
    text = piece.kept_text(frozenset({"C", "nowhere"}) if name == "wanted" else frozenset())
    lines, names = KEPT[case]
    assert [number for number, line in zip(piece.line_map, text.splitlines()) if line.strip()] == lines
    assert sorted(name for name in piece._defined_names if piece.keeps(name)) == names
    assert all(piece.defines(name) for name in names) and not piece.defines("nowhere")


def test_only_methods_define_the_instance_attributes_they_store():
    code = "def f(self):\n    self.z = 1\nclass K:\n    x = self.y = 1\n    def m(self):\n        self.w = 2\n"
    piece = PythonSlice(ast.parse(code), code)
    assert piece.units[0].defines == {"f"}
    assert [member.defines for member in piece.units[1].members] == [{"x", "self", "y"}, {"m", "w"}]


def _kept_text(code: str):
    piece = PythonSlice(ast.parse(code), code)
    return piece.kept_text(), getattr(piece, "line_map", None)


def test_one_import_of_the_sdk_is_kept_the_first_plain_one():
    code = ("import os\ntry:\n    from openapi_client import A\nexcept ImportError:\n    A = None\n"
            "from openapi_client import B\nfrom openapi_client import C\n")
    assert _kept_text(code) == ("from openapi_client import B\n", [6, 8])


def test_the_slice_keeps_line_breaks_and_whole_classes_or_their_kept_members():
    assert _kept_text("import requests\r\nx = 1\r\nrequests.get(U)") == ("import requests\r\nrequests.get(U)", [1, 3])
    assert _kept_text("import requests\nrequests.get(U)\n") == (None, None)
    assert _kept_text("import requests\nclass K:\n    a = 1\n    b = 2\nclass L:\n    def f(self):\n"
                      "        return requests.get(U)\n    def g(self):\n        pass\n") == (
        "import requests\nclass L:\n    def f(self):\n        return requests.get(U)\n", [1, 5, 6, 7, 10])
    assert _kept_text("import requests\nrequests.get(U)\n\nclass K:\n    a = 1\n") == (
        "import requests\nrequests.get(U)\n\n", [1, 2, 3, 6])



MEMBERS = textwrap.dedent('''\
    import requests
    class Api:
        LIMIT = 3
        def _base(self):
            return "https://a.klaviyo.com"
        def _timeout(self):
            return LIMIT
        def unused(self):
            return 1
        def call(self):
            return requests.get(self._base(), timeout=self._timeout())
    class Other:
        def helper(self):
            return 2
        def more(self):
            return 3
    def use(o: Other):
        return o.helper()
    def top():
        x = Api()
        return x.call()
    ''')


def test_members_are_kept_when_their_class_or_its_kept_code_reads_them():
    """`call` is a seed; it reads `_base` and `_timeout` as attributes, `_timeout` reads `LIMIT`
    by name from its own class; `Other` is never built, so `use` reading `o.helper` keeps nothing."""
    piece = PythonSlice(ast.parse(MEMBERS), MEMBERS)
    text = piece.kept_text()
    assert [number for number, line in zip(piece.line_map, text.splitlines()) if line.strip()] == [
        1, 2, 3, 4, 5, 6, 7, 10, 11, 19, 20, 21]
    assert sorted(name for name in piece._defined_names if piece.keeps(name)) == [
        "Api", "LIMIT", "_base", "_timeout", "call", "requests", "top"]


def test_each_kept_line_keeps_its_own_line_break_the_last_one_too():
    assert _kept_text("x = 1\r\nimport requests\nrequests.get(U)\r\n") == (
        "import requests\nrequests.get(U)\r\n", [2, 3, 4])


def test_a_project_path_is_named_relative_to_the_root(tmp_path):
    index = ProjectIndex(tmp_path)
    assert index.relpath(tmp_path / "pkg" / "mod.py") == "pkg/mod.py"
    assert index.relpath(str(tmp_path / "mod.py")) == "mod.py"
    with pytest.raises(ValueError):
        index.relpath(tmp_path.parent / f"{tmp_path.name}-sibling" / "mod.py")  # shares the root's prefix


def test_python_modules_are_located_as_python_imports_them(tmp_path):
    from klint.frontends.python_semantics import locate_python_module

    for name in ("app/__init__.py", "app/settings.py", "src/lib/helpers.py", "pkg/sub/__init__.py",
                 "scripts/local.py", "node_modules/x.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "app" / "link.py").symlink_to(tmp_path / "app" / "settings.py")
    index = ProjectIndex(tmp_path)

    def located(importer: str, qualname: str):
        found = locate_python_module(index, tmp_path / importer, qualname)
        return (found[0].relative_to(tmp_path).as_posix(), found[1]) if found is not None else None

    assert located("main.py", "app.settings") == ("app/settings.py", [])
    assert located("main.py", "app.settings.URL.x") == ("app/settings.py", ["URL", "x"])
    assert located("main.py", "lib.helpers.go") == ("src/lib/helpers.py", ["go"])
    assert located("main.py", "pkg.sub.X") == ("pkg/sub/__init__.py", ["X"])
    assert located("main.py", "app.missing.y") == ("app/__init__.py", ["missing", "y"])
    assert located("main.py", "app.link") == ("app/__init__.py", ["link"])  # a symlink is no module
    assert located("main.py", "nowhere.x") is None
    assert located("main.py", "node_modules.x") is None
    assert located("scripts/run.py", "local.f") == ("scripts/local.py", ["f"])
    assert located("app/views.py", ".settings.URL") == ("app/settings.py", ["URL"])
    assert located("app/views.py", "..pkg.sub") == ("pkg/sub/__init__.py", [])
    assert located("main.py", "app.settings.URL") == ("app/settings.py", ["URL"])  # memoised, not shared
