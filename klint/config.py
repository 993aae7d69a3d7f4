"""Configuration: find it, read it, validate it, and merge the command line over it.

Sources, nearest first: ``klint.toml`` / ``.klint.toml`` (top-level keys) or a ``pyproject.toml``
holding a ``[tool.klint]`` table. ``--config FILE`` skips the search. A config may
``extend = "../pyproject.toml"``: the extended file's values come first, this one's over them.
Patterns (exclude, per-file-ignores) are relative to the folder of the file that sets them; the
folder of the nearest config is its settings' root (without a config, the working directory).
Which config each file gets (the nearest one above it) is klint/settings_tree.py's business.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from klint.files import read_bounded
from klint.globs import GitIgnore
from klint.rules import ALL_RULES

CONFIG_FILE_NAMES = ("klint.toml", ".klint.toml")

# Folders and files nobody wants linted: VCS data, dependencies, virtualenvs, build output,
# caches, minified bundles. Gitignore syntax, relative to every folder walked.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git/", ".hg/", ".svn/", "node_modules/", "bower_components/", ".venv/", "venv/",
    "__pycache__/", ".tox/", ".nox/", ".mypy_cache/", ".pytest_cache/", ".ruff_cache/",
    ".klint_cache", "site-packages/", "*.egg-info/", ".eggs/", "build/", "dist/", ".next/",
    ".nuxt/", ".svelte-kit/", ".yarn/", ".pnpm-store/", "coverage/", "htmlcov/",
    "*.min.js", "*.min.mjs", "*.min.cjs", "*-min.js", "*.bundle.js", "*.chunk.js", "*.min.css",
    "*.map",
)  # fmt: skip

KNOWN_KEYS = frozenset(
    {"select", "ignore", "extend-select", "exclude", "extend-exclude", "per-file-ignores",
     "as-of", "respect-gitignore", "extend",
     "preflight"}  # validated by klint.preflight.options
)  # fmt: skip


_SIMPLE_NAME_RE = re.compile(r"^[^/*?\[\]!\\]+/?$")
_SIMPLE_SUFFIX_RE = re.compile(r"^\*[^/*?\[\]!\\]+/?$")


class ExcludeMatcher:
    """Gitignore-style exclude patterns, relative to the project root.

    Most patterns are a bare name (`node_modules/`) or a suffix (`*.min.js`) that match a path's
    last component at any depth; those are checked with set and string operations, and only the
    rest go through GitIgnore (the walk asks this for every file and folder).
    """

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = patterns
        self.names: dict[str, bool] = {}  # name -> applies to folders only
        self.any_suffixes: tuple[str, ...] = ()  # `*.min.js`: files and folders
        self.dir_suffixes: tuple[str, ...] = ()  # `*.egg-info/`: folders only
        suffixes: list[tuple[str, bool]] = []
        complex_patterns: list[str] = []
        if any(pattern.strip().startswith("!") for pattern in patterns):
            # A negation can re-include what an earlier pattern excluded: keep git's order.
            self.spec: GitIgnore | None = GitIgnore(patterns)
            return
        for pattern in patterns:
            pattern = pattern.strip()
            if not pattern or pattern.startswith("#"):
                continue
            dir_only = pattern.endswith("/")
            if _SIMPLE_NAME_RE.match(pattern):
                self.names[pattern.rstrip("/")] = dir_only and self.names.get(pattern.rstrip("/"), True)
            elif _SIMPLE_SUFFIX_RE.match(pattern):
                suffixes.append((pattern[1:].rstrip("/"), dir_only))
            else:
                complex_patterns.append(pattern)
        self.spec = GitIgnore(complex_patterns) if complex_patterns else None
        self.any_suffixes = tuple(suffix for suffix, dir_only in suffixes if not dir_only)
        self.dir_suffixes = tuple(suffix for suffix, dir_only in suffixes if dir_only)

    def match(self, relpath: str, is_dir: bool) -> bool:
        name = relpath.rsplit("/", 1)[-1]
        dir_only = self.names.get(name)
        if dir_only is not None and (is_dir or not dir_only):
            return True
        if name.endswith(self.any_suffixes) or (is_dir and name.endswith(self.dir_suffixes)):
            return True
        return self.spec is not None and self.spec.match(relpath + "/" if is_dir else relpath)


@dataclass(frozen=True)
class Pattern:
    """An exclude pattern, and where it came from (for --show-settings and --show-files)."""

    text: str
    prefix: str  # the settings root as seen from the folder of the file that set the pattern
    source: str


class ScopedExcludes:
    """Exclude patterns from several files, each matched relative to its own file's folder."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        groups: dict[str, list[str]] = {}
        for pattern in patterns:
            groups.setdefault(pattern.prefix, []).append(pattern.text)
        self.groups = [(prefix, ExcludeMatcher(texts)) for prefix, texts in groups.items()]

    def match(self, relpath: str, is_dir: bool) -> bool:
        return any(matcher.match(prefix + relpath, is_dir) for prefix, matcher in self.groups)

    def match_path(self, relpath: str, is_dir: bool = False) -> bool:
        """The path or any folder above it (up to the root) is excluded: how a file named on the
        command line is judged with --force-exclude, as the walk would have judged it."""
        return self.explain_path(relpath, is_dir) is not None

    def explain_path(self, relpath: str, is_dir: bool = False) -> tuple[str, Pattern] | None:
        """(the excluded path or folder, the pattern that excludes it), or None."""
        parts = [part for part in relpath.split("/") if part not in ("", ".")]
        for depth in range(1, len(parts) + 1):
            if parts[depth - 1] == "..":
                continue
            path = "/".join(parts[:depth])
            folder = depth < len(parts) or is_dir
            if self.match(path, folder):
                pattern = next(p for p in reversed(self.patterns)
                               if ExcludeMatcher([p.text]).match(p.prefix + path, folder))
                return path + ("/" if folder else ""), pattern
        return None


