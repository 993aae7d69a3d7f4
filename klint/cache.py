"""A result cache for repeated runs (pre-commit, editor saves, CI re-runs), like Ruff's.

One JSON file per klint version and effective configuration, under ``.klint_cache/`` in the
project root, mapping each file's path to the hash of its content (and the front ends that read
it) and its findings and diagnostics. Unlike Ruff's, files *with* findings are cached too.

Safe under concurrent runs: the file is replaced atomically (write a temporary file, then
``os.replace``), so a reader sees an old or a new cache, never half of one; the last writer wins
and anything it lacks is recomputed next time. A cache that cannot be read or parsed is ignored.
The folder ignores itself in git (``.gitignore`` with ``*``) and carries a ``CACHEDIR.TAG``.

Safe in a hostile checkout: nothing is written through a symlink (every file is created with
O_EXCL | O_NOFOLLOW relative to a folder descriptor opened with O_NOFOLLOW), a default cache
folder that is a link or not a folder is refused with a note, and the cache holds no file names
and, through Finding and Diagnostic, no private key.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from dataclasses import astuple
from functools import lru_cache
from pathlib import Path

from klint import __version__
from klint.config import Settings
from klint.discovery import display_path
from klint.findings import Applicability, Diagnostic, DiagnosticKind, Edit, Finding, Fix, Severity, Span

CACHE_FORMAT = 4  # 3: findings carry fixes; 4: dependencies and pre-filter facts
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by klint.\n")


@lru_cache(maxsize=None)
def _code_stamp() -> list:
    """klint's own source files (size, mtime): an edited checkout must not reuse old results."""
    package = Path(__file__).resolve().parent
    stamp = []
    for path in sorted(package.rglob("*.py")):
        status = path.stat()
        stamp.append([path.relative_to(package).as_posix(), status.st_size, status.st_mtime_ns])
    return stamp


def settings_key(settings: Settings) -> str:
    """What, besides a file's content, decides its result."""
    material = {
        "format": CACHE_FORMAT,
        "version": __version__,
        "code": _code_stamp(),
        "select": sorted(settings.select),
        "as_of": settings.as_of.isoformat(),
        "line_hashes": settings.line_hashes,
        "per_file_ignores": [(entry.pattern, sorted(entry.codes)) for entry in settings.per_file_ignores],
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:20]


def content_key(data: bytes, kinds: frozenset[str] | None) -> str:
    digest = hashlib.blake2b(data, digest_size=16)
    digest.update(("|" + ",".join(sorted(kinds or ()))).encode())
    return digest.hexdigest()


def _span(values: list[int]) -> Span:
    return Span(*values)


def finding_to_json(finding: Finding) -> dict:
    data = {"path": finding.path, "span": list(astuple(finding.span)), "code": finding.code,
            "name": finding.name, "message": finding.message, "severity": finding.severity.value,
            "fingerprint": finding.fingerprint, "line_hash": finding.line_hash}
    if finding.fix is not None:
        data["fix"] = {"description": finding.fix.description, "applicability": finding.fix.applicability.value,
                       "edits": [[*astuple(edit.span), edit.replacement] for edit in finding.fix.edits]}
    return data


def finding_from_json(data: dict) -> Finding:
    fix = data.get("fix")
    return Finding(data["path"], _span(data["span"]), data["code"], data["name"], data["message"],
                   Severity(data["severity"]), data["fingerprint"], data["line_hash"],
                   Fix(fix["description"], Applicability(fix["applicability"]),
                       tuple(Edit(_span(edit[:4]), edit[4]) for edit in fix["edits"])) if fix else None)


def diagnostic_to_json(diagnostic: Diagnostic) -> dict:
    return {"path": diagnostic.path, "kind": diagnostic.kind.value, "message": diagnostic.message,
            "level": diagnostic.level.value, "line": diagnostic.line}


def diagnostic_from_json(data: dict) -> Diagnostic:
    return Diagnostic(data["path"], DiagnosticKind(data["kind"]), data["message"], Severity(data["level"]),
                      data["line"])


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_folder(name: str | Path, create: bool, follow: bool, dir_fd: int | None = None) -> int:
    """A descriptor for a cache folder; never through a symlink unless ``follow`` (a folder the
    user named). Everything below it is opened relative to it, so no link swapped in later counts."""
    if create:
        try:
            if follow and dir_fd is None:
                os.makedirs(name, exist_ok=True)
            else:
                os.mkdir(name, dir_fd=dir_fd)
        except FileExistsError:
            pass
    return os.open(name, _DIR_FLAGS | (0 if follow else _NOFOLLOW), dir_fd=dir_fd)


def _create_once(folder: int, name: str, text: str) -> None:
    """Write a marker file unless something (a file, a link) already has its name."""
    try:
        handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644, dir_fd=folder)
    except FileExistsError:
        return
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)


def _replace_atomically(folder: int, name: str, data: bytes) -> None:
    """Write a temporary file (created, never opened through a link) and rename it over ``name``."""
    temporary = f".tmp-{secrets.token_hex(8)}.json"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        os.unlink(temporary, dir_fd=folder)
        raise


