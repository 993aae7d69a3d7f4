"""Unit tests of the value model (klint/frontends/values.py) and the scope model
(klint/frontends/scopes.py), written to kill the mutants mutmut left alive (CONTRIBUTING.md):
each pins one behaviour the rules rely on, at its edges."""

from __future__ import annotations

import pytest

from klint.frontends import values as v
from klint.frontends.values import (
    UNKNOWN, DictValue, Entry, Hole, ListValue, ModuleRef, NumValue, OneOf, StrValue, Unknown,
)


# --- StrValue budgets -----------------------------------------------------------------------

def test_a_string_at_the_budget_is_kept_whole():
    parts = tuple("x" for _ in range(v.MAX_STRING_PARTS))
    assert StrValue(parts).parts == parts
    text = "a" * v.MAX_STRING_CHARS
    assert StrValue((text,)).parts == (text,)
    nodes = tuple(range(v.MAX_STRING_NODES))
    assert StrValue(("a",), nodes).nodes == nodes


def test_too_many_parts_keep_the_first_ones_and_end_in_a_hole():
    parts = tuple(f"p{i}" for i in range(v.MAX_STRING_PARTS + 1))
    kept = StrValue(parts).parts
    assert kept == (*parts[:v.MAX_STRING_PARTS - 1], v._TOO_LONG)
    assert kept[-1] == Hole("…")


def test_too_many_characters_keep_the_prefix_up_to_the_budget():
    first = "a" * 3000
    second = "b" * 2000
    value = StrValue((first, Hole("h"), second, "tail"))
    assert value.parts == (first, Hole("h"), "b" * (v.MAX_STRING_CHARS - 3000), v._TOO_LONG)
    assert value.prefix() == first
    exactly = StrValue(("a" * 4000, "b" * 96, "c"))
    assert exactly.parts == ("a" * 4000, "b" * 96, "", v._TOO_LONG)


def test_too_many_nodes_keep_the_first_ones():
    nodes = tuple(range(v.MAX_STRING_NODES + 5))
    assert StrValue(("a",), nodes).nodes == nodes[:v.MAX_STRING_NODES]


def test_strings_join_parts_and_nodes():
    joined = StrValue(("a", Hole("x")), (1,)) + StrValue(("b",), (2,))
    assert joined.parts == ("a", Hole("x"), "b") and joined.nodes == (1, 2)
    assert joined.text is None and joined.prefix() == "a" and joined.holes() == [Hole("x")]
    assert StrValue(("a", "b")).text == "ab"


# --- dicts ----------------------------------------------------------------------------------

def test_find_is_case_sensitive_unless_asked():
    entry = Entry(StrValue(("1",)), None, None)
    headers = DictValue({"Revision": entry})
    assert headers.find("Revision") is entry
    assert headers.find("revision") is None
    assert headers.find("REVISION", ignore_case=True) is entry
    assert headers.find("other", ignore_case=True) is None


def test_merged_keeps_completeness_and_later_wins():
    a = Entry(StrValue(("a",)), None, None)
    b = Entry(StrValue(("b",)), None, None)
    incomplete = DictValue({"k": a}, complete=False)
    assert incomplete.merged(DictValue({"j": b})).complete is False
    assert DictValue({"k": a}).merged(DictValue({"k": b}, complete=False)).complete is False
    both = DictValue({"k": a}).merged(DictValue({"k": b}))
    assert both.complete is True and both.entries == {"k": b}
    unknown = DictValue({"k": a}).merged(UNKNOWN)
    assert unknown.complete is False and unknown.entries == {"k": a}


# --- alternatives -----------------------------------------------------------------------------

def test_one_of_flattens_and_deduplicates():
    a, b, c = StrValue(("a",)), StrValue(("b",)), StrValue(("c",))
    assert v.one_of([a]) is a
    assert v.one_of([a, a]) is a
    assert v.one_of([]) is UNKNOWN
    assert v.one_of([OneOf((a, b)), c, b]) == OneOf((a, b, c))
    assert v.one_of([OneOf((a, b))]) == OneOf((a, b))
    assert v.alternatives(None) == [] and v.alternatives(a) == [a] and v.alternatives(OneOf((a, b))) == [a, b]


