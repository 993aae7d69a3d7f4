"""The rule registry: every rule class, sorted by code."""

from __future__ import annotations

from klint.rules.base import Rule
from klint.rules.kl001_hardcoded_private_key import HardcodedPrivateKey
from klint.rules.kl900_unused_suppression import UnusedSuppression

ALL_RULES: tuple[type[Rule], ...] = tuple(
    sorted((HardcodedPrivateKey, UnusedSuppression), key=lambda rule: rule.code)
)


def find_rule(selector: str) -> type[Rule] | None:
    """A rule by code (``KL001``) or name (``hardcoded-private-key``)."""
    wanted = selector.strip()
    for rule in ALL_RULES:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


__all__ = ["ALL_RULES", "Rule", "find_rule"]
