"""One page per rule (docs/rules/CODE.md, SARIF helpUri), generated from the rule's docs."""

from __future__ import annotations

from conftest import ROOT
from klint import HOMEPAGE
from klint.reporters.sarif import rule_descriptor
from klint.rule_docs import REFERENCES, page_path, rule_markdown
from klint.rules import ALL_RULES


def test_every_rule_has_its_page_and_it_matches_the_rule_docs():
    stale = [rule.code for rule in ALL_RULES
             if not page_path(ROOT, rule).is_file()
             or page_path(ROOT, rule).read_text(encoding="utf-8") != rule_markdown(rule)]
    assert stale == [], "run `python -m klint.rule_docs` to regenerate docs/rules/"
    pages = sorted(path.name for path in (ROOT / "docs" / "rules").iterdir())
    assert pages == sorted(f"{rule.code}.md" for rule in ALL_RULES)  # no page for a rule that went away


def test_pages_say_what_why_example_fix_and_cite_klaviyo():
    for rule in ALL_RULES:
        page = rule_markdown(rule)
        for heading in ("## What it does", "## Example", "## Examples: reported"):
            assert heading in page, (rule.code, heading)
        assert "## Why is this bad?" in page or rule.code == "KL900"
        if rule.code != "KL900":
            assert REFERENCES[rule.code] and "## References" in page, rule.code


def test_help_uri_points_at_the_page():
    for rule in ALL_RULES:
        assert rule_descriptor(rule)["helpUri"] == f"{HOMEPAGE}/blob/main/docs/rules/{rule.code}.md"
