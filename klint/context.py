"""What a rule sees of one file: the source, the settings that apply, and the front ends' views
of it, each built on first use: the semantic model of code (whatever its language) and the
dependency declarations of a manifest."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from klint.findings import Fix, Severity, Span
from klint.frontends import FrontEndError, code_frontend
from klint.source import SourceFile

if TYPE_CHECKING:
    from klint.frontends.dotenv import EnvEntry
    from klint.frontends.manifests import Declaration
    from klint.model import SemanticModel


@dataclass(frozen=True)
class Report:
    """What a rule hands back; the engine turns it into a Finding."""

    span: Span
    message: str
    severity: Severity | None = None  # None: the rule's default
    fix: Fix | None = None


class FileContext(SourceFile):
    def __init__(self, path: Path, relpath: str, text: str, as_of: _dt.date, kinds: frozenset[str]) -> None:
        super().__init__(path, relpath, text)
        self.as_of = as_of
        self.kinds = kinds  # front ends that apply: "text", and "code" and/or "manifest"

    @cached_property
    def _model(self) -> "SemanticModel | FrontEndError":
        try:
            return code_frontend(self.relpath)(self)
        except FrontEndError as exc:
            return exc

    @property
    def model(self) -> "SemanticModel":
        """The semantic model of the file's code; raises FrontEndError (the same one, once per
        file) when it cannot be built."""
        model = self._model
        if isinstance(model, FrontEndError):
            raise model
        return model

    @cached_property
    def dotenv(self) -> list["EnvEntry"]:
        """The `NAME=value` lines of a `.env` file."""
        from klint.frontends.dotenv import dotenv_entries

        return dotenv_entries(self)

    @cached_property
    def manifest(self) -> list["Declaration"]:
        """The dependency declarations of a manifest; raises FrontEndError when unparseable."""
        from klint.frontends.manifests import declarations

        return declarations(self)
