"""What the pre-flight needs to know about the project: the revision its code sends, its
``klaviyo-api`` pins, and the SDK versions actually installed.

The revision is found by a narrow text search, not by the semantic model (which is being
rewritten and answers a different question: KL004 reports only *bad* revisions, while the
pre-flight needs the one the code sends even when it is fine). The search reads the Python and
JS/TS files that discovery would lint, keeps those that mention "klaviyo" (KL004's context
word), and matches ``revision`` literals in the shapes code sends them: a quoted ``"revision"``
key followed by ``:``, ``,`` or ``] =`` (dicts, JS objects, ``headers.set("revision", …)``,
``headers["revision"] = …``), a bare ``revision:`` key (JS), and the Python SDK override
``_REVISION = …``. The value must be a literal ``YYYY-MM-DD`` or ``YYYY-MM-DD.pre``; revisions
held in variables are not followed (KL004 does that, for the scan).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from klint import klaviyo
from klint.config import Settings
from klint.context import FileContext
from klint.discovery import discover
from klint.frontends import FrontEndError, frontends_for

_MAX_FILE_BYTES = 10 * 1024 * 1024
_VERSION_RE = re.compile(r"^v?\d+(?:\.\d+)*[0-9A-Za-z.+_-]{0,40}$")  # PEP 440 and semver, loosely
_REVISION_VALUE = r"""["'`](\d{4}-\d{2}-\d{2}(?:\.pre)?)["'`]"""
REVISION_LITERAL_RE = re.compile(
    r"""(?:["'`]revision["'`]\s*(?::|,|\]\s*=)|\brevision\s*:|\b_REVISION\s*=)\s*"""
    + _REVISION_VALUE,
    re.IGNORECASE,
)
_PYTHON_VERSION_PROGRAM = (
    "import importlib.metadata as m\n"
    "try:\n    print(m.version('klaviyo-api'))\n"
    "except m.PackageNotFoundError:\n    print('')\n"
)


@dataclass(frozen=True)
class Pin:
    """One ``klaviyo-api`` declaration in a manifest."""

    ecosystem: str  # "pypi" or "npm"
    place: str  # "requirements.txt:3"
    spec: str  # as written
    version: str | None  # the exact version when pinned by version


@dataclass
class Project:
    root: Path
    revision_places: dict[str, list[str]] = field(default_factory=dict)  # revision -> "path:line"
    pins: list[Pin] = field(default_factory=list)


@dataclass(frozen=True)
class RevisionChoice:
    revision: str
    source: str  # where it came from, for the report
    others: tuple[str, ...] = ()  # other revisions the code sends, with where


def scan_project(settings: Settings) -> Project:
    """Read the project under ``settings.root``: revision literals and klaviyo-api pins."""
    project = Project(settings.root)
    found = discover([settings.root], settings)
    for target in found.files:
        kinds = frontends_for(target.relpath)
        if not kinds & {"code", "manifest"}:
            continue
        try:
            data = target.path.read_bytes()[: _MAX_FILE_BYTES]
        except OSError:
            continue  # `klint src/` reports unreadable files; the pre-flight has nothing to add
        if b"klaviyo" not in data.lower():
            continue
        text = data.decode("utf-8", errors="replace")
        if "code" in kinds:
            for match in REVISION_LITERAL_RE.finditer(text):
                line = text.count("\n", 0, match.start(1)) + 1
                project.revision_places.setdefault(match.group(1), []).append(f"{target.relpath}:{line}")
        if "manifest" in kinds:
            project.pins += _pins(FileContext(target.path, target.relpath, text, settings.as_of, kinds))
    return project


def _pins(ctx: FileContext) -> list[Pin]:
    try:
        declarations = ctx.manifest
    except FrontEndError:
        return []  # an unparseable manifest is reported by `klint src/`
    return [Pin(d.ecosystem, f"{ctx.relpath}:{d.span.start_line}", d.spec.strip(),
                d.version if d.pinned else None)
            for d in declarations if d.name == klaviyo.SDK_PACKAGE]


def project_revision(project: Project, override: str | None, as_of) -> RevisionChoice:
    """The revision to authenticate with, and where it came from.

    In order: ``--revision`` (or ``revision`` in the config); the revision most often written
    in the code (ties go to the newest; the rest are reported); the built-in revision of the
    pinned SDK (KL016's tables; several pins: the most common, then the newest); the newest
    published revision as of ``as_of``.
    """
    if override:
        return RevisionChoice(override, "--revision")
    if project.revision_places:
        counts = {revision: len(places) for revision, places in project.revision_places.items()}
        chosen = _most_common_newest(counts)
        places = project.revision_places[chosen]
        others = tuple(f"{revision} ({list_places(project.revision_places[revision])})"
                       for revision in sorted(counts, reverse=True) if revision != chosen)
        return RevisionChoice(chosen, f"the code ({list_places(places)})", others)
    sdk_revisions: Counter[str] = Counter()
    sources: dict[str, str] = {}
    for pin in project.pins:
        revision = klaviyo.sdk_revision(pin.ecosystem, pin.version) if pin.version else None
        if revision:
            sdk_revisions[revision] += 1
            sources.setdefault(revision, f"klaviyo-api {pin.version} pinned in {pin.place}")
    if sdk_revisions:
        chosen = _most_common_newest(sdk_revisions)
        others = tuple(f"{revision} ({sources[revision]})"
                       for revision in sorted(sdk_revisions, reverse=True) if revision != chosen)
        return RevisionChoice(chosen, f"the SDK: {sources[chosen]}", others)
    # before the first revision was published (an --as-of in the past): the first one
    current = max((r for r in klaviyo.PUBLISHED_REVISIONS if r <= as_of.isoformat()),
                  default=klaviyo.PUBLISHED_REVISIONS[0])
    return RevisionChoice(current, "the newest published revision (none found in the project)")


def list_places(places: list[str], limit: int = 3) -> str:
    """`a.py:1, b.py:2, c.py:3 and 4 more`: reasons stay one readable line."""
    shown = ", ".join(places[:limit])
    return shown + (f" and {len(places) - limit} more" if len(places) > limit else "")


def _most_common_newest(counts: dict[str, int]) -> str:
    return max(counts, key=lambda revision: (counts[revision], revision))


class InstalledLookupFailed(Exception):
    """The interpreter could not be run, or answered nonsense."""


def installed_python_sdk(python: str, timeout: float, hide: tuple[str, ...] = ()) -> str | None:
    """``klaviyo-api``'s version in the interpreter ``python``; None when it is not installed.

    ``hide``: environment variables the interpreter does not get (the key's: a wrapper script
    or a sitecustomize that prints its environment must have no key to print).
    """
    env = {name: value for name, value in os.environ.items() if name not in hide}
    try:
        proc = subprocess.run([python, "-c", _PYTHON_VERSION_PROGRAM], capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env,
                              errors="replace")
    except (OSError, subprocess.SubprocessError) as error:
        raise InstalledLookupFailed(f"cannot run {python}: {type(error).__name__}") from None
    if proc.returncode != 0:
        raise InstalledLookupFailed(f"{python} exited with status {proc.returncode}")
    lines = proc.stdout.strip().splitlines()
    version = (lines[-1].strip() or None) if lines else None
    if version is not None and not _VERSION_RE.match(version):
        raise InstalledLookupFailed(f"{python} answered something other than a version")
    return version


def installed_node_sdk(root: Path) -> str | None:
    """The version in ``node_modules/klaviyo-api/package.json`` under ``root``; None if absent."""
    manifest = root / "node_modules" / klaviyo.SDK_PACKAGE / "package.json"
    if not manifest.is_file():
        return None
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        raise InstalledLookupFailed(f"cannot read {manifest.relative_to(root).as_posix()}") from None
    if not isinstance(version, str) or not version:
        raise InstalledLookupFailed(f"{manifest.relative_to(root).as_posix()} has no version")
    if not _VERSION_RE.match(version):
        raise InstalledLookupFailed(f"{manifest.relative_to(root).as_posix()} has no valid version")
    return version
