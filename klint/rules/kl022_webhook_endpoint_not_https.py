from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import StrValue, Value, alternatives
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import each_url, klaviyo_calls, node_key, semantics, span, walk_dicts


class WebhookEndpointNotHttps(Rule):
    """
    ## What it does
    Finds Klaviyo system webhooks created with a plain `http://` endpoint: the SDK's
    `Webhooks.create_webhook` (Python) / `createWebhook` (Node), or a raw `POST /api/webhooks/`,
    whose body sets `endpoint_url` (`endpointUrl` in Node) to an `http://` URL.

    ## Why is this bad?
    Klaviyo requires webhook endpoints to be https and rejects the request, so the integration
    never receives events. Even where an http endpoint were accepted, every delivery would carry
    customer data and the `Klaviyo-Signature` in clear text.

    ## Example
    ```python
    klaviyo.Webhooks.create_webhook({"data": {"type": "webhook", "attributes": {
        "name": "orders", "endpoint_url": "http://hooks.example.com/klaviyo", "secret_key": secret}}})
    ```

    ## Use instead
    ```python
    klaviyo.Webhooks.create_webhook({"data": {"type": "webhook", "attributes": {
        "name": "orders", "endpoint_url": "https://hooks.example.com/klaviyo", "secret_key": secret}}})
    ```

    """

    code = "KL022"
    name = "webhook-endpoint-not-https"
    summary = "A Klaviyo webhook is created with an http:// endpoint."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"http://",)
    context = (b"klaviyo",)
    tags = ("security", "reliability")
    security_severity = "5.0"

    VALID = [
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'k.Webhooks.update_webhook(wid, {"data": {"attributes": {"endpoint_url": "http://h.example.com/k"}}})\n',
              note="only creating a webhook is judged"),
        Valid('import requests\nrequests.get("https://a.klaviyo.com/api/webhooks/", timeout=5, '
              'json={"endpoint_url": "http://h.example.com/k"})\n', note="not a POST"),
        Valid('import requests\nrequests.post(f"https://a.klaviyo.com/api/webhooks/{wid}/", timeout=5, '
              'json={"endpoint_url": "http://h.example.com/k"})\n', note="not the create endpoint"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'k.Webhooks.create_webhook({"data": {"type": "webhook", "attributes": {"name": "n", '
              '"endpoint_url": "https://hooks.example.com/k", "secret_key": s}}})\n'),
        Valid('import requests  # klaviyo\nrequests.post("http://hooks.example.com/receive", '
              'json={"endpoint_url": "http://x"}, timeout=5)\n', note="not a Klaviyo call"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'k.Webhooks.create_webhook({"data": {"attributes": {"endpoint_url": settings.HOOK_URL}}})\n',
              note="unresolved: silent"),
        Valid('import { WebhooksApi } from "klaviyo-api";\nconst w = new WebhooksApi(session);\n'
              'await w.createWebhook({ data: { type: "webhook", attributes: { name: "n", '
              'endpointUrl: "https://h.example.com/k", secretKey: s } } });\n', filename="a.ts"),
    ]
    INVALID = [
        Invalid('import requests\n\ndef create(body):\n'
                '    return requests.post("https://a.klaviyo.com/api/webhooks/", json=body, timeout=5)\n\n'
                'create({"data": {"attributes": {"endpoint_url": "http://h.example.com/k"}}})\n',
                line=6, column=49, end_line=6, end_column=73,
                message="webhook endpoint 'http://h.example.com/k' is not https; Klaviyo requires an https endpoint "
                        "for webhooks", note="through a helper"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'url = "https://h.example.com/k" if prod else "http://h.example.com/k"\n'
                'k.Webhooks.create_webhook({"data": {"attributes": {"endpoint_url": url}}})\n',
                line=3, column=46, end_line=3, end_column=70,
                message="webhook endpoint 'http://h.example.com/k' is not https; Klaviyo requires an https endpoint "
                        "for webhooks", note="one alternative of a conditional"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'k.Webhooks.create_webhook({"data": {"attributes": {"endpoint_url": f"http://{host}/k"}}})\n',
                line=3, column=68, end_line=3, end_column=86,
                message="webhook endpoint 'http://…' is not https; Klaviyo requires an https endpoint for webhooks",
                note="the host unknown, the scheme not"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nHOOK = "http://" + "h.example.com/k"\n'
                'k.Webhooks.create_webhook({"data": {"attributes": {"endpoint_url": HOOK}}})\n'
                'k.Webhooks.create_webhook({"data": {"attributes": {"endpoint_url": HOOK, "name": "b"}}})\n',
                line=4, column=68, end_line=4, end_column=72,
                message="webhook endpoint 'http://h.example.com/k' is not https; Klaviyo requires an https endpoint "
                        "for webhooks", count=2, note="a concatenation: reported where each call uses it"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'k.Webhooks.create_webhook({"data": {"type": "webhook", "attributes": {"name": "n", '
                '"endpoint_url": "http://hooks.example.com/k", "secret_key": s}}})\n',
                line=3, column=100, end_line=3, end_column=128,
                message="webhook endpoint 'http://hooks.example.com/k' is not https; Klaviyo requires an https endpoint for webhooks"),
        Invalid('import requests\nHOOK = "http://hooks.example.com/k"\n'
                'requests.post("https://a.klaviyo.com/api/webhooks/", timeout=5, headers=h, json={"data": '
                '{"type": "webhook", "attributes": {"name": "n", "endpoint_url": HOOK, "secret_key": s}}})\n',
                line=2, column=8, end_line=2, end_column=36,
                message="webhook endpoint 'http://hooks.example.com/k' is not https; Klaviyo requires an https endpoint for webhooks",
                note="raw POST /api/webhooks/, URL in a constant"),
        Invalid('import { WebhooksApi } from "klaviyo-api";\nconst w = new WebhooksApi(session);\n'
                'await w.createWebhook({ data: { type: "webhook", attributes: { name: "n", '
                'endpointUrl: "http://h.example.com/k", secretKey: s } } });\n', filename="a.ts",
                line=3, column=88, end_line=3, end_column=112,
                message="webhook endpoint 'http://h.example.com/k' is not https; Klaviyo requires an https endpoint for webhooks"),
        Invalid('from klaviyo_api import KlaviyoAPI\n\nk = KlaviyoAPI(key)\nHOOK = "http://hooks.example.com/klaviyo"\n'
                'k.Webhooks.create_webhook({"data": {"type": "webhook", "attributes": {"name": "orders", '
                '"endpoint_url": HOOK}}})\n'
                'k.Webhooks.create_webhook({"data": {"type": "webhook", "attributes": {\n'
                '    "name": "profiles", "endpoint_url": HOOK if prod else "http://staging.example.com/klaviyo"}}})\n',
                line=4, column=8, end_line=4, end_column=42,
                message="webhook endpoint 'http://hooks.example.com/klaviyo' is not https; Klaviyo requires an "
                        "https endpoint for webhooks",
                count=2, note="the constant once, though two calls use it, and the staging alternative"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        bodies: list[Value | None] = [call.body for call in sem.sdk_calls
                                      if call.group == "Webhooks" and call.method == sem.sdk.create_webhook]
        bodies += [call.body for call, _url in klaviyo_calls(ctx, through_helpers=True)
                   if call.method == "POST" and any(url.path_complete and klaviyo.WEBHOOK_PATH_RE.match(url.path)
                                                    for url in each_url(call))]
        reported: set[object] = set()
        for body in bodies:
            for mapping in walk_dicts(body):
                for key in klaviyo.WEBHOOK_URL_KEYS & mapping.entries.keys():
                    entry = mapping.entries[key]
                    for value in alternatives(entry.value):
                        if not (isinstance(value, StrValue) and value.prefix().lower().startswith("http://")):
                            continue
                        target = value.nodes[0] if len(value.nodes) == 1 else entry.value_node
                        if target is None or node_key(target) in reported:
                            continue
                        reported.add(node_key(target))
                        shown = value.text if value.text is not None else value.prefix() + "…"
                        yield Report(span(ctx, target), f"webhook endpoint {shown!r} is not https; Klaviyo "
                                                        "requires an https endpoint for webhooks")
