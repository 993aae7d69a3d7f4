"""The rule registry: every rule class, sorted by code."""

from __future__ import annotations

from klint.rules.base import Rule
from klint.rules.kl001_hardcoded_private_key import HardcodedPrivateKey
from klint.rules.kl002_raw_http_call import RawHttpCall
from klint.rules.kl003_missing_revision_header import MissingRevisionHeader
from klint.rules.kl011_request_without_timeout import RequestWithoutTimeout
from klint.rules.kl900_unused_suppression import UnusedSuppression

ALL_RULES: tuple[type[Rule], ...] = tuple(sorted(
    (HardcodedPrivateKey, RawHttpCall, MissingRevisionHeader, RequestWithoutTimeout,
     UnusedSuppression),
    key=lambda rule: rule.code,
))


def find_rule(selector: str) -> type[Rule] | None:
    """A rule by code (``KL001``) or name (``hardcoded-private-key``)."""
    wanted = selector.strip()
    for rule in ALL_RULES:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


__all__ = ["ALL_RULES", "Rule", "find_rule"]
