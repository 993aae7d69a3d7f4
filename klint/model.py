"""The semantic model: the one contract between front ends and rules.

A code front end (Python via LibCST, JS/TS via tree-sitter, …) lowers a file into an object that
satisfies ``SemanticModel``; rules read only this contract, never a parser's tree and never the
language's name. Syntax nodes appear here only as opaque handles: rules pass them back to
``evaluate`` and ``span`` and never look inside.

The values and records (``Value``, ``HttpCall``, ``SdkCall``, ``Site``) are in
``klint.frontends.values`` and ``klint.frontends.scopes``; how a value is worked out (name
resolution, mutations, string building) is described there.

Adding a front end
------------------
1. Write ``klint/frontends/<language>.py`` with a function ``<language>_model(source)`` that
   parses ``source.text`` (raising ``FrontEndError("code", …)`` for a file it cannot read, and
   appending recoverable problems to ``source.notes``) and returns a ``SemanticModel``.
2. Register its file suffixes in ``CODE_FRONTENDS`` (klint/frontends/__init__.py).
3. Give it the SDK dialect of that language in klint/klaviyo.py (``SdkDialect``: method names,
   body casing, constructor options) if Klaviyo publishes an SDK for it.
4. Add rule examples with the new file suffix to the rules it should trigger; no rule changes.
"""

from __future__ import annotations

from typing import Any, Iterator, Protocol

from klint.findings import Span
from klint.frontends.scopes import Site
from klint.frontends.values import HttpCall, SdkCall, Value
from klint.klaviyo import SdkDialect

Node = Any  # an opaque syntax-node handle


class CallHandle(Protocol):
    node: Node
    site: Site


class SemanticModel(Protocol):
    sdk: SdkDialect  # how the Klaviyo SDK of this file's language spells things

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

    def code_mentions_conflict(self, node: Node) -> bool:
        """Does the code under ``node`` (comments aside) test for 409 / a conflict?"""

    def revision_overrides(self) -> Iterator[tuple[Node, Site]]:
        """Values assigned as the SDK's revision (`KlaviyoAPI._REVISION = …`)."""

    def is_project_module(self, module: str) -> bool:
        """Does importing ``module`` load a module of the scanned project rather than a package?"""
