"""Front ends: which parsers apply to a file, and the error they raise when they cannot parse it.

A code front end lowers one language into the semantic model (klint/model.py); rules read only
the model, so they declare the front end kind "code" and never name a language. Adding a
language is one entry in ``CODE_FRONTENDS``.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from klint.model import SemanticModel
    from klint.source import SourceFile

# Analysis budgets shared by the code front ends (documented in the README): past them a file
# gets a note and only the text checks, so no single file can take the run down.
MAX_CODE_BYTES = 2 * 1024 * 1024

PYTHON_SUFFIXES = (".py", ".pyi")
JAVASCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte")
# Dependency manifests, by path: requirements-dev.txt, requirements/base.txt, dev.in, Pipfile, …
MANIFEST_PATH_RE = re.compile(
    r"(?:^|/)(?:requirements[^/]*\.(?:txt|in)|constraints[^/]*\.txt|requirements/[^/]+\.(?:txt|in)"
    r"|(?!MANIFEST\.in$)[^/]+\.in|pyproject\.toml|setup\.cfg|setup\.py|Pipfile|package\.json"
    r"|environment\.ya?ml)$"
)


DOTENV_PATH_RE = re.compile(r"(?:^|/)\.env(?:\.[\w.-]+)?$")


class FrontEndError(Exception):
    """A file that a front end cannot parse; the engine turns it into a diagnostic."""

    def __init__(self, frontend: str, message: str, line: int | None = None,
                 internal: bool = False) -> None:
        super().__init__(message)
        self.frontend = frontend
        self.line = line
        self.internal = internal  # klint's own bug, not the file's fault


def _python_model(source: "SourceFile") -> "SemanticModel":
    from klint.frontends.python import python_model

    return python_model(source)


def _javascript_model(source: "SourceFile") -> "SemanticModel":
    from klint.frontends.javascript import javascript_model

    return javascript_model(source)


# File suffix -> the code front end that builds the semantic model (imported on first use).
CODE_FRONTENDS: tuple[tuple[tuple[str, ...], Callable[["SourceFile"], "SemanticModel"]], ...] = (
    (PYTHON_SUFFIXES, _python_model),
    (JAVASCRIPT_SUFFIXES, _javascript_model),
)


def code_frontend(relpath: str) -> Callable[["SourceFile"], "SemanticModel"]:
    lowered = relpath.lower()
    for suffixes, build in CODE_FRONTENDS:
        if lowered.endswith(suffixes):
            return build
    raise FrontEndError("code", "no code front end reads this file type")


def frontends_for(relpath: str) -> frozenset[str]:
    """Every front end kind that reads the file at this path; "text" reads them all."""
    kinds = {"text"}
    lowered = relpath.lower()
    if any(lowered.endswith(suffixes) for suffixes, _ in CODE_FRONTENDS):
        kinds.add("code")
    if DOTENV_PATH_RE.search(relpath):
        kinds.add("dotenv")
    if MANIFEST_PATH_RE.search(relpath):
        kinds.add("manifest")
    return frozenset(kinds)


def manifest_kind(filename: str) -> str:
    lowered = filename.lower()
    if lowered == "package.json":
        return "package.json"
    if lowered == "pyproject.toml":
        return "pyproject"
    if filename == "Pipfile":
        return "pipfile"
    if lowered == "setup.cfg":
        return "setup.cfg"
    if lowered == "setup.py":
        return "setup.py"
    if lowered in ("environment.yml", "environment.yaml"):
        return "environment"
    return "requirements"


_REQUIREMENT_OPTION_RE = re.compile(r"^\s*(-[rc]|--requirement|--constraint)\s*=?\s*(\S+)")


def referenced_requirement_files(text: str) -> list[str]:
    """Files a requirements file pulls in with -r / -c (relative to it)."""
    return [m.group(2) for m in map(_REQUIREMENT_OPTION_RE.match, text.splitlines()) if m]


# --- words for the project-wide pre-filter ------------------------------------------------------
# A file that never names Klaviyo may still talk to it through a module it imports (a settings
# module holding the base URL, a shared client). These give the module names a file imports and
# the names other files import it by, read from the bytes without parsing.
_PYTHON_IMPORT_RE = re.compile(rb"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b([^\n#]*)|import[ \t]+([\w.][\w., \t]*))",
                               re.MULTILINE)
_JS_IMPORT_RE = re.compile(rb"""(?:\bfrom|\brequire[ \t]*\(|\bimport[ \t]*\()[ \t]*["']([^"'\n]{1,200})["']""")
_WORD_RE = re.compile(rb"[A-Za-z_$][\w$-]*")


def imported_module_words(relpath: str, data: bytes, project=None, path=None) -> frozenset[str]:
    """The words of every module path the file imports (`from app.settings import X` → app,
    settings, X; `require("../lib/klaviyo")` → lib, klaviyo); with the project, also the name
    of the module a tsconfig alias names (`@crm` → events, for `lib/events.ts`)."""
    lowered = relpath.lower()
    if lowered.endswith(PYTHON_SUFFIXES):
        found = [group for match in _PYTHON_IMPORT_RE.finditer(data) for group in match.groups() if group]
    elif lowered.endswith(JAVASCRIPT_SUFFIXES):
        found = [match.group(1) for match in _JS_IMPORT_RE.finditer(data)]
    else:
        return frozenset()
    words = {word.decode("ascii", "ignore") for text in found for word in _WORD_RE.findall(text)}
    if project is not None and lowered.endswith(JAVASCRIPT_SUFFIXES):
        from klint.frontends.javascript_semantics import locate_aliased

        for specifier in found:
            if not specifier.startswith((b".", b"/")):
                located = locate_aliased(project, path, specifier.decode("utf-8", "replace"))
                if located is not None:
                    words |= module_words(project.relpath(located[0]))
    return frozenset(words)


REEXPORT_DEPTH = 2  # modules between a file and the one that names the word (`__init__.py`, `index.ts` hubs)


def reaches_mention(project, imported_modules, path, text: str, word: str) -> bool:
    """Does a project module the file imports hold ``word``, or one that module imports, up to
    REEXPORT_DEPTH modules away? ``imported_modules(project, path, text)`` lists the project
    files a file imports; every file read joins the linted file's dependencies."""
    seen = {os.path.abspath(path)}
    layer = [(path, text)]
    for _depth in range(REEXPORT_DEPTH + 1):
        following = []
        for importer, importer_text in layer:
            for target in imported_modules(project, importer, importer_text):
                if os.fspath(target) in seen:
                    continue
                seen.add(os.fspath(target))
                project.peeked.add(target)
                target_text = project.text_of(target) or ""
                if word in target_text.lower():
                    return True
                following.append((target, target_text))
        layer = following
    return False


def imports_module_mentioning(relpath: str, path, text: str, project, word: str) -> bool:
    """Does this code file import a module of the project whose text holds ``word``? (Its front
    end reads the imports; True for a kind of file whose imports are not read.)"""
    lowered = relpath.lower()
    if lowered.endswith(PYTHON_SUFFIXES):
        from klint.frontends.python_slice import imports_module_mentioning as python_imports

        return python_imports(project, path, text, word)
    if lowered.endswith(JAVASCRIPT_SUFFIXES):
        from klint.frontends.javascript import imports_module_mentioning as javascript_imports

        return javascript_imports(project, path, text, word)
    return True


def module_words(relpath: str) -> frozenset[str]:
    """The names a module is imported by: its file name, or its folder's for `__init__.py` /
    `index.*` (`app/settings.py` → settings; `lib/klaviyo/index.ts` → klaviyo)."""
    parts = relpath.rsplit("/", 2)
    stem = parts[-1].split(".", 1)[0]
    if stem in ("__init__", "index") and len(parts) > 1:
        stem = parts[-2]
    return frozenset({stem})
