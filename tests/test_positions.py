"""Positions measured one top-level statement at a time (klint/frontends/python.py) are the
positions LibCST gives in the whole module, for every node the model placed."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from klint.frontends.python import _Positions
from klint.frontends.python_semantics import Semantics
from klint.source import SourceFile

ROOT = Path(__file__).parent.parent

TRICKY = [
    "# header comment\n\n\nimport os\n",
    "x = 1; y = 2\nz = 3;\n",
    "# lead\n@decorator\n# between\n@other(\n    1)\ndef f():\n    return {'a': [1,\n 2]}\n",
    "class A:\n    '''doc\n    string'''\n    url = ('https://a.klaviyo.com'\n           '/api/')\n",
    "if x:\n    y = 1 \\\n        + 2\nelse:\n    pass\n",
    "def f():\n\tif x:\n\t\treturn requests.get(u, headers={'revision': r})\n",
    "a = 1\r\nb = f(\r\n  2)\r\n",
    "async def g():\n    async with s as c:\n        await c.get(u)\n# footer comment\n",
    "x = 1",
    "s = '''\nmulti\nline'''; t = f'{s!r:>{w}}'\n",
]


def _texts():
    yield from ((f"tricky{index}.py", text) for index, text in enumerate(TRICKY))
    for folder in ("tests/samples", "fixtures"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.stat().st_size:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, text", list(_texts()), ids=lambda value: value if value.endswith(".py") else "")
def test_each_statement_alone_gives_the_whole_modules_positions(name, text):
    module = cst.parse_module(text)
    positions = _Positions(module, None, text)
    Semantics(module, positions.span, SourceFile(Path(name), name, text), positions.statement_of)
    placed = [key for key, index in positions.statement_of.items() if index is not None]
    assert placed and positions._first_lines is not None
    nodes = {id(node): node for node in positions._resolved}
    for key in placed:
        assert positions._range(nodes[key]) == positions._resolved[nodes[key]], (name, nodes[key])
    assert len(positions._statements) == len({positions.statement_of[key] for key in placed})


def test_a_node_the_recorder_did_not_place_is_measured_in_the_whole_module():
    text = "# header\nx = f(1, 2)\n"
    module = cst.parse_module(text)
    positions = _Positions(module, None, text)
    Semantics(module, positions.span, SourceFile(Path("a.py"), "a.py", text), positions.statement_of)
    comma = module.body[0].body[0].value.args[0].comma
    assert id(comma) not in positions.statement_of and positions._statements == {}
    assert positions.span(comma) == positions.span(comma) and positions.span(comma).start_line == 2
    call = module.body[0].body[0].value
    assert (positions.span(call).start_line, positions.span(call).start_col) == (2, 5)
    assert list(positions._statements) == [0]


def test_without_the_modules_code_every_node_is_measured_in_the_whole_module():
    text = "x = 1\ny = f(2)\n"
    module = cst.parse_module(text)
    positions = _Positions(module)
    Semantics(module, positions.span, SourceFile(Path("a.py"), "a.py", text), positions.statement_of)
    call = module.body[1].body[0].value
    assert positions._first_lines is None and positions.span(call).start_line == 2
    assert positions._statements == {}


def test_only_the_statement_asked_about_is_measured():
    """The whole module is never measured for a placed node: its statement alone is, in a module
    without the file's header, moved by the line CPython gives the statement."""
    text = "# header\n# more header\nx = 1\n\n\ny = f(2)\nz = 3\n"
    module = cst.parse_module(text)
    positions = _Positions(module, None, text)
    Semantics(module, positions.span, SourceFile(Path("a.py"), "a.py", text), positions.statement_of)
    call = module.body[1].body[0].value
    assert (positions.span(call).start_line, positions.span(call).start_col) == (6, 5)
    assert "_resolved" not in positions.__dict__
    measured, offset = positions._statements[1]
    assert offset == 3 and module.body[0] not in measured  # its two blank lines lead it and module.body[2] not in measured


def test_a_python_model_is_built_from_the_statements_that_can_matter():
    from klint.frontends.python import python_model

    text = ("import requests\n\nPAGE = 10\n\n\ndef unrelated():\n    return PAGE * 2\n\n\n"
            "def lists():\n    return requests.get('https://a.klaviyo.com/api/lists/', timeout=5)\n")
    model = python_model(SourceFile(Path("a.py"), "a.py", text))
    assert [type(statement).__name__ for statement in model.module.body] == ["SimpleStatementLine", "FunctionDef"]
    assert model.module.body[1].name.value == "lists"
    call = model.http_calls[0]
    assert model.span(call.node).start_line == 11
    assert "_resolved" not in model.span.__self__.__dict__  # its statement alone was measured
    whole = python_model(SourceFile(Path("a.py"), "a.py", text, slice_code=False))  # every statement kept
    assert len(whole.module.body) == 4 and whole.span(whole.http_calls[0].node).start_line == 11
    assert "_resolved" not in whole.span.__self__.__dict__


def test_a_file_where_nothing_can_matter_shares_the_empty_tree_and_is_gated_when_read_whole():
    from klint.frontends import FrontEndError
    from klint.frontends.python import _empty_module, python_model

    model = python_model(SourceFile(Path("a.py"), "a.py", "# klaviyo\nx = 1\n"))
    assert model.module is _empty_module() and model.calls == []
    assert [type(s).__name__ for s in model.whole_tree()[0].body] == ["SimpleStatementLine"]
    deep = python_model(SourceFile(Path("b.py"), "b.py", "# klaviyo\nx = " + "(" * 1500 + "1" + ")" * 1500 + "\n"))
    with pytest.raises(FrontEndError):  # CPython refuses it first: LibCST never sees it
        deep.whole_tree()
