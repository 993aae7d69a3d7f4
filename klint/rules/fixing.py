"""Building fixes in rules: from the model's edit primitives (code) or from a manifest
declaration's line (manifests). Nothing here knows which language a file is in."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from klint import klaviyo
from klint.context import FileContext
from klint.files import read_bounded
from klint.findings import Applicability, Edit, Fix, Span

SAFE, UNSAFE, DISPLAY = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY


def make_fix(description: str, applicability: Applicability, *parts: list[Edit] | None) -> Fix | None:
    """A Fix made of every part's edits; None when some part cannot be made."""
    if not parts or any(not part for part in parts):
        return None
    return Fix(description, applicability, tuple(edit for part in parts for edit in part))  # type: ignore[union-attr]


# --- manifests: pin klaviyo-api on the declaration's line ---------------------------------------

_SDK_NAME_RE = re.compile(r"klaviyo[-_.]api(?:\s*\[[^\]]*\])?", re.IGNORECASE)


def pin_fix(ctx: FileContext, declaration, version: str | None, description: str) -> Fix | None:
    """Pin the declaration to ``version`` by editing the text after the package's name on its
    line: the version or the specifier as written there, or (none written) an added `==V`."""
    if version is None or not 0 < declaration.span.start_line <= len(ctx.lines):
        return None
    line = declaration.span.start_line
    row = ctx.lines[line - 1]
    name = _SDK_NAME_RE.search(row, max(0, declaration.span.start_col - 1))
    if name is None:
        return None
    bare = declaration.ecosystem == "npm" or "poetry" in declaration.where  # `23.0.0` is exact there
    if declaration.version:
        old, new = declaration.version, version
    elif declaration.spec.strip():
        old, new = declaration.spec.strip(), version if bare else f"=={version}"
    elif not bare:  # no version at all: `klaviyo-api`, `"klaviyo-api",`, `klaviyo-api; python_version…`
        if row[name.end():].strip()[:1] not in ("", ";", "#", '"', "'"):
            return None
        return Fix(description, Applicability.UNSAFE, (Edit(Span(line, name.end() + 1, line, name.end() + 1),
                                                              f"=={version}"),))
    else:
        return None
    start = row.find(old, name.end())
    if start < 0 or row.find(old, start + 1) >= 0:
        return None  # the specifier is not written as klint read it, or not once
    return Fix(description, Applicability.UNSAFE,
               (Edit(Span(line, start + 1, line, start + len(old) + 1), new),))


def newest_supported_version(ecosystem: str, as_of) -> str | None:
    """The newest klaviyo-api version klint knows, if the revision it sends is stable."""
    table = klaviyo.PYTHON_SDK_REVISIONS if ecosystem == "pypi" else klaviyo.NODE_SDK_REVISIONS
    version, revision = table[-1]
    stable = klaviyo.revision_status(revision, as_of).status is klaviyo.RevisionStatus.STABLE
    return version if stable else None


def _read_lock(path: Path):
    """A lock file's data (JSON or TOML), or None: regular files only, never through a link."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        text = read_bounded(path).decode("utf-8")
        if path.suffix == ".lock" and path.name != "Pipfile.lock":
            from klint.config import tomllib  # tomli before Python 3.11

            return tomllib.loads(text)
        return json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None


def locked_version(manifest: Path, ecosystem: str) -> str | None:
    """The klaviyo-api version the lock files beside ``manifest`` resolve (`poetry.lock`,
    `uv.lock`, `Pipfile.lock`, `package-lock.json`); None when none says, or they disagree."""
    found: set[str] = set()
    folder = manifest.parent
    if ecosystem == "npm":
        data = _read_lock(folder / "package-lock.json")
        if isinstance(data, dict):
            for table, key in (("packages", "node_modules/klaviyo-api"), ("dependencies", "klaviyo-api")):
                entry = data.get(table, {}).get(key) if isinstance(data.get(table), dict) else None
                if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                    found.add(entry["version"])
    else:
        for name in ("poetry.lock", "uv.lock"):
            data = _read_lock(folder / name)
            packages = data.get("package", []) if isinstance(data, dict) else []
            found.update(package["version"] for package in packages if isinstance(package, dict)
                         and str(package.get("name", "")).lower().replace("_", "-") == "klaviyo-api"
                         and isinstance(package.get("version"), str))
        data = _read_lock(folder / "Pipfile.lock")
        for section in ("default", "develop"):
            entry = data.get(section, {}).get("klaviyo-api") if isinstance(data, dict) and isinstance(
                data.get(section), dict) else None
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                found.add(entry["version"].lstrip("="))
    exact = {version for version in found if re.fullmatch(r"\d+(?:\.\d+)*", version)}
    return exact.pop() if len(exact) == 1 and len(found) == 1 else None