def test_fallback():
    a, b = StrValue(("a",)), StrValue(("b",))
    assert v.fallback(a, lambda: b) is a
    assert v.fallback(Unknown("x"), lambda: b) is b
    assert v.fallback(ModuleRef("process.env.X"), lambda: b) is b
    assert v.fallback(Unknown("x"), lambda: UNKNOWN) is UNKNOWN
    assert v.fallback(NumValue(1, None), lambda: b) is UNKNOWN


def test_as_str():
    a = StrValue(("a",))
    assert v.as_str(a, lambda: "d") is a
    assert v.as_str(NumValue(42, None), lambda: "d") == StrValue(("42",))
    assert v.as_str(Unknown("api_key"), lambda: "d") == StrValue((Hole("api_key"),))
    assert v.as_str(Unknown(""), lambda: "d") == StrValue((Hole("d"),))
    assert v.as_str(DictValue(), lambda: "d") == StrValue((Hole("d"),))


# --- URLs -----------------------------------------------------------------------------------

def test_resolve_url():
    base = StrValue(("https://a.klaviyo.com/api/v1",), ("base",))
    absolute = StrValue(("https://other.example/x",))
    assert v.resolve_url(base, absolute) is absolute
    assert v.resolve_url(base, StrValue(("/client/x",))).text == "https://a.klaviyo.com/client/x"
    resolved = v.resolve_url(base, StrValue(("events/",), ("rel",)))
    assert resolved.parts == ("https://a.klaviyo.com/api/", "events/") and resolved.nodes == ("base", "rel")
    slash = StrValue(("https://a.klaviyo.com/api/",), ("base",))
    assert v.resolve_url(slash, StrValue(("events/",))).parts == ("https://a.klaviyo.com/api/", "events/")
    holed = StrValue(("https://a.klaviyo.com/", Hole("x")))
    assert v.resolve_url(holed, StrValue(("events/",))).parts == ("https://a.klaviyo.com/", Hole("x"), "events/")
    # a path starting with "//"-less "/" against a base that is not a URL: joined as text
    assert v.resolve_url(StrValue(("relative/base",)), StrValue(("/x",))).parts == ("relative/", "/x")


def test_join_base_url():
    describe = lambda: "path"  # noqa: E731
    base = StrValue(("https://a.klaviyo.com/api/",), ("base",))
    absolute = StrValue(("https://other.example/x",))
    assert v.join_base_url(base, absolute, describe) is absolute
    assert v.join_base_url(UNKNOWN, StrValue(("x",)), describe) is UNKNOWN
    joined = v.join_base_url(base, StrValue(("//lists/", "a", "/b"), ("p",)), describe)
    assert joined.parts == ("https://a.klaviyo.com/api/", "lists/", "a", "/b")
    assert joined.nodes == ("base", "p")
    assert v.join_base_url(base, Unknown("path_var"), describe).parts == (
        "https://a.klaviyo.com/api/", Hole("path_var"))
    assert v.join_base_url(base, Unknown(""), describe).parts == ("https://a.klaviyo.com/api/", Hole("path"))
    assert v.join_base_url(base, StrValue(()), describe).parts == ("https://a.klaviyo.com/api/", "")
    holed = StrValue(("https://a.klaviyo.com", Hole("v")))
    assert v.join_base_url(holed, StrValue(("/x",)), describe).parts == ("https://a.klaviyo.com", Hole("v"), "/", "x")


def test_join_parts():
    a, b = StrValue(("a",)), StrValue(("b", Hole("h")))
    assert v.join_parts("/", [a, b]).parts == ("a", "/", "b", Hole("h"))
    assert v.join_parts("/", []).parts == ()
    assert v.join_parts("/", [a, UNKNOWN]) is None


