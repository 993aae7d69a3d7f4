"""Each rule's documentation as Markdown: what `klint rule CODE` prints and what the page
docs/rules/CODE.md (SARIF helpUri) holds. Regenerate the pages after editing a rule's docstring
or examples: `python -m klint.rule_docs` (tests/test_rule_docs.py fails until they match)."""

from __future__ import annotations

import sys
from pathlib import Path

from klint.rules import ALL_RULES, Rule

_DOCS = "https://developers.klaviyo.com/en/docs/"
_CREDENTIALS = ("Klaviyo: Retrieve API credentials", _DOCS + "retrieve_api_credentials")
_VERSIONING = ("Klaviyo: API versioning and deprecation policy", _DOCS + "api_versioning_and_deprecation_policy")
_SDKS = ("Klaviyo: SDK overview", _DOCS + "sdk_overview")
_LIMITS = ("Klaviyo: Rate limits and error handling", _DOCS + "rate_limits_and_error_handling")
_MIGRATE = ("Klaviyo: Migrate track, identify and subscribe to the new APIs",
            _DOCS + "migrate_track_identify_and_subscribe_to_our_new_apis")
_RETIREMENT = ("Klaviyo: v1/v2 API retirement FAQ", _DOCS + "migration_faq_v1v2_api_retirement")
_WEBHOOKS = ("Klaviyo: Working with system webhooks", _DOCS + "working_with_system_webhooks")
_OPENAPI = ("Klaviyo's OpenAPI specification", "https://github.com/klaviyo/openapi")
_PYTHON_SDK = ("klaviyo-api for Python", "https://github.com/klaviyo/klaviyo-api-python")
_NODE_SDK = ("klaviyo-api for Node", "https://github.com/klaviyo/klaviyo-api-node")

# Klaviyo's own documentation behind each rule (pages the rule facts were checked against).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "KL001": (_CREDENTIALS,),
    "KL002": (_SDKS, _LIMITS),
    "KL003": (_VERSIONING,),
    "KL004": (_VERSIONING,),
    "KL005": (_RETIREMENT, _MIGRATE),
    "KL006": (_MIGRATE, _SDKS),
    "KL007": (_MIGRATE, _PYTHON_SDK, _NODE_SDK),
    "KL008": (_SDKS, _VERSIONING),
    "KL009": (_OPENAPI,),
    "KL010": (_PYTHON_SDK, _NODE_SDK),
    "KL011": (_LIMITS,),
    "KL012": (_LIMITS, _PYTHON_SDK, _NODE_SDK),
    "KL013": (_CREDENTIALS,),
    "KL014": (_WEBHOOKS,),
    "KL015": (_CREDENTIALS,),
    "KL016": (_VERSIONING, _SDKS),
    "KL017": (_CREDENTIALS,),
    "KL018": (_WEBHOOKS,),
    "KL019": (_LIMITS, _OPENAPI),
    "KL020": (_CREDENTIALS,),
    "KL021": (_LIMITS,),
    "KL022": (_WEBHOOKS, _OPENAPI),
    "KL900": (),  # about klint's own suppressions
}


def rule_markdown(rule: type[Rule]) -> str:
    """A rule's full documentation: docstring, examples, then Klaviyo's documentation."""
    lines = [f"# {rule.name} ({rule.code})", "",
             f"Severity: {rule.severity.value}. "
             + ("On by default." if rule.default_enabled else "Off by default."), "",
             rule.documentation(), ""]
    for title, examples in (("Reported", rule.INVALID), ("Not reported", rule.VALID)):
        if not examples:
            continue
        lines += [f"## Examples: {title.lower()}", ""]
        for example in examples:
            label = f"`{example.filename}`" + (f": {example.note}" if example.note else "")
            fence = Path(example.filename).suffix.lstrip(".") or "text"
            lines += [label, "", f"```{fence}", example.code.rstrip("\n"), "```", ""]
    references = REFERENCES.get(rule.code, ())
    if references:
        lines += ["## References", "", *(f"- [{title}]({url})" for title, url in references), ""]
    return "\n".join(lines)


def page_path(root: Path, rule: type[Rule]) -> Path:
    return root / "docs" / "rules" / f"{rule.code}.md"


def write_pages(root: Path) -> list[Path]:
    written = []
    for rule in ALL_RULES:
        path = page_path(root, rule)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rule_markdown(rule), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for page in write_pages(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()):
        print(page)
