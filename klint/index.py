"""The project index: the other modules of the scanned project, read on demand, so a value, a
class or a helper defined in one file is seen from the files that import it.

Only files under the project root are ever read (never site-packages or node_modules), each at
most once per process, through the same front ends and budgets as linted files. Which files an
import names is the front end's business (Python's package rules, Node's resolution); the index
only loads them and remembers which ones each linted file used, so the cache can re-check a file
when a module it imports changes.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from klint.frontends import FrontEndError, code_frontend
from klint.source import SourceFile

# Folders that hold no project modules (installed packages, virtualenvs, VCS data, build output).
_NOT_PROJECT = frozenset({"node_modules", "site-packages", ".git", ".venv", "venv", "__pycache__", "build",
                          "dist", ".tox", ".nox", ".klint_cache"})


_SETTINGS_MODULE_RE = re.compile(r"""DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']""")


# Budgets for reading imported modules: a settings module or a helper is small, a vendored
# generated SDK module is not worth its parse (up to seconds each) to resolve one name.
MAX_MODULE_BYTES = 512 * 1024
MAX_LOADED_BYTES_PER_FILE = 2 * 1024 * 1024


def _is_regular_file(path: str) -> bool:
    """A regular file, not a symlink to one (lstat does not follow links)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL in a name taken from the code
        return False


class ProjectIndex:
    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))
        self._models: dict[Path, Any] = {}
        self._loading: set[Path] = set()
        self._root = os.fspath(self.root)
        self._real_root = os.path.realpath(self._root)  # the root may itself sit under a symlink
        self._exists: dict[str, bool] = {}
        self._settings_modules: list[Path] | None = None
        self.used: set[Path] = set()  # files read for the file being linted (reset by the engine)
        self.loaded_bytes = 0  # read for the file being linted (reset by the engine)
        self.resolving: set[tuple[Path, str]] = set()  # exports being resolved: cycles stop here
        self.slice_code = True  # front ends may build models from the statements that can matter
        self.peeked: set[Path] = set()  # files whose text decided what of a linted file matters
        self._texts: dict[Path, str | None] = {}
        self.memo: dict[Any, Any] = {}  # front ends' per-process answers about project files

    def relpath(self, path: Path) -> str:
        text = os.fspath(path)
        if text.startswith(self._root + os.sep):  # strings: this runs for every module a file used
            return text[len(self._root) + 1:].replace(os.sep, "/")
        return Path(path).relative_to(self.root).as_posix()

    def contains(self, path: Path | str) -> bool:
        absolute = os.path.abspath(path)
        root = self._root
        if not absolute.startswith(root + os.sep):
            return absolute == root
        return _NOT_PROJECT.isdisjoint(absolute[len(root) + 1:].split(os.sep))

    def names_in(self, folder: str) -> frozenset[str]:
        """The entries of a folder (none for one that cannot be listed), listed once: module
        resolution asks every folder of a tree about the same names."""
        key = ("listing", folder)
        if key not in self.memo:
            try:
                self.memo[key] = frozenset(os.listdir(folder))
            except (OSError, ValueError):
                self.memo[key] = frozenset()
        return self.memo[key]

    def is_file(self, path: Path | str) -> bool:
        """A regular file of the project, reached without a symlink (neither the file nor a
        folder between the root and it is one), as the folder walk reaches files."""
        key = os.fspath(path)
        known = self._exists.get(key)
        if known is None:
            known = self._exists[key] = self.contains(key) and self._real_folder(os.path.dirname(
                os.path.abspath(key))) and _is_regular_file(key)
        return known

    def _real_folder(self, folder: str) -> bool:
        """No symlink between the project root and ``folder`` (once per folder)."""
        key = ("real-folder", folder)
        if key not in self.memo:
            try:
                real = os.path.realpath(folder) == self._real_root + folder[len(self._root):]
            except (OSError, ValueError):
                real = False
            self.memo[key] = real
        return self.memo[key]

    def model_for(self, path: Path, export: str | None = None) -> Any | None:
        """The semantic model of a project file; None for one that cannot be read or parsed, that
        is being read already (an import cycle), or that is over the budgets. The budget counts
        every module one linted file uses, cached or not, so results never depend on the order
        files are linted in (or on which worker lints them). A model built from part of its file
        is rebuilt with the definitions of ``export`` when it lacks them."""
        path = Path(os.path.abspath(path))
        if not self.is_file(path) or path in self._loading:
            return None
        if path not in self.used:
            size = self._size(path)
            if size is None or size > MAX_MODULE_BYTES or self.loaded_bytes + size > MAX_LOADED_BYTES_PER_FILE:
                return None
            self.used.add(path)
            self.loaded_bytes += size
        if path not in self._models:
            self._loading.add(path)
            try:
                self._models[path] = self._load(path)
            finally:
                self._loading.discard(path)
        model = self._models[path]
        widened_for = getattr(model, "widened_for", None)
        if export is not None and widened_for is not None:
            self._loading.add(path)
            try:
                wider = widened_for(export)
            except FrontEndError:
                wider = None
            finally:
                self._loading.discard(path)
            if wider is not None:
                self._models[path] = model = wider
        return model

    @staticmethod
    def _size(path: Path) -> int | None:
        try:
            return path.stat().st_size
        except OSError:
            return None

    def start_file(self) -> None:
        """A new file is linted: its dependencies and read budget start afresh."""
        self.used.clear()
        self.peeked.clear()
        self.loaded_bytes = 0

    def text_of(self, path: Path) -> str | None:
        """A project file's text (None: not a readable project file), read once per process."""
        path = Path(os.path.abspath(path))
        if path not in self._texts:
            text = None
            if self.is_file(path) and (self._size(path) or 0) <= MAX_MODULE_BYTES:
                try:
                    text = path.read_bytes().decode("utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    pass
            self._texts[path] = text
        return self._texts[path]

    def import_kinds(self, importer: Path, qualname: str) -> set[str]:
        """What a name a Python file imports from a project module can be (python_slice's question):
        "sink" when that module makes recognised calls, "keyish" when it can hold a key."""
        from klint.frontends.python_semantics import locate_python_module
        from klint.frontends.python_slice import module_kinds

        located = locate_python_module(self, importer, qualname)
        return module_kinds(self, located[0]) if located is not None else set()

    def _load(self, path: Path) -> Any | None:
        try:
            text = path.read_bytes().decode("utf-8-sig")
            relpath = path.relative_to(self.root).as_posix()
            source = SourceFile(path, relpath, text)
            source.project = self
            source.slice_code = self.slice_code
            return code_frontend(relpath)(source)
        except (OSError, UnicodeDecodeError, FrontEndError, RecursionError):
            return None

    def settings_modules(self) -> list[str | Path]:
        """Where Django's `django.conf.settings` values are defined: the dotted module that
        `manage.py`/`wsgi.py`/`asgi.py` set as DJANGO_SETTINGS_MODULE, else every `settings.py`
        (or `settings/__init__.py`) of the project."""
        if self._settings_modules is None:
            named: list[str | Path] = []
            found: list[str | Path] = []
            for folder, folders, files in os.walk(self.root):
                folders[:] = sorted(name for name in folders if name not in _NOT_PROJECT and not name.startswith("."))
                for name in sorted(set(files) & {"manage.py", "wsgi.py", "asgi.py"}):
                    try:
                        text = (Path(folder) / name).read_bytes()[:65536].decode("utf-8", "replace")
                    except OSError:
                        continue
                    named.extend(match.group(1) for match in _SETTINGS_MODULE_RE.finditer(text))
                if "settings.py" in files:
                    found.append(Path(folder) / "settings.py")
                if Path(folder).name == "settings" and "__init__.py" in files:
                    found.append(Path(folder) / "__init__.py")
            self._settings_modules = sorted(set(named)) or found
        return self._settings_modules