# --- the scope model (klint/frontends/scopes.py), through the Python front end ---------------------

import datetime as _dt  # noqa: E402
from pathlib import Path  # noqa: E402

from klint.context import FileContext  # noqa: E402
from klint.frontends import frontends_for  # noqa: E402
from klint.frontends.values import (  # noqa: E402
    ClassValue, DigestValue, FunctionValue, ObjectValue,
)


def show(value, depth=0):
    """A value as plain data: strings as text ({hint} for holes), "?hint" for Unknown, OneOf as
    ("oneof", …), dicts as (entries, complete), objects as ("obj", qualname, attributes)."""
    if depth > 6:
        return "..."
    if isinstance(value, StrValue):
        return "".join(part if isinstance(part, str) else "{" + part.hint + "}" for part in value.parts)
    if isinstance(value, OneOf):
        return ("oneof", *[show(option, depth + 1) for option in value.options])
    if isinstance(value, DictValue):
        return ({key: show(entry.value, depth + 1) for key, entry in value.entries.items()}, value.complete)
    if isinstance(value, ListValue):
        return [show(item, depth + 1) for item in value.items]
    if isinstance(value, Unknown):
        return "?" + value.hint
    if isinstance(value, NumValue):
        return value.value
    if isinstance(value, ModuleRef):
        return "mod:" + value.qualname
    if isinstance(value, ObjectValue):
        return ("obj", value.qualname, {key: show(attr, depth + 1) for key, attr in sorted(value.attrs.items())
                                        if not isinstance(attr, FunctionValue)})
    if isinstance(value, FunctionValue):
        return "fn"
    if isinstance(value, ClassValue):
        return "class"
    if isinstance(value, DigestValue):
        return "digest"
    return repr(value)


def model(code: str, filename: str = "a.py"):
    """The model of every statement (a lint builds it from those that can matter to a rule)."""
    ctx = FileContext(Path(filename), filename, code, _dt.date(2026, 11, 26), frontends_for(filename))
    ctx.slice_code = False
    return ctx.model


RESOLUTION = '''
A = "1"
B = A
A = "2"
C = A
H = {"a": "1"}
def add():
    H["b"] = "2"
    return H
D = add()
if c:
    I = {"a": "1"}
    I["x"] = "1"
else:
    I = {"b": "2"}
I["z"] = "3"
J = "0"
if c:
    J = "1"
elif d:
    J = "2"
K = "0"
if c:
    K = "1"
    K = "2"
else:
    K = "3"
if c:
    L = "1"
for M, N in [("x", "y"), ("z", "w")]:
    pass
for O in items:
    pass
for P in []:
    pass
for Q, R in [("x",), "s"]:
    pass
def a(x):
    return x
def b(x):
    return a(x)
def c(x):
    return b(x)
def d(x):
    return c(x)
A1 = a("v")
B1 = b("v")
C1 = c("v")
D1 = d("v")
def two(x):
    if x:
        return "1"
    return "2"
T = two(1)
def rec(x):
    return rec(x)
U = rec("1")
def kw(x, y="d"):
    return x + y
V = kw(y="k", x="j")
W = kw("j", z="no")
class S:
    BASE = "https://x"
    def __init__(self):
        self.url = self.BASE + "/p"
    def get(self, p):
        return self.url + p
Y = S()
config.data = {"a": "1"}
Z = config
import os
E1 = os.environ
def outer():
    return inner_value
inner_value = "late"
F1 = outer()
'''

