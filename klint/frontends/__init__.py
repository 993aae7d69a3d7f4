"""Front ends: which parsers apply to a file, and the error they raise when they cannot parse it."""

from __future__ import annotations

import re

PYTHON_SUFFIXES = (".py", ".pyi")
JAVASCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte")
# Dependency manifests, by path: requirements-dev.txt, requirements/base.txt, dev.in, Pipfile, …
MANIFEST_PATH_RE = re.compile(
    r"(?:^|/)(?:requirements[^/]*\.(?:txt|in)|constraints[^/]*\.txt|requirements/[^/]+\.(?:txt|in)"
    r"|(?!MANIFEST\.in$)[^/]+\.in|pyproject\.toml|setup\.cfg|setup\.py|Pipfile|package\.json"
    r"|environment\.ya?ml)$"
)


class FrontEndError(Exception):
    """A file that a front end cannot parse; the engine turns it into a diagnostic."""

    def __init__(self, frontend: str, message: str, line: int | None = None,
                 internal: bool = False) -> None:
        super().__init__(message)
        self.frontend = frontend
        self.line = line
        self.internal = internal  # klint's own bug, not the file's fault


def frontends_for(relpath: str) -> frozenset[str]:
    """Every front end that reads the file at this path; "text" reads them all."""
    kinds = {"text"}
    lowered = relpath.lower()
    if lowered.endswith(PYTHON_SUFFIXES):
        kinds.add("python")
    if lowered.endswith(JAVASCRIPT_SUFFIXES):
        kinds.add("javascript")
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
