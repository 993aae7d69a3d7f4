"""Every rule's VALID and INVALID examples are tests (Fixit's model)."""

from __future__ import annotations

import pytest

from klint.rules import ALL_RULES
from klint.testing import check_example

CASES = [
    pytest.param(rule, example, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{index}")
    for rule in ALL_RULES
    for valid, examples in ((True, rule.VALID), (False, rule.INVALID))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule", "example", "valid"), CASES)
def test_example(rule, example, valid):
    check_example(rule, example, valid)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_is_documented(rule):
    docs = rule.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in docs, f"{rule.code} docs lack {heading!r}"
    assert rule.VALID and rule.INVALID, f"{rule.code} needs VALID and INVALID examples"
    assert rule.code != rule.name and rule.name == rule.name.lower()


def test_codes_and_names_are_unique():
    assert len({rule.code for rule in ALL_RULES}) == len(ALL_RULES)
    assert len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)
