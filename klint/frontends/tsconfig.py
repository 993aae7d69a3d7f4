"""TypeScript's `paths` and `baseUrl` (tsconfig.json / jsconfig.json): `@/lib/klaviyo` names a
project file as `../lib/klaviyo` does. The nearest config in a file's folder or above it, up to
the project root, applies; a relative `extends` is followed. A config that cannot be read (or is
not JSON with comments) maps nothing."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

_CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")
# An unclosed `/*` runs to the end (one match, not one failed search per `/*`: linear)
_COMMENT_RE = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?(?:\*/|\Z)', re.DOTALL)
_TRAILING_COMMA_RE = re.compile(r'("(?:\\.|[^"\\])*")|,(\s*[}\]])')
_MAX_EXTENDS = 5


@dataclass(frozen=True)
class Aliases:
    base_url: str | None  # absolute folder
    paths: tuple[tuple[str, tuple[str, ...]], ...]  # (pattern, absolute target patterns)
    configs: tuple[str, ...]  # the files read: what uses an alias depends on them

    def candidates(self, specifier: str) -> list[str]:
        """Absolute module paths the specifier may name (an attribute path may follow the
        module's name after a dot, as klint's qualified names have it): the targets of the
        pattern TypeScript picks (an exact one, else the longest prefix before its `*`), then
        the specifier under `baseUrl`."""
        matches: list[tuple[tuple[bool, int], list[str]]] = []
        for pattern, targets in self.paths:
            prefix, star, suffix = pattern.partition("*")
            if star and not suffix and specifier.startswith(prefix):
                matches.append(((False, len(prefix)), [target.replace("*", specifier[len(prefix):], 1)
                                                       for target in targets]))
            elif not star and (specifier == pattern or specifier.startswith(f"{pattern}.")):
                matches.append(((True, len(pattern)), [target + specifier[len(pattern):] for target in targets]))
        found = max(matches, key=lambda match: match[0])[1] if matches else []
        if self.base_url is not None:
            found.append(os.path.join(self.base_url, specifier))
        return found


def aliases_for(project, path) -> Aliases | None:
    """The aliases that apply to the file at ``path`` (memoised per folder)."""
    folder = os.path.dirname(os.path.abspath(path))
    key = ("ts-aliases", folder)
    if key not in project.memo:
        project.memo[key] = _nearest(project, folder)
    return project.memo[key]


def _nearest(project, folder: str) -> Aliases | None:
    while project.contains(folder):
        names = project.names_in(folder)
        for name in _CONFIG_NAMES:
            if name in names:
                read: list[str] = []
                options = _compiler_options(project, os.path.join(folder, name), _MAX_EXTENDS, read)
                return _aliases(options, tuple(read)) if options else None
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return None


def _compiler_options(project, config: str, depth: int, read: list[str]) -> dict:
    """`baseUrl` and `paths` of a config, made absolute, over those of the config it extends."""
    read.append(config)
    text = project.text_of(config) if project.is_file(config) else None
    document = _json_with_comments(text) if text is not None else None
    if document is None:
        return {}
    here = os.path.dirname(config)
    options: dict = {}
    parent = document.get("extends")
    if isinstance(parent, str) and parent.startswith(".") and depth > 0:
        parent_path = os.path.normpath(os.path.join(here, parent))
        options = _compiler_options(project, parent_path if parent_path.endswith(".json") else f"{parent_path}.json",
                                    depth - 1, read)
    own = document.get("compilerOptions")
    own = own if isinstance(own, dict) else {}
    if isinstance(own.get("baseUrl"), str):
        options["baseUrl"] = os.path.normpath(os.path.join(here, own["baseUrl"]))
    if isinstance(own.get("paths"), dict):
        options["paths"] = (own["paths"], here)
    return options


def _aliases(options: dict, configs: tuple[str, ...]) -> Aliases | None:
    base_url = options.get("baseUrl")
    paths, declared_in = options.get("paths", ({}, None))
    anchor = base_url or declared_in  # paths are relative to baseUrl, else to their config
    mapped = tuple(
        (pattern, tuple(os.path.normpath(os.path.join(anchor, target)) for target in targets
                        if isinstance(target, str)))
        for pattern, targets in paths.items() if isinstance(pattern, str) and isinstance(targets, list))
    if base_url is None and not mapped:
        return None
    return Aliases(base_url, mapped, configs)


def _json_with_comments(text: str) -> dict | None:
    """tsconfig's JSON: comments and trailing commas allowed."""
    def kept(match: re.Match) -> str:  # a string stays; a comment or a trailing comma goes
        if match.group(1) is not None:
            return match.group(1)
        return (match.group(2) or "") if match.re.groups > 1 else ""

    stripped = _TRAILING_COMMA_RE.sub(kept, _COMMENT_RE.sub(kept, text))
    try:
        document = json.loads(stripped)
    except (ValueError, RecursionError):  # RecursionError: absurd nesting
        return None
    return document if isinstance(document, dict) else None
