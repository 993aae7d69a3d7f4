"""Pre-flight options: ``[tool.klint.preflight]`` (or ``[preflight]`` in klint.toml), then the
command line over it.

Errors name the key and what was expected but never echo the value: a value in the wrong place
may be the private key itself.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from klint import klaviyo
from klint.config import ConfigError, read_config

CHECKS = ("status", "auth", "revision", "scopes", "ratelimit", "latency", "sdk-python", "sdk-node")

# Read scope -> a cheap GET that needs it. Only reads: a write scope cannot be probed without
# writing something, so `X:write` is reported as unverifiable after probing `X:read`.
SCOPE_PROBES = {
    "accounts": "/api/accounts/",
    "catalogs": "/api/catalog-items/",
    "events": "/api/events/",
    "flows": "/api/flows/",
    "images": "/api/images/",
    "lists": "/api/lists/",
    "metrics": "/api/metrics/",
    "profiles": "/api/profiles/?page[size]=1",
    "segments": "/api/segments/",
    "tags": "/api/tags/",
    "templates": "/api/templates/",
    "webhooks": "/api/webhooks/",
}

_FLAGS = {"require_scopes": "--require-scope"}  # flags whose spelling is not the field's

_ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCOPE_RE = re.compile(r"^([a-z-]+):(read|write)$")


@dataclass
class PreflightOptions:
    api_base: str = "https://a.klaviyo.com"
    status_url: str = "https://status.klaviyo.com/api/v2/status.json"
    key_env: str = "KLAVIYO_PRIVATE_KEY"
    revision: str | None = None  # None: the revision the project's code sends
    timeout: float = 10.0  # seconds, per socket operation
    tries: int = 3  # auth calls timed for the latency check
    skip: tuple[str, ...] = ()
    strict: bool = False
    require_scopes: tuple[str, ...] = ()
    python: str = field(default_factory=lambda: sys.executable)
    latency_threshold: float = 5.0  # seconds of P95; the checklist's alert line
    min_headroom: float = 10.0  # percent of the rate limit left before warning


class OptionError(ConfigError):
    """A bad pre-flight option or config value: exit code 2."""


def _config_key(name: str) -> str:
    return name.replace("_", "-")


MAX_TRIES = 100
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _check_url(key: str, value: Any) -> str:
    try:
        parts = urlsplit(value) if isinstance(value, str) else None
        port_ok = parts is not None and (parts.port is None or parts.port > 0)
    except ValueError:  # "http://[::1", "http://h:99999": urllib's messages never reach the user
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise OptionError(f"{key}: expected an http:// or https:// URL")
    if key.endswith("api-base") and parts.scheme == "http" and parts.hostname not in _LOOPBACK_HOSTS:
        # the private key would cross the network (and any HTTP proxy) in clear text
        raise OptionError(f"{key}: the key is sent there; use https:// (plain http only to this machine)")
    return value.rstrip("/") if key.endswith("api-base") else value


def _check_positive(key: str, value: Any, kind: type) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 \
            or not math.isfinite(value) or (kind is int and not isinstance(value, int)):
        raise OptionError(f"{key}: expected a {'whole number' if kind is int else 'number'} above 0")
    return kind(value)


def _check_names(key: str, value: Any, known: tuple[str, ...], what: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise OptionError(f"{key}: expected a list of {what}")
    names = tuple(dict.fromkeys(item.strip() for item in value if item.strip()))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise OptionError(f"{key}: unknown {what[:-1]} (known: {', '.join(known)})")
    return names


def _check_scopes(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise OptionError(f"{key}: expected a list of scopes like profiles:read")
    scopes = tuple(dict.fromkeys(item.strip() for item in value if item.strip()))
    for scope in scopes:
        match = _SCOPE_RE.match(scope)
        if not match or match.group(1) not in SCOPE_PROBES:
            raise OptionError(f"{key}: expected scopes like profiles:read or lists:write, for: "
                              f"{', '.join(sorted(SCOPE_PROBES))}")
    return scopes


def _check_value(key: str, name: str, value: Any) -> Any:
    """One validated option value; ``key`` is how the user spelled it (config key or flag)."""
    if name in ("api_base", "status_url"):
        return _check_url(key, value)
    if name == "key_env":
        if isinstance(value, str) and value.startswith("pk_"):
            raise OptionError(f"{key}: holds what looks like a private key; give the name of the "
                              "environment variable that holds it instead")
        if not isinstance(value, str) or not _ENV_NAME_RE.match(value):
            raise OptionError(f"{key}: expected an environment variable name (letters, digits, _)")
        return value
    if name == "revision":
        if not isinstance(value, str) or not klaviyo.REVISION_RE.match(value.strip()):
            raise OptionError(f"{key}: expected a revision like 2026-10-15 or 2026-10-15.pre")
        return value.strip()
    if name in ("timeout", "latency_threshold"):
        return _check_positive(key, value, float)
    if name == "tries":
        tries = _check_positive(key, value, int)
        if tries > MAX_TRIES:  # each try is an authenticated call against the account's rate limit
            raise OptionError(f"{key}: expected at most {MAX_TRIES} tries")
        return tries
    if name == "min_headroom":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise OptionError(f"{key}: expected a percentage from 0 to 100")
        return float(value)
    if name == "skip":
        return _check_names(key, value, CHECKS, "checks")
    if name == "require_scopes":
        return _check_scopes(key, value)
    if name == "strict":
        if not isinstance(value, bool):
            raise OptionError(f"{key}: expected true or false")
        return value
    if name == "python":
        if not isinstance(value, str) or not value:
            raise OptionError(f"{key}: expected the path of a Python interpreter")
        return value
    raise AssertionError(name)


def load_options(config_path: Path | None, cli: dict[str, Any]) -> PreflightOptions:
    """The config file's preflight table, then the command-line values that were given."""
    options = PreflightOptions()
    names = [f.name for f in fields(PreflightOptions)]
    if config_path is not None:
        raw = read_config(config_path)
        entry = next(((full, value) for full, (key, value) in raw.items() if key == "preflight"), None)
        if entry is not None:
            full_key, table = entry
            if not isinstance(table, dict):
                raise OptionError(f"{full_key}: expected a table")
            for key in sorted(table):
                name = key.replace("-", "_")
                if name not in names or "_" in key:
                    raise OptionError(f"{config_path}: unknown configuration key {full_key}.{key} "
                                      f"(known keys: {', '.join(_config_key(n) for n in names)})")
                value = _check_value(f"{full_key}.{key}", name, table[key])
                if name == "python" and "/" in value:
                    value = str(config_path.parent / value)  # relative to the config, like excludes
                options = replace(options, **{name: value})
    for name, value in cli.items():
        if value is not None:
            flag = _FLAGS.get(name, f"--{_config_key(name)}")
            options = replace(options, **{name: _check_value(flag, name, value)})
    if set(CHECKS) <= set(options.skip):  # "passed" with nothing checked would be a silent pass
        raise OptionError("--skip: every check is skipped; nothing would be verified")
    return options