class ConfigError(Exception):
    """A configuration or selector problem: reported to the user, exit code 2."""


@dataclass(frozen=True)
class PerFileIgnore:
    pattern: str
    spec: GitIgnore
    codes: frozenset[str]
    prefix: str = ""  # as Pattern.prefix


@dataclass
class Settings:
    root: Path
    select: frozenset[str]
    exclude: ExcludeMatcher | ScopedExcludes
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    as_of: _dt.date = field(default_factory=_dt.date.today)
    respect_gitignore: bool = True
    config_path: Path | None = None
    # GitHub's primaryLocationLineHash: only SARIF carries it, and it costs a pass over the file.
    line_hashes: bool = False
    # The root as seen from the run's root ("services/b/"), which output paths are relative to:
    # stripped from a path before this settings' patterns see it. "" for the run's own settings.
    prefix: str = ""
    # Where each value came from, for --show-settings: key -> "default", a config file, …
    sources: dict[str, str] = field(default_factory=dict)
    config_chain: tuple[Path, ...] = ()  # the config files read, extended ones first

    def local(self, relpath: str) -> str:
        """A run-relative path as this settings' patterns see it."""
        return relpath[len(self.prefix):] if self.prefix and relpath.startswith(self.prefix) else relpath

    def codes_for(self, relpath: str) -> frozenset[str]:
        """The rule codes that apply to one file, after per-file-ignores."""
        codes = self.select
        local = self.local(relpath)
        for entry in self.per_file_ignores:
            if entry.spec.match(entry.prefix + local):
                codes = codes - entry.codes
        return codes


def resolve_selectors(selectors: Iterable[str], key: str) -> frozenset[str]:
    """Turn selectors (``ALL``, a code, a code prefix like ``KL0``, or a rule name) into codes."""
    codes: set[str] = set()
    for raw in selectors:
        if not isinstance(raw, str):
            raise ConfigError(f"{key}: expected rule codes as strings, got {raw!r}")
        selector = raw.strip()
        if selector.upper() == "ALL":
            matched = {rule.code for rule in ALL_RULES}
        else:
            matched = {
                rule.code
                for rule in ALL_RULES
                if rule.code.startswith(selector.upper()) or rule.name == selector.lower()
            }
        if not selector or not matched:
            raise ConfigError(f"{key}: unknown rule selector {raw!r} (see `klint rules`)")
        codes |= matched
    return frozenset(codes)