RESOLVED = {
    "A": "2", "B": "1", "C": "2",  # the last binding before the point, remembered per point
    "D": ({"a": "1", "b": "2"}, True),  # a mutation inside a function applies to the module's dict
    "I": ("oneof", ({"a": "1", "x": "1", "z": "3"}, True), ({"b": "2", "z": "3"}, True)),
    "J": ("oneof", "0", "1", "2"),  # no else: the value before the if survives
    "K": ("oneof", "2", "3"),  # if/else: it does not; a rebinding in the same arm replaces
    "L": "1",  # only one binding
    "M": ("oneof", "x", "z"), "N": ("oneof", "y", "w"),  # unpacked loop items
    "O": "?", "P": "?",  # a loop over something unknown, or over nothing
    "Q": ("oneof", "x", "?"), "R": "?",  # items too short or not tuples
    "A1": "v", "B1": "v", "C1": "v", "D1": "?",  # helpers followed MAX_HELPER_DEPTH levels deep
    "T": "?",  # two returns
    "U": "?",  # recursion
    "V": "jk", "W": "jd",  # keywords bind parameters; unknown keywords are ignored
    "Y": ("obj", "project.object", {"BASE": "https://x", "url": "https://x/p"}),
    "Z": "?config",
    "E1": "mod:os.environ",
    "F1": "late",  # an enclosing scope's binding anywhere (it has run by the time of the call)
}


@pytest.mark.parametrize("name", sorted(RESOLVED))
def test_resolution(name):
    assert show(model(RESOLUTION).export(name)) == RESOLVED[name]


def test_constants_are_names_assigned_once_at_the_top_level():
    assert sorted(name for name, _node, _site in model(RESOLUTION).constants()) == [
        "A1", "B", "B1", "C", "C1", "D", "D1", "E1", "F1", "H", "L", "T", "U", "V", "W", "Y", "Z", "inner_value"]


def test_a_binding_replaced_on_every_path_of_a_nested_if_is_not_an_alternative():
    """A dead value (another host) among the alternatives would silence a rule."""
    code = ('if c:\n    NN = "1"\n    if d:\n        NN = "2"\n    else:\n        NN = "3"\n'
            'else:\n    NN = "4"\n')
    assert show(model(code).export("NN")) == ("oneof", "2", "3", "4")
    for partial in ('if c:\n    NN = "1"\n    if d:\n        NN = "2"\nelse:\n    NN = "4"\n',  # no else
                    'if c:\n    NN = "1"\n    if d:\n        if e:\n            NN = "2"\n    else:\n'
                    '        NN = "3"\nelse:\n    NN = "4"\n',  # an arm that binds only under another if
                    'if c:\n    NN = "1"\n    if d:\n        if e:\n            NN = "2"\n        else:\n'
                    '            NN = "3"\nelse:\n    NN = "4"\n'):  # both arms of an if that may not run
        assert "1" in show(model(partial).export("NN")), partial
    deeper = ('if a:\n    if c:\n        NN = "1"\n        if d:\n            NN = "2"\n        else:\n'
              '            NN = "3"\nelse:\n    NN = "9"\n')  # `if c` has no else; `if d` rebinds on both arms
    assert "1" not in show(model(deeper).export("NN"))
    js = 'let NN = "0";\nif (c) { NN = "1"; if (d) { NN = "2"; } else { NN = "3"; } } else { NN = "4"; }\n'
    assert show(model(js, "a.ts").export("NN")) == ("oneof", "2", "3", "4")


JS_RESOLUTION = '''
let A = "1";
const B = A;
A = "2";
const C = A;
let J = "0";
if (c) { J = "1"; } else if (d) { J = "2"; }
let K = "0";
if (c) { K = "1"; } else { K = "3"; }
const H = { a: "1" };
H.b = "2";
H["c"] = "3";
function a(x) { return x; }
const A1 = a("v");
const f = (x) => "u" + x;
const F = f("w");
class S {
  base = "https://x";
  constructor() { this.url = "https://y"; }
}
const Y = new S();
const L = c ? "p" : "q";
const M = process.env.X || "dflt";
'''

