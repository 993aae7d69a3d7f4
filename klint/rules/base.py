"""The rule model: one small class per rule, its docs and examples beside its code (Fixit's way).

A rule declares its code, name, severity and the front end it reads; ``check`` yields Reports.
Its docstring is its documentation (Ruff's sections: What it does / Why is this bad / Example /
Use instead) and VALID / INVALID examples are both the test suite and the `klint rule` docs.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import ClassVar, Iterable

from klint.context import FileContext, Report
from klint.findings import Severity


@dataclass(frozen=True)
class Example:
    """A snippet a rule must stay silent on (VALID) or report (INVALID).

    ``filename`` picks the front end (``app.py``, ``index.ts``, ``package.json``, ``.env``).
    An INVALID example pins its first finding exactly, as Fixit's InvalidTestCase does: where it
    starts and ends (``line``, ``column``, ``end_line``, ``end_column``; 1-based, the end
    exclusive) and its whole ``message``; ``count`` is how many findings the rule reports in it.
    ``as_of`` pins the date revision rules judge against, so examples never rot.
    ``fixed`` is the file after `klint --fix --unsafe-fixes` (Fixit's expected_replacement).
    """

    code: str
    filename: str = "example.py"
    line: int | None = None
    message: str | None = None
    as_of: str = "2026-11-26"
    note: str = ""
    fixed: str | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    count: int = 1


def Valid(code: str, filename: str = "example.py", note: str = "", as_of: str = "2026-11-26") -> Example:
    return Example(code=code, filename=filename, note=note, as_of=as_of)


def Invalid(
    code: str,
    filename: str = "example.py",
    line: int | None = None,
    column: int | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
    message: str | None = None,
    count: int = 1,
    note: str = "",
    as_of: str = "2026-11-26",
    fixed: str | None = None,
) -> Example:
    return Example(code=code, filename=filename, line=line, column=column, end_line=end_line,
                   end_column=end_column, message=message, count=count, note=note, as_of=as_of, fixed=fixed)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]  # one sentence: SARIF shortDescription, `klint rules`
    severity: ClassVar[Severity]
    # The front end kinds whose files the rule reads: "text" (every file), "code" (any language
    # with a semantic model: the rule reads ctx.model and never asks which language it is),
    # "manifest", or "meta" (reported while suppressions are applied).
    frontends: ClassVar[tuple[str, ...]]
    # Substrings (lower-case bytes) without which a file cannot hold a finding: the pre-filter
    # that spares parsing. Empty means "always run".
    triggers: ClassVar[tuple[bytes, ...]] = ()
    # Part of the rule's meaning, not an optimisation: the file must mention one of these (it
    # deals with Klaviyo) for the rule to report anything in it. Empty: no such demand.
    context: ClassVar[tuple[bytes, ...]] = ()
    tags: ClassVar[tuple[str, ...]] = ()
    precision: ClassVar[str] = "high"
    security_severity: ClassVar[str | None] = None
    default_enabled: ClassVar[bool] = True
    VALID: ClassVar[list[Example]] = []
    INVALID: ClassVar[list[Example]] = []

    @classmethod
    def documentation(cls) -> str:
        """The rule's Markdown docs (its docstring)."""
        return inspect.cleandoc(cls.__doc__ or "")

    def check(self, ctx: FileContext) -> Iterable[Report]:
        raise NotImplementedError