def default_codes() -> frozenset[str]:
    return frozenset(rule.code for rule in ALL_RULES if rule.default_enabled)


def config_in(folder: Path) -> Path | None:
    """The config file in ``folder`` itself, if it has one."""
    for name in CONFIG_FILE_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _pyproject_has_klint_table(pyproject):
        return pyproject
    return None


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        found = config_in(folder)
        if found is not None:
            return found
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    """Raises OSError, UnicodeDecodeError, TOMLDecodeError, or RecursionError (absurd nesting)."""
    return tomllib.loads(read_bounded(path).decode("utf-8"))


def _pyproject_has_klint_table(path: Path) -> bool:
    try:
        data = _load_toml(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False  # a broken pyproject elsewhere in the tree is not our config
    return isinstance(data.get("tool"), dict) and "klint" in data["tool"]


def read_config(path: Path) -> dict[str, Any]:
    try:
        data = _load_toml(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in config file {path}: {exc}") from exc
    except RecursionError as exc:
        raise ConfigError(f"invalid TOML in config file {path}: nested too deeply") from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: [tool] must be a table")
        table = tool.get("klint", {})
        prefix = "tool.klint."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.') or 'klint'}] must be a table")
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown configuration key {prefix}{unknown[0]!s} "
            f"(known keys: {', '.join(sorted(KNOWN_KEYS))})"
        )
    return {f"{prefix}{key}": (key, value) for key, value in table.items()}


def _string_list(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
    return value


def parse_as_of(value: Any, key: str = "as-of") -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{key}: expected a date like 2026-11-26, got {value!r}")


@dataclass
class CliOverrides:
    """Options given on the command line; ``None`` means "not given"."""

    config_file: Path | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    extend_select: list[str] | None = None
    exclude: list[str] | None = None
    extend_exclude: list[str] | None = None
    as_of: str | None = None
    respect_gitignore: bool | None = None


def load_settings(cli: CliOverrides, cwd: Path | None = None) -> Settings:
    """The settings of the working directory: its nearest config (or --config), then the
    command line over it (Ruff's precedence)."""
    cwd = (cwd or Path.cwd()).resolve()
    if cli.config_file is not None:
        if not cli.config_file.is_file():
            raise ConfigError(f"config file not found: {cli.config_file}")
        return settings_from(cli.config_file.resolve(), cli, cwd)
    return settings_from(find_config(cwd), cli, cwd)


@dataclass(frozen=True)
class _Layer:
    source: str  # how --show-settings names it: a config file, "command line"
    root: Path  # the folder its patterns are relative to
    values: dict[str, tuple[str, Any]]  # key -> (full key, value)
    path: Path | None = None  # the config file; None for the command line


def _label(path: Path, cwd: Path) -> str:
    return os.path.relpath(path, cwd) if path.is_absolute() else str(path)


def _config_layers(path: Path, cwd: Path, seen: tuple[Path, ...] = ()) -> list[_Layer]:
    """The config file and the ones it extends, furthest first."""
    if path in seen:
        raise ConfigError(f"{_label(path, cwd)}: `extend` makes a cycle through "
                          + " -> ".join(_label(p, cwd) for p in (*seen, path)))
    raw = read_config(path)
    values = {key: (full_key, value) for full_key, (key, value) in raw.items()}
    layers: list[_Layer] = []
    if "extend" in values:
        full_key, target = values.pop("extend")
        if not isinstance(target, str) or not target:
            raise ConfigError(f"{_label(path, cwd)}: {full_key}: expected the path of a config file")
        extended = (path.parent / os.path.expanduser(target)).resolve()
        if not extended.is_file():
            raise ConfigError(f"{_label(path, cwd)}: {full_key}: config file not found: {target}")
        layers = _config_layers(extended, cwd, (*seen, path))
    return [*layers, _Layer(_label(path, cwd), path.parent, values, path)]


def _prefix(root: Path, pattern_root: Path) -> str:
    if root == pattern_root:
        return ""
    return Path(os.path.relpath(root, pattern_root)).as_posix() + "/"


def settings_from(config_path: Path | None, cli: CliOverrides, cwd: Path) -> Settings:
    """Settings from one config file (and those it extends), then the command line."""
    root = config_path.parent if config_path else cwd
    layers = _config_layers(config_path, cwd) if config_path else []
    cli_values = {key: (key if key != "as-of" else "--as-of", value) for key, value in (
        ("select", cli.select), ("extend-select", cli.extend_select), ("ignore", cli.ignore),
        ("exclude", cli.exclude), ("extend-exclude", cli.extend_exclude),
        ("as-of", cli.as_of), ("respect-gitignore", cli.respect_gitignore)) if value is not None}
    layers.append(_Layer("command line", root, cli_values))
    sources: dict[str, str] = {}

    # Ruff's layering, furthest first: a layer's `select` replaces what came before; its
    # `extend-select` adds and its `ignore` removes.
    select = default_codes()
    select_sources = ["default"]
    for layer in layers:
        for key in ("select", "extend-select", "ignore"):
            if key not in layer.values:
                continue
            full_key, value = layer.values[key]
            codes = resolve_selectors(_string_list(value, full_key), key)
            if key == "select":
                select, select_sources = codes, []
            elif key == "extend-select":
                select = select | codes
            else:
                select = select - codes
            select_sources.append(f"{layer.source}: {key} {', '.join(value)}")
    sources["select"] = "; ".join(select_sources)

    patterns = [Pattern(text, "", "default") for text in DEFAULT_EXCLUDE]
    for layer in layers:
        prefix = _prefix(root, layer.root)
        if "exclude" in layer.values:
            full_key, value = layer.values["exclude"]
            patterns = [Pattern(text, prefix, layer.source) for text in _string_list(value, full_key)]
        if "extend-exclude" in layer.values:
            full_key, value = layer.values["extend-exclude"]
            patterns += [Pattern(text, prefix, layer.source) for text in _string_list(value, full_key)]

    per_file: list[PerFileIgnore] = []
    sources["per-file-ignores"] = "default"
    for layer in layers:
        if "per-file-ignores" not in layer.values:
            continue
        full_key, table = layer.values["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{full_key}: expected a table of glob = [codes]")
        prefix = _prefix(root, layer.root)
        per_file = [PerFileIgnore(pattern, GitIgnore([pattern]),
                                  resolve_selectors(_string_list(codes, f"{full_key}.{pattern}"),
                                                    f"{full_key}.{pattern}"), prefix)
                    for pattern, codes in table.items()]
        sources["per-file-ignores"] = layer.source

    as_of, sources["as-of"] = _dt.date.today(), "default: today"
    respect_gitignore, sources["respect-gitignore"] = True, "default"
    for layer in layers:
        if "as-of" in layer.values:
            full_key, value = layer.values["as-of"]
            as_of, sources["as-of"] = parse_as_of(value, full_key), layer.source
        if "respect-gitignore" in layer.values:
            full_key, value = layer.values["respect-gitignore"]
            if not isinstance(value, bool):
                raise ConfigError(f"{full_key}: expected true or false, got {value!r}")
            respect_gitignore, sources["respect-gitignore"] = value, layer.source

    return Settings(
        root=root,
        select=frozenset(select),
        exclude=ScopedExcludes(patterns),
        per_file_ignores=tuple(per_file),
        as_of=as_of,
        respect_gitignore=respect_gitignore,
        config_path=config_path,
        sources=sources,
        config_chain=tuple(layer.path for layer in layers if layer.path is not None),
    )
