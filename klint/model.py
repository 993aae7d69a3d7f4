"""The semantic model: the one contract between front ends and rules.

A code front end (Python via LibCST, JS/TS via tree-sitter, …) lowers a file into an object that
satisfies ``SemanticModel``; rules read only this contract, never a parser's tree and never the
language's name. Syntax nodes appear here only as opaque handles: rules pass them back to
``evaluate`` and ``span`` and never look inside.

The values and records (``Value``, ``HttpCall``, ``SdkCall``, ``Site``) are in
``klint.frontends.values`` and ``klint.frontends.scopes``. A front end does not work values out
itself: it records scopes and binding events (``klint.frontends.scopes``: name resolution,
branches, loops, helpers, other modules) and lowers each expression it is asked about into the
neutral expressions of ``klint.frontends.expressions``; the one evaluator
(``klint.frontends.evaluate.Evaluator``) turns those into values, with what klint knows about
libraries (string formatting, URL joining, JSON, environment defaults, HMAC, HTTP clients) in
the tables of ``klint.frontends.libraries``.

Adding a front end
------------------
1. Write ``klint/frontends/<language>.py`` with a function ``<language>_model(source)`` that
   parses ``source.text`` (raising ``FrontEndError("code", …)`` for a file it cannot read, and
   appending recoverable problems to ``source.notes``) and returns a ``SemanticModel``.
2. Make the model an ``Evaluator`` (klint/frontends/evaluate.py): one pass over the tree that
   fills the scopes with events and records the calls, dicts and comparisons; ``_lower`` (one
   syntax node → one expression of klint/frontends/expressions.py, children through
   ``self.lower``), ``describe`` (a node's source text), ``language``, ``canonical`` (imported
   names as the library tables spell them), ``file_text`` and ``_key`` (a node's identity) if
   its nodes need it, and ``locate_module`` (the project file an import names, by the
   language's own rules: never an installed package); it starts with ``self._lowered = {}`` (the
   lowering memo), and ``module_makes_calls`` (whether a project module's text shows calls a
   rule follows, so `module.helper(…)` reads the module only then). Add the
   language's library functions and HTTP call shapes to klint/frontends/libraries.py, keyed by
   their qualified names; no evaluation code of its own. Its SDK calls (``_sdk_call``) and the
   views and edits below remain for it to write.
3. Register its file suffixes in ``CODE_FRONTENDS`` (klint/frontends/__init__.py).
4. Give it the SDK dialect of that language in klint/klaviyo.py (``SdkDialect``: method names,
   body casing, constructor options) if Klaviyo publishes an SDK for it.
5. Add rule examples with the new file suffix to the rules it should trigger; no rule changes.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Protocol

from klint.findings import Edit, Span
from klint.frontends.scopes import Site
from klint.frontends.values import DigestValue, HttpCall, SdkCall, Value
from klint.klaviyo import SdkDialect

Node = Any  # an opaque syntax-node handle


class CallHandle(Protocol):
    node: Node
    site: Site


class SemanticModel(Protocol):
    sdk: SdkDialect  # how the Klaviyo SDK of this file's language spells things
    is_client_code: bool  # runs in the browser (`"use client"`, a .vue/.svelte component)

    @property
    def http_calls(self) -> list[HttpCall]:
        """Raw HTTP requests, with their URL, method, headers, body and timeout resolved."""

    @property
    def sdk_calls(self) -> list[SdkCall]:
        """Calls of Klaviyo SDK methods (`client.Profiles.create_profile(body)`)."""

    imports: list[tuple[str, Node]]  # (module as written, the import's node)
    dicts: list[tuple[Node, Site]]  # every dict / object literal
    klaviyo_strings: list[tuple[Node, Site]]  # string literals (not docstrings) naming Klaviyo

    def evaluate(self, node: Node | None, site: Site) -> Value:
        """What the expression ``node`` holds at ``site`` (Unknown when it cannot be told)."""

    def literal_keys(self, mapping: Node) -> frozenset[str] | None:
        """The keys of a dict / object literal when each is written as a string (None: a spread
        or a computed key), so a rule after one key need not evaluate the others' values."""

    def span(self, node: Node) -> Span:
        """Where ``node`` is in the file."""

    def constants(self) -> Iterator[tuple[str, Node, Site]]:
        """(name, value node, site) of the names bound exactly once at the top level."""

    def constructions(self, short_name: str) -> Iterator[CallHandle]:
        """Calls of an SDK class's constructor, by its class name (`KlaviyoAPI`)."""

    def argument(self, call: CallHandle, position: int | None, keyword: str | None) -> Node | None:
        """The expression passed to ``call`` as ``keyword=`` or at ``position``."""

    def keyword_arguments(self, keyword: str) -> Iterator[tuple[Node, Site]]:
        """Every expression passed as ``keyword=…`` to any call (none where the language has no
        keyword arguments)."""

    def equality_comparisons(self) -> Iterator[tuple[Node, Site, Node, Node]]:
        """(comparison, site, left, right) for each ==/!= (===/!==) link."""

    def code_mentions(self, node: Node, pattern: "re.Pattern[str]", integer: int | None = None) -> bool:
        """Does the code under ``node`` (comments aside) hold ``integer`` or a name or string
        matching ``pattern`` (409 / "conflict"; "Retry-After")?"""

    def waits_in(self, node: Node) -> bool:
        """Does the code under ``node`` call something that sleeps or waits?"""

    def status_checks(self, code: int) -> Iterator[tuple[Node, Site, Node]]:
        """Comparisons and `case`s that test an HTTP status against ``code``, with the branch
        (`if`, `while`, `case`) each decides."""

    def revision_overrides(self) -> Iterator[tuple[Node, Site]]:
        """Values assigned as the SDK's revision (`KlaviyoAPI._REVISION = …`)."""

    def digests(self) -> Iterator[tuple[Node, "DigestValue"]]:
        """Every HMAC digest the file computes, with its hash, encoding and message's origin."""

    def in_error_handler(self, node: Node) -> bool:
        """Is ``node`` inside an `except` / `catch` clause or a `.catch(…)` callback?"""

    def log_calls(self) -> Iterator[tuple[CallHandle, list[Node]]]:
        """Calls that write to a log or the console, with their (positional) arguments."""

    def is_project_module(self, module: str) -> bool:
        """Does importing ``module`` load a module of the scanned project rather than a package?"""

    # --- edits for fixes -------------------------------------------------------------------------
    # Each makes one syntactic change as text edits computed from the parser's tree (the
    # positions of the nodes involved), so everything else in the file, comments and layout
    # included, stays as it is; None when the change cannot be made cleanly at that node. Edits
    # carry only text klint composes, never the file's own text. Rules build Fixes from them.

    def rename_method(self, call: Node, name: str) -> list[Edit] | None:
        """`client.Profiles.create_profile(body)` → `client.Profiles.<name>(body)`."""

    def replace_in_string(self, node: Node, pattern: re.Pattern[str], replacement: str,
                          at_start: bool = False) -> list[Edit] | None:
        """Replace the first match of ``pattern`` in the literal text of the string literal
        ``node`` (interpolations skipped, escapes never matched); ``at_start``: only a match at
        the very start of its content."""

    def prefix_string(self, node: Node, text: str) -> list[Edit] | None:
        """`KEY` → `"<text>" + KEY`, for a name, attribute, subscript or call only (where `+`
        cannot change how the expression groups)."""

    def mapping_of(self, key: Node) -> Node | None:
        """The dict / object literal whose key ``key`` is."""

    def add_entry(self, mapping: Node, key: str, value: str) -> list[Edit] | None:
        """Add the entry ``key`` (a string) → ``value`` (source text) to a dict / object literal."""

    def rename_key(self, key: Node, name: str) -> list[Edit] | None:
        """Spell a dict / object key (or a `dict(k=…)` keyword) ``name``."""

    def add_argument(self, call: Node, value: str, keyword: str | None = None) -> list[Edit] | None:
        """Append an argument to a call: `keyword=value`, or a positional ``value`` when
        ``keyword`` is None (None when the language has no keyword arguments)."""

    def remove_argument(self, value: Node) -> list[Edit] | None:
        """Drop the argument, keyword argument or object property whose value is ``value``
        (never a positional argument that another positional argument follows)."""

    def constant_time_compare(self, comparison: Node) -> tuple[list[Edit], bool] | None:
        """Rewrite an ==/!= (===/!==) of two values as the language's constant-time compare,
        importing it if need be; the flag says the rewrite behaves like the comparison for
        every input the code lets through (Node's `timingSafeEqual` throws on a length mismatch
        unless a length check guards it)."""

    def reads_of(self, name: str) -> int:
        """How many times the code reads the top-level name ``name``."""
