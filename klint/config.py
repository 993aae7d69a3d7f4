"""Configuration: find it, read it, validate it, and merge the command line over it.

Sources, nearest to the working directory first: ``klint.toml`` / ``.klint.toml`` (top-level keys)
or a ``pyproject.toml`` holding a ``[tool.klint]`` table. ``--config FILE`` skips the search.
The directory of the config file is the project root that exclude and per-file-ignores patterns
are relative to; without a config it is the working directory.
"""

from __future__ import annotations

import datetime as _dt
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
     "as-of", "respect-gitignore",
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


class ConfigError(Exception):
    """A configuration or selector problem: reported to the user, exit code 2."""


@dataclass(frozen=True)
class PerFileIgnore:
    pattern: str
    spec: GitIgnore
    codes: frozenset[str]


@dataclass
class Settings:
    root: Path
    select: frozenset[str]
    exclude: ExcludeMatcher
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    as_of: _dt.date = field(default_factory=_dt.date.today)
    respect_gitignore: bool = True
    config_path: Path | None = None
    # GitHub's primaryLocationLineHash: only SARIF carries it, and it costs a pass over the file.
    line_hashes: bool = False

    def codes_for(self, relpath: str) -> frozenset[str]:
        """The rule codes that apply to one file, after per-file-ignores."""
        codes = self.select
        for entry in self.per_file_ignores:
            if entry.spec.match(relpath):
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


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _pyproject_has_klint_table(pyproject):
            return pyproject
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
    """Config file values, then command-line values over them (Ruff's precedence)."""
    cwd = (cwd or Path.cwd()).resolve()
    if cli.config_file is not None:
        if not cli.config_file.is_file():
            raise ConfigError(f"config file not found: {cli.config_file}")
        config_path: Path | None = cli.config_file.resolve()
    else:
        config_path = find_config(cwd)
    raw = read_config(config_path) if config_path else {}
    values = {key: (full_key, value) for full_key, (key, value) in raw.items()}

    def config_value(key: str) -> tuple[str, Any] | None:
        return values.get(key)

    def selectors(key: str, cli_value: list[str] | None) -> list[str] | None:
        if cli_value is not None:
            return cli_value
        entry = config_value(key)
        return _string_list(entry[1], entry[0]) if entry else None

    def config_list(key: str) -> list[str] | None:
        entry = config_value(key)
        return _string_list(entry[1], entry[0]) if entry else None

    # Ruff's layering: the config file, then the command line. A layer's `select` replaces
    # what came before; its `extend-select` adds and its `ignore` removes.
    select = default_codes()
    for layer in (
        {key: config_list(key) for key in ("select", "extend-select", "ignore")},
        {"select": cli.select, "extend-select": cli.extend_select, "ignore": cli.ignore},
    ):
        if layer["select"] is not None:
            select = resolve_selectors(layer["select"], "select")
        if layer["extend-select"]:
            select |= resolve_selectors(layer["extend-select"], "extend-select")
        if layer["ignore"]:
            select -= resolve_selectors(layer["ignore"], "ignore")

    exclude_patterns = list(DEFAULT_EXCLUDE)
    exclude = selectors("exclude", cli.exclude)
    if exclude is not None:
        exclude_patterns = list(exclude)
    extend_exclude = selectors("extend-exclude", cli.extend_exclude)
    if extend_exclude:
        exclude_patterns += extend_exclude

    per_file: list[PerFileIgnore] = []
    entry = config_value("per-file-ignores")
    if entry:
        full_key, table = entry
        if not isinstance(table, dict):
            raise ConfigError(f"{full_key}: expected a table of glob = [codes]")
        for pattern, codes in table.items():
            codes_list = _string_list(codes, f"{full_key}.{pattern}")
            spec = GitIgnore([pattern])
            per_file.append(
                PerFileIgnore(pattern, spec, resolve_selectors(codes_list, f"{full_key}.{pattern}"))
            )

    if cli.as_of is not None:
        as_of = parse_as_of(cli.as_of, "--as-of")
    elif config_value("as-of"):
        full_key, value = config_value("as-of")  # type: ignore[misc]
        as_of = parse_as_of(value, full_key)
    else:
        as_of = _dt.date.today()

    respect_gitignore = cli.respect_gitignore
    if respect_gitignore is None:
        entry = config_value("respect-gitignore")
        respect_gitignore = True
        if entry:
            if not isinstance(entry[1], bool):
                raise ConfigError(f"{entry[0]}: expected true or false, got {entry[1]!r}")
            respect_gitignore = entry[1]

    return Settings(
        root=config_path.parent if config_path else cwd,
        select=frozenset(select),
        exclude=ExcludeMatcher(exclude_patterns),
        per_file_ignores=tuple(per_file),
        as_of=as_of,
        respect_gitignore=respect_gitignore,
        config_path=config_path,
    )
