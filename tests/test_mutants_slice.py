"""Tests written to kill mutmut survivors (see CONTRIBUTING.md, "Mutation testing")."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

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
        ("x", "a.b.x"), ("z", "a.b.y"), ("w", "a.b.w"), ("here", ".here"), ("p", "pkg.p"),
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
        "c.py": "import requests\nimport plain\nrequests.get(U)\n",
    })
    assert module_kinds(index, tmp_path / "a.py") == {"sink"}
    assert module_kinds(index, tmp_path / "rel" / "b.py") == {"sink"}
    assert module_kinds(index, tmp_path / "c.py") == {"sink"}
    assert ("python-kinds", tmp_path / "plain.py") in index.memo  # the import after the sink is followed


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
    of imports."""
    piece = PythonSlice(ast.parse(UNITS_CODE), UNITS_CODE)
    assert [(_unit(unit), [_unit(member) for member in unit.members]) for unit in piece.units] == [
    ((1, 1, 0, [], ['Module', 'doc'], [], (), False, False), []),
    ((2, 2, 0, ['requests'], ['import', 'requests'], [], (), True, False), []),
    ((3, 3, 0, ['TYPE_CHECKING'], ['TYPE_CHECKING', 'from', 'import', 'typing'], [], (), True, False), []),
    ((4, 7, 0, [], ['TYPE_CHECKING', 'if'], [], (), True, False), [(5, 5, 0, ['httpx'], ['httpx', 'import'], [], (), True, False), (7, 7, 0, ['z'], ['as', 'from', 'import', 'x', 'y', 'z'], [], (), True, False)]),
    ((8, 8, 0, ['KEY'], ['KEY', 'OTHER', 'pk_x'], [], (), False, False), []),
    ((8, 8, 0, ['OTHER'], ['KEY', 'OTHER', 'pk_x'], [], (), False, False), []),
    ((10, 26, 2, ['COUNT', 'Client', 'SEEN'], ['Base', 'Client', 'arg', 'class', 'decorator'], [], (13, 14), False, True), [(13, 14, 1, [], ['Client', 'doc', 'more'], [], (), False, False), (16, 16, 0, ['URL'], ['URL', 'a', 'api', 'com', 'https', 'klaviyo'], ['com', 'klaviyo'], (), False, False), (18, 22, 4, ['__init__', 'cache', 'items', 'session', 'total'], ['Session', '__init__', 'append', 'cache', 'def', 'items'], ['Session', 'append', 'cache', 'items', 'session', 'total'], (), False, True), (24, 26, 2, ['COUNT', 'SEEN', 'send'], ['COUNT', 'SEEN', 'URL', 'body', 'def', 'global'], ['URL', 'post', 'session'], (), False, True)]),
    ((27, 27, 0, ['Line'], ['Line', 'class', 'x'], [], (), False, True), []),
    ((28, 30, 2, ['helper'], ['def', 'helper', 'nonlocal_thing', 'return'], [], (), False, True), []),
    ]
    assert [None if owner is None else owner.first for owner in piece._owner] == [None, None, 2, 3, 4, 5, None, 7, 8, None, 10, 10, 10, None, None, None, 16, None, 18, 18, 18, 18, 18, None, 24, 24, 24, 27, 28, 28, 28, None, None]
    assert piece.units[6].text == "@decorator(\n    arg)\nclass Client(Base):"
    assert piece.units[3].text == "if TYPE_CHECKING:"
    assert piece.units[4].text == 'KEY = "pk_x"; OTHER = 1'
    assert piece.units[6].members[0].owner is piece.units[6]
    assert piece.sink_names == {"httpx", "requests"} and piece.keyish_names == set()
