"""A result cache for repeated runs (pre-commit, editor saves, CI re-runs), like Ruff's.

One JSON file per klint version and effective configuration, under ``.klint_cache/`` in the
project root, mapping each file's path to the hash of its content (and the front ends that read
it) and its findings and diagnostics. Unlike Ruff's, files *with* findings are cached too.

Safe under concurrent runs: the file is replaced atomically (write a temporary file, then
``os.replace``), so a reader sees an old or a new cache, never half of one; the last writer wins
and anything it lacks is recomputed next time. A cache that cannot be read or parsed is ignored.
The folder ignores itself in git (``.gitignore`` with ``*``) and carries a ``CACHEDIR.TAG``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import astuple
from functools import lru_cache
from pathlib import Path

from klint import __version__
from klint.config import Settings
from klint.findings import Diagnostic, DiagnosticKind, Finding, Fix, Severity, Span

CACHE_FORMAT = 1
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
        data["fix"] = {"span": list(astuple(finding.fix.span)), "replacement": finding.fix.replacement,
                       "description": finding.fix.description}
    return data


def finding_from_json(data: dict) -> Finding:
    fix = data.get("fix")
    return Finding(data["path"], _span(data["span"]), data["code"], data["name"], data["message"],
                   Severity(data["severity"]), data["fingerprint"], data["line_hash"],
                   Fix(_span(fix["span"]), fix["replacement"], fix["description"]) if fix else None)


def diagnostic_to_json(diagnostic: Diagnostic) -> dict:
    return {"path": diagnostic.path, "kind": diagnostic.kind.value, "message": diagnostic.message,
            "level": diagnostic.level.value, "line": diagnostic.line}


def diagnostic_from_json(data: dict) -> Diagnostic:
    return Diagnostic(data["path"], DiagnosticKind(data["kind"]), data["message"], Severity(data["level"]),
                      data["line"])


class ResultCache:
    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.file = folder / __version__ / f"{settings_key(settings)}.json"
        self.entries: dict[str, dict] = {}
        self.dirty = False
        try:
            loaded = json.loads(self.file.read_text(encoding="utf-8"))
            if isinstance(loaded, dict) and loaded.get("format") == CACHE_FORMAT:
                self.entries = loaded.get("files", {})
        except (OSError, ValueError):
            self.entries = {}  # missing or corrupt: start afresh

    def unchanged(self, relpath: str, stamp: list) -> str | None:
        """The content key recorded for a file whose size, mtime (and front ends) are ``stamp``."""
        entry = self.entries.get(relpath)
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            return entry.get("key")
        return None

    def restamp(self, relpath: str, stamp: list | None) -> None:
        """Remember a hit's current size and mtime, so the next run need not read the file."""
        entry = self.entries.get(relpath)
        if isinstance(entry, dict) and stamp is not None and entry.get("stamp") != stamp:
            entry["stamp"] = stamp
            self.dirty = True

    def get(self, relpath: str, key: str):
        """The cached (findings, diagnostics, suppressed) for this content, or None."""
        entry = self.entries.get(relpath)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            return ([finding_from_json(f) for f in entry["findings"]],
                    [diagnostic_from_json(d) for d in entry["diagnostics"]], int(entry["suppressed"]))
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, relpath: str, key: str, stamp: list | None, findings, diagnostics,
            suppressed: int) -> None:
        self.entries[relpath] = {"key": key, "stamp": stamp, "findings": [finding_to_json(f) for f in findings],
                                 "diagnostics": [diagnostic_to_json(d) for d in diagnostics],
                                 "suppressed": suppressed}
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            for name, text in ((".gitignore", "# Created by klint.\n*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
                marker = self.folder / name
                if not marker.exists():
                    marker.write_text(text, encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".tmp-", suffix=".json")
        except OSError:
            return  # a read-only checkout: run without a cache
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"format": CACHE_FORMAT, "files": self.entries}, stream, separators=(",", ":"))
            os.replace(temporary, self.file)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