JS_RESOLVED = {
    "A": "2", "B": "1", "C": "2", "J": ("oneof", "0", "1", "2"), "K": ("oneof", "1", "3"),
    "H": ({"a": "1", "b": "2", "c": "3"}, True), "A1": "v", "F": "uw",
    "Y": ("obj", "project.object", {"base": "https://x", "url": "https://y"}),
    "L": ("oneof", "p", "q"), "M": "dflt",
}


@pytest.mark.parametrize("name", sorted(JS_RESOLVED))
def test_js_resolution(name):
    assert show(model(JS_RESOLUTION, "a.ts").export(name)) == JS_RESOLVED[name]


# --- scopes.py helpers as units ---------------------------------------------------------------------

from klint.frontends import scopes  # noqa: E402


def test_loop_item():
    x, y, z = StrValue(("x",)), StrValue(("y",)), StrValue(("z",))
    pairs = ListValue([ListValue([x, y]), ListValue([z])])
    assert scopes.Resolver._loop_item(pairs, ()) == OneOf((ListValue([x, y]), ListValue([z])))
    assert scopes.Resolver._loop_item(pairs, (0,)) == OneOf((x, z))
    assert scopes.Resolver._loop_item(pairs, (1,)) == OneOf((y, UNKNOWN))
    assert scopes.Resolver._loop_item(ListValue([x, y], complete=False), ()) is UNKNOWN
    assert scopes.Resolver._loop_item(ListValue([]), ()) is UNKNOWN
    assert scopes.Resolver._loop_item(x, ()) is UNKNOWN
    nested = ListValue([ListValue([ListValue([x, y])])])
    assert scopes.Resolver._loop_item(nested, (0, 1)) == y


def test_shared_prefix_and_arm_paths():
    assert scopes._shared_prefix((1, 2, 3), (1, 2, 4)) == 2
    assert scopes._shared_prefix((1, 2), (1, 2, 3)) == 2
    assert scopes._shared_prefix((5,), (1,)) == 0
    assert scopes._shared_prefix((), (1,)) == 0
    assert scopes._same_arm_path((1, 2), (1, 2)) and not scopes._same_arm_path((1,), (1, 2))


def test_function_of():
    module = scopes.Scope("module", None, None)
    function = scopes.Scope("function", None, module)
    cls = scopes.Scope("class", None, function)
    assert scopes._function_of(cls) is function
    assert scopes._function_of(function) is function
    assert scopes._function_of(module) is None
    assert scopes._function_of(None) is None


def test_member_of():
    inner = StrValue(("v",))
    assert scopes._member_of(ModuleRef("pkg"), "attr") == ModuleRef("pkg.attr")
    assert scopes._member_of(ObjectValue("q", None, None, {"a": inner}), "a") is inner
    assert scopes._member_of(ObjectValue("q", None, None, {}), "b") == Unknown("b")
    assert scopes._member_of(DictValue({"a": Entry(inner, None, None)}), "a") is inner
    assert scopes._member_of(DictValue({}), "a") == Unknown("a")
    assert scopes._member_of(inner, "a") == Unknown("a")
    assert scopes._member_of(ClassValue(scopes.Scope("class", None, None), None), "X") == Unknown("X")


def test_class_attribute():
    m = model('class K:\n    X = "x"\n    def f(self):\n        pass\nV = K\n')
    cls = m.export("V")
    assert isinstance(cls, ClassValue)
    assert show(scopes.class_attribute(cls, "X")) == "x"
    assert isinstance(scopes.class_attribute(cls, "f"), FunctionValue)
    assert scopes.class_attribute(cls, "missing") == Unknown("missing")
    assert show(scopes._member_of(cls, "X")) == "x"