def entry_key(relpath: str) -> str:
    """Entries are keyed by a hash of the path, so the cache holds no file names (they can be secrets)."""
    return hashlib.blake2b(relpath.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


class ResultCache:
    """``named``: the user chose the folder (``--cache-dir``); otherwise it must not be a symlink."""

    def __init__(self, folder: Path, settings: Settings, named: bool = False) -> None:
        self.folder = folder
        self.named = named
        self.name = f"{settings_key(settings)}.json"
        self.entries: dict[str, dict] = {}
        self.dirty = False
        self.notes: list[Diagnostic] = []
        try:
            status = os.lstat(folder)
        except OSError:
            return  # not there yet: created on save
        if stat.S_ISLNK(status.st_mode) and not named:
            problem = "is a symlink"
        elif not stat.S_ISDIR(os.stat(folder).st_mode if named else status.st_mode):
            problem = "is not a folder"
        else:
            self.entries = self._load()
            return
        self.notes.append(Diagnostic(display_path(folder, settings.root), DiagnosticKind.CACHE,
                                     f"the cache folder {problem}; running without a cache", Severity.NOTE))
        self.folder = None

    def _load(self) -> dict[str, dict]:
        """The entries of a readable, well-formed cache file; anything else is ignored."""
        try:
            top = _open_folder(self.folder, create=False, follow=self.named)
            try:
                version = _open_folder(__version__, create=False, follow=False, dir_fd=top)
                try:
                    handle = os.open(self.name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=version)
                finally:
                    os.close(version)
            finally:
                os.close(top)
            with os.fdopen(handle, "rb") as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    return {}
                loaded = json.loads(stream.read())
        except (OSError, ValueError, RecursionError, NotImplementedError):
            return {}  # missing, unreadable, corrupt or absurdly nested: start afresh
        files = loaded.get("files") if isinstance(loaded, dict) and loaded.get("format") == CACHE_FORMAT else None
        return files if isinstance(files, dict) else {}

    def _entry(self, relpath: str) -> dict | None:
        entry = self.entries.get(entry_key(relpath))
        return entry if isinstance(entry, dict) else None

    def unchanged(self, relpath: str, stamp: list) -> str | None:
        """The content key recorded for a file whose stamp (size, times, inode, front ends) is ``stamp``."""
        entry = self._entry(relpath)
        if entry is not None and entry.get("stamp") == stamp:
            return entry.get("key")
        return None

    def restamp(self, relpath: str, stamp: list | None) -> None:
        """Remember a hit's current stamp, so the next run need not read the file."""
        entry = self._entry(relpath)
        if entry is not None and entry.get("stamp") != stamp:
            entry["stamp"] = stamp
            self.dirty = True

    def get(self, relpath: str, key: str, dependency_key):
        """The cached result for this content (FileResult's fields), or None; also None
        when a project file the results used (an imported module) has changed since
        (``dependency_key`` gives the current content key of a file by its ``entry_key``)."""
        entry = self._entry(relpath)
        if entry is None or entry.get("key") != key:
            return None
        dependencies = entry.get("deps", {})
        if not isinstance(dependencies, dict) or any(
                dependency_key(hashed) != recorded for hashed, recorded in sorted(dependencies.items())):
            return None
        try:
            return {"findings": [finding_from_json(f) for f in entry["findings"]],
                    "diagnostics": [diagnostic_from_json(d) for d in entry["diagnostics"]],
                    "suppressed": int(entry["suppressed"]), "mentions_klaviyo": bool(entry["mentions"]),
                    "imports": [str(word) for word in entry["imports"]],
                    "context_by_import": bool(entry["context_by_import"])}
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def put(self, relpath: str, key: str, stamp: list | None, result, dependencies: dict[str, str]) -> None:
        """Remember a file's result (a FileResult) for this content and these dependencies."""
        self.entries[entry_key(relpath)] = {
            "key": key, "stamp": stamp, "findings": [finding_to_json(f) for f in result.findings],
            "diagnostics": [diagnostic_to_json(d) for d in result.diagnostics], "suppressed": result.suppressed,
            "mentions": result.mentions_klaviyo, "imports": result.imports,  # import words are hashed
            "context_by_import": result.context_by_import,
            # paths hashed like the entry keys: the cache never stores a file name
            "deps": {entry_key(path): value for path, value in dependencies.items()}}
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self.folder is None:
            return
        data = json.dumps({"format": CACHE_FORMAT, "files": self.entries}, separators=(",", ":")).encode()
        try:
            top = _open_folder(self.folder, create=True, follow=self.named)
            try:
                _create_once(top, ".gitignore", "# Created by klint.\n*\n")
                _create_once(top, "CACHEDIR.TAG", _CACHEDIR_TAG)
                version = _open_folder(__version__, create=True, follow=False, dir_fd=top)
                try:
                    _replace_atomically(version, self.name, data)
                finally:
                    os.close(version)
            finally:
                os.close(top)
        except (OSError, NotImplementedError):  # NotImplementedError: no dir_fd (Windows)
            pass  # a read-only checkout, or a link where a folder should be: run without a cache
