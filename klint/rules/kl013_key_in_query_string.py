from __future__ import annotations

import re
from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DictValue, StrValue, Value
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import each_url, klaviyo_calls, span

_API_KEY_PARAM_RE = re.compile(r"(?:^|[?&])api_key=")


def looks_private(value: Value) -> bool:
    """A value that is, or is named like, a private key."""
    if not isinstance(value, StrValue):
        return bool(getattr(value, "hint", "")) and klaviyo.names_private_key(getattr(value, "hint"))
    if value.text is not None:
        return value.text.startswith("pk_") and len(value.text) > 10
    return any(klaviyo.names_private_key(hole.hint) for hole in value.holes()) or value.prefix().startswith("pk_")


def _source(node) -> str:
    """The text of a LibCST or tree-sitter node (for finding the literal that holds `api_key=`)."""
    if hasattr(node, "text"):
        return node.text.decode("utf-8", "replace")
    from klint.frontends.python_semantics import source_text

    return source_text(node)


class KeyInQueryString(Rule):
    """
    ## What it does
    Finds a private key sent in a URL: an `api_key=` query parameter on a Klaviyo URL (in the
    URL itself or in `params=`), and a private key passed where only the public 6-character
    key belongs — `company_id` of the `/client/…` endpoints.

    ## Why is this bad?
    URLs end up in proxy, CDN and server logs and in browser history: a key in a URL is a
    leaked key. `/client/…` endpoints are called from browsers and take only the public key.

    ## Example
    ```python
    requests.get(f"https://a.klaviyo.com/api/v2/lists?api_key={KEY}")
    ```

    ## Use instead
    ```python
    requests.get("https://a.klaviyo.com/api/lists/", timeout=10,
                 headers={"Authorization": f"Klaviyo-API-Key {KEY}", "revision": "2026-10-15"})
    ```
    """

    code = "KL013"
    name = "key-in-query-string"
    summary = "A Klaviyo private key is sent in a URL query string or as the public key."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("security", "external/cwe/cwe-598")
    precision = "high"
    security_severity = "7.5"

    VALID = [
        Valid('import requests\nrequests.post("https://a.klaviyo.com/client/events/", '
              'params={"company_id": "AbC123"}, json={}, timeout=5)\n', note="public key"),
        Valid('import requests\nrequests.get("https://example.com/x?api_key=1", timeout=5)  # klaviyo\n'),

        Valid('await fetch(`https://a.klaviyo.com/client/subscriptions/?company_id=${PUBLIC_KEY}`, { signal });\n',
              filename="a.ts"),
    ]
    INVALID = [
        Invalid('import requests\nKEY = os.environ["K"]\n'
                'requests.get(f"https://a.klaviyo.com/api/v1/metrics?api_key={KEY}", timeout=5)\n',
                line=3, column=14, end_line=3, end_column=67,
                message="the API key is sent in the URL (api_key=…), where logs keep it; send it in the Authorization header"),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/v2/lists", '
                'params={"api_key": settings.KLAVIYO_API_KEY}, timeout=5)\n',
                line=2, column=60, end_line=2, end_column=69,
                message="the API key is sent as a query parameter, where logs keep it; send it in the Authorization header"),
        Invalid('import requests\nrequests.post("https://a.klaviyo.com/client/subscriptions/", '
                'params={"company_id": KLAVIYO_PRIVATE_KEY}, json={}, timeout=5)\n',
                line=2, column=84, end_line=2, end_column=103,
                message="company_id takes the public 6-character key; a private key here is exposed to every browser"),

        Invalid('await fetch(`https://a.klaviyo.com/api/v2/lists?api_key=${process.env.KLAVIYO_KEY}`);\n', filename="a.ts",
                line=1, column=13, end_line=1, end_column=84,
                message="the API key is sent in the URL (api_key=…), where logs keep it; send it in the Authorization header"),
        Invalid('import axios from "axios";\naxios.post("https://a.klaviyo.com/client/events/", body, '
                '{ params: { company_id: KLAVIYO_PRIVATE_KEY }, timeout: 1 });\n', filename="a.js",
                line=2, column=82, end_line=2, end_column=101,
                message="company_id takes the public 6-character key; a private key here is exposed to every browser"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for call, _url in klaviyo_calls(ctx, through_helpers=True):
            if any(_API_KEY_PARAM_RE.search(url.query) for url in each_url(call)):
                literal = next((node for node in getattr(call.url, "nodes", ())
                                if "api_key=" in _source(node)), call.node)
                yield Report(span(ctx, literal),
                             "the API key is sent in the URL (api_key=…), where logs keep it; send "
                             "it in the Authorization header")
            params = call.params
            if not isinstance(params, DictValue):
                continue
            entry = params.entries.get("api_key")
            if entry is not None and entry.key_node is not None:
                yield Report(span(ctx, entry.key_node),
                             "the API key is sent as a query parameter, where logs keep it; send it in "
                             "the Authorization header")
            company = params.entries.get("company_id")
            if company is not None and company.value_node is not None and looks_private(company.value):
                yield Report(span(ctx, company.value_node),
                             "company_id takes the public 6-character key; a private key here is "
                             "exposed to every browser")
