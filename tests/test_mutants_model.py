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