def test_rehome_points_every_node_at_the_call():
    here = object()
    text = StrValue(("a", Hole("h")), ("n1", "n2"))
    assert scopes._rehome(text, here) == StrValue(("a", Hole("h")), (here,))
    assert scopes._rehome(StrValue(("a",)), here).nodes == ()
    assert scopes._rehome(NumValue(3, "n"), here) == NumValue(3, here)
    entries = DictValue({"k": Entry(text, "key", "value"), "j": Entry(UNKNOWN, None, None)}, complete=False)
    moved = scopes._rehome(entries, here)
    assert moved.complete is False
    assert moved.entries["k"] == Entry(StrValue(("a", Hole("h")), (here,)), here, here)
    assert moved.entries["j"] == Entry(UNKNOWN, None, None)
    assert scopes._rehome(ListValue([text], complete=False), here) == ListValue(
        [StrValue(("a", Hole("h")), (here,))], complete=False)
    assert scopes._rehome(OneOf((text, NumValue(1, "n"))), here) == OneOf(
        (StrValue(("a", Hole("h")), (here,)), NumValue(1, here)))
    obj = scopes._rehome(ObjectValue("q", "call", "site", {"a": text}), here)
    assert obj == ObjectValue("q", None, None, {"a": StrValue(("a", Hole("h")), (here,))})
    assert scopes._rehome(UNKNOWN, here) is UNKNOWN


def test_a_function_is_not_followed_into_itself():
    m = model('def f(x):\n    return f("a") + x\nV = f("v")\ndef g(x, y):\n    return x + g(y, x)\nW = g("1", "2")\n')
    assert show(m.export("V")) == '{f("a")}v'
    assert show(m.export("W")) == "1{g(y, x)}"


def test_one_model_answers_every_point_in_turn():
    """The memo of immutable values is per binding and point: asking for B first must not
    change what C (after a rebinding) sees, and the other way round."""
    m = model(RESOLUTION)
    assert {name: show(m.export(name)) for name in RESOLVED} == RESOLVED
    m = model(RESOLUTION)
    assert {name: show(m.export(name)) for name in reversed(RESOLVED)} == RESOLVED
    js = model(JS_RESOLUTION, "a.ts")
    assert {name: show(js.export(name)) for name in JS_RESOLVED} == JS_RESOLVED


MORE = '''
G = {}
G["a"] = "1"
G = {"b": "2"}
if c:
    I = {"a": "1"}
else:
    I = {"b": "2"}
if d:
    I["w"] = "4"
def dead():
    x = "1"
    return x
    x = "2"
R1 = dead()
class S:
    def __init__(self):
        self.h["x"] = "1"
X = S().h
'''

MORE_RESOLVED = {
    "G": ({"b": "2"}, True),  # a mutation before a rebinding is gone
    "I": ("oneof", ({"a": "1", "w": "4"}, True), ({"b": "2", "w": "4"}, True)),  # a later if: both paths
    "R1": "1",  # the return expression is evaluated where it is
    "X": "?h",  # only mutated, never bound
}


def test_more_resolution():
    m = model(MORE)
    assert {name: show(m.export(name)) for name in MORE_RESOLVED} == MORE_RESOLVED


def test_url_joins_keep_other_characters_and_the_parts():
    describe = lambda: "path"  # noqa: E731
    assert v.join_base_url(StrValue(("https://h/apiX",)), StrValue(("Xitems/",)), describe).text == \
        "https://h/apiX/Xitems/"
    parts = StrValue(("https://a.klaviyo.com/", "api/"))
    assert v.resolve_url(parts, StrValue(("events/",))).parts == ("https://a.klaviyo.com/", "api/", "events/")


def test_bindings_in_nested_and_earlier_ifs():
    code = ('if c:\n    if d:\n        A2 = "1"\n    A2 = "2"\n'
            'if a:\n    B2 = "0"\nif c:\n    B2 = "1"\n')
    m = model(code)
    assert show(m.export("A2")) == "2"  # the inner binding is always replaced
    assert show(m.export("B2")) == ("oneof", "0", "1")  # an earlier if's binding survives a later if


def test_a_binding_an_inner_if_may_replace_stays_an_alternative():
    code = 'A = "0"\nif c:\n    A = "1"\n    if d:\n        A = "2"\n'
    assert show(model(code).export("A")) == ("oneof", "0", "1", "2")
