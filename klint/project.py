"""What the scanned project itself holds, beyond the file being linted.

Python puts a script's own folder, and the project's top-level packages, ahead of
site-packages: `import klaviyo` in an app that has its own `klaviyo.py` imports that module, not
the retired library of the same name.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def project_root(path: Path, relpath: str) -> Path | None:
    """The root a file's display path is relative to (None when it lies outside the root)."""
    parts = PurePosixPath(relpath).parts
    if ".." in parts or PurePosixPath(relpath).is_absolute():
        return None
    root = path
    for _ in parts:
        root = root.parent
    return root


def has_local_python_module(path: Path, relpath: str, name: str) -> bool:
    """Does ``import name`` in the file at ``path`` resolve to a module of the project: a
    ``name.py`` or ``name/`` package beside the file or in any folder up to the project root."""
    root = project_root(path, relpath)
    folder = path.parent
    while True:
        if (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file():
            return True
        if root is None or folder == root or folder.parent == folder:
            return False
        folder = folder.parent
