"""Front ends: which parsers apply to a file, and the error they raise when they cannot parse it."""

from __future__ import annotations

import re

PYTHON_SUFFIXES = (".py", ".pyi")
JAVASCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")
# Dependency manifests, by file name (requirements-dev.txt, requirements/base.in, Pipfile, …).
MANIFEST_NAME_RE = re.compile(
    r"^(?:requirements.*\.(?:txt|in)|constraints.*\.txt|.*\.in|pyproject\.toml|setup\.cfg|setup\.py"
    r"|Pipfile|package\.json|environment\.ya?ml)$"
)


class FrontEndError(Exception):
    """A file that a front end cannot parse; the engine turns it into a diagnostic."""

    def __init__(self, frontend: str, message: str, line: int | None = None,
                 internal: bool = False) -> None:
        super().__init__(message)
        self.frontend = frontend
        self.line = line
        self.internal = internal  # klint's own bug, not the file's fault


def frontends_for(filename: str) -> frozenset[str]:
    """Every front end that reads a file of this name; "text" reads them all."""
    kinds = {"text"}
    lowered = filename.lower()
    if lowered.endswith(PYTHON_SUFFIXES):
        kinds.add("python")
    if lowered.endswith(JAVASCRIPT_SUFFIXES):
        kinds.add("javascript")
    if MANIFEST_NAME_RE.match(filename):
        kinds.add("manifest")
    return frozenset(kinds)
