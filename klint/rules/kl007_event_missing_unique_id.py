from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import each_url, event_attribute_dicts, klaviyo_calls, semantics, span


class EventMissingUniqueId(Rule):
    """
    ## What it does
    Finds events sent without a `unique_id`: `Events.create_event`, `bulk_create_events` (and
    its alias `create_event_bulk_create_job`) and raw `POST /api/events/` or
    `/api/event-bulk-create-jobs/`, whose body — a dict literal, a variable, or SDK model classes
    such as `EventCreateQueryV2ResourceObjectAttributes(…)` — has event attributes without
    `unique_id`. `properties.event_id` is not a unique id. A body that cannot be resolved is not
    reported.

    ## Why is this bad?
    The SDK retries POSTs on 429/503. Without `unique_id`, Klaviyo de-duplicates only by
    profile, metric and time to the second, so a retry a second later records the order twice
    and doubles the revenue in every report.

    ## Example
    ```python
    klaviyo.Events.create_event({"data": {"type": "event", "attributes": {
        "properties": {"order_id": order.id}, "metric": metric, "profile": profile}}})
    ```

    ## Use instead
    ```python
    klaviyo.Events.create_event({"data": {"type": "event", "attributes": {
        "properties": {"order_id": order.id}, "unique_id": f"order-{order.id}",
        "metric": metric, "profile": profile}}})
    ```
    """

    code = "KL007"
    name = "event-missing-unique-id"
    summary = "An event is sent without a unique_id, so retries can record it twice."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("correctness",)

    VALID = [
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'k.Events.create_event({"data": {"type": "event", "attributes": {"properties": {}, '
              '"unique_id": oid, "metric": m, "profile": p}}})\n'),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nk.Events.create_event(build_body(order))\n',
              note="body cannot be resolved"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'attributes = {"properties": {}, "metric": m, "profile": p}\nattributes["unique_id"] = oid\n'
              'k.Events.create_event({"data": {"type": "event", "attributes": attributes}})\n',
              note="item assignment before the call"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'k.Events.create_event({"data": {"type": "event", "attributes": {**base, "metric": m, "profile": p}}})\n',
              note="a spread may hold unique_id"),
        Valid('from openapi_client.models import EventCreateQueryV2ResourceObjectAttributes as A\n'
              'a = A(properties={}, metric=m, profile=p, unique_id="o-1")\n'),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nk.Events.get_events()\n'),

        Valid('import { EventsApi } from "klaviyo-api";\nconst events = new EventsApi(session);\n'
              'await events.createEvent({ data: { type: "event", attributes: { properties: {}, '
              'uniqueId: order.id, metric, profile } } });\n', filename="a.ts"),
        Valid('import { EventsApi } from "klaviyo-api";\nconst events = new EventsApi(session);\n'
              'await events.createEvent(buildBody(order));\n', filename="a.ts", note="unresolved body"),
        Valid('import httpx\n\nclass K:\n    base = "https://api.example.com/api"\n\n    def _request(self, method, path, body=None):\n'
              '        return httpx.request(method, f"{self.base}/{path}", json=body, timeout=5)\n\n'
              '    def track(self, m, p):\n        return self._request("POST", "events/", {"data": {"type": "event", '
              '"attributes": {"metric": m, "profile": p, "properties": {}}}})\n', note="a helper pointed at another host"),
        Valid('const axios = require("axios");\nlet config = { method: "post", url: "https://a.klaviyo.com/api/events/", timeout: 5000 };\n'
                'async function placed(o) {\n  config.data = JSON.stringify({ data: { type: "event", attributes: '
                '{ metric, profile, properties: {}, unique_id: o.id } } });\n  await axios.request(config);\n}\n', filename="a.js",
              note="the handler's own mutation sets unique_id"),
    ]
    INVALID = [
        Invalid('const axios = require("axios");\nlet config = { method: "post", url: "https://a.klaviyo.com/api/events/", timeout: 5000 };\n'
                'async function placed(o) {\n  config.data = JSON.stringify({ data: { type: "event", attributes: '
                '{ metric, profile, properties: {} } } });\n  await axios.request(config);\n}\n', filename="a.js",
                line=5, column=9, end_line=5, end_column=30,
                message="event has no unique_id: a retried request can record it twice; set attributes.unique_id (e.g. the order id)",
                note="a shared config object mutated in the handler"),
        Invalid('import httpx\n\nclass K:\n    base = "https://a.klaviyo.com/api"\n\n    def _request(self, method, path, body=None):\n'
              '        return httpx.request(method, f"{self.base}/{path}", json=body, timeout=5)\n\n'
              '    def track(self, m, p):\n        return self._request("POST", "events/", {"data": {"type": "event", '
              '"attributes": {"metric": m, "profile": p, "properties": {}}}})\n',
                line=10, column=16, end_line=10, end_column=138,
                message="event has no unique_id: a retried request can record it twice; set attributes.unique_id (e.g. the order id)",
                note="through a helper: reported at its call site"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'k.Events.create_event({"data": {"type": "event", "attributes": {"properties": '
                '{"event_id": oid}, "metric": m, "profile": p}}})\n',
                line=3, column=1, end_line=3, end_column=127,
                message="event has no unique_id: a retried request can record it twice; set attributes.unique_id (e.g. the order id)",
                note="properties.event_id is not a unique id"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n\ndef send(order):\n'
                '    body = {"data": {"type": "event", "attributes": {"properties": {}, "metric": M, "profile": P}}}\n'
                '    k.Events.create_event(body)\n',
                line=6, column=5, end_line=6, end_column=32,
                message="event has no unique_id: a retried request can record it twice; set attributes.unique_id (e.g. the order id)",
                note="body in a local variable"),
        Invalid('from klaviyo_api import KlaviyoAPI\nfrom openapi_client.models import (\n'
                '    EventCreateQueryV2, EventCreateQueryV2ResourceObject,\n'
                '    EventCreateQueryV2ResourceObjectAttributes)\nk = KlaviyoAPI(key)\n'
                'attrs = EventCreateQueryV2ResourceObjectAttributes(properties={}, metric=m, profile=p)\n'
                'k.Events.create_event(EventCreateQueryV2(data=EventCreateQueryV2ResourceObject('
                'type="event", attributes=attrs)))\n',
                line=7, column=1, end_line=7, end_column=113,
                message="event has no unique_id: a retried request can record it twice; set attributes.unique_id (e.g. the order id)",
                note="model classes"),
        Invalid('import requests\nrequests.post("https://a.klaviyo.com/api/events/", timeout=5, '
                'json={"data": {"type": "event", "attributes": {"properties": {}, "metric": m, "profile": p}}})\n',
                line=2, column=1, end_line=2, end_column=157,
                message="event has no unique_id: a retried request can record it twice; set attributes.unique_id (e.g. the order id)"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'k.Events.create_event({"data": {"type": "event", "attributes": {"properties": {}, '
                '"uniqueId": oid, "metric": m, "profile": p}}})\n',
                line=3, column=1, end_line=3, end_column=129,
                message="event has no unique_id: a retried request can record it twice; set attributes.unique_id (e.g. the order id)",
                note="camelCase is dropped in Python"),

        Invalid('import { EventsApi, EventEnum } from "klaviyo-api";\nconst events = new EventsApi(session);\n'
                'const body = { data: { type: EventEnum.Event, attributes: { properties: { orderId: 1 }, '
                'metric: m, profile: p } } } as any;\nawait events.createEvent(body);\n', filename="a.ts",
                line=4, column=7, end_line=4, end_column=31,
                message="event has no uniqueId: a retried request can record it twice; set attributes.uniqueId (e.g. the order id)",
                note="enum type, `as any`"),
        Invalid('import { EventsApi } from "klaviyo-api";\nconst events = new EventsApi(session);\n'
                'await events.createEvent({ data: { type: "event", attributes: { properties: {}, '
                'unique_id: order.id, metric, profile } } });\n', filename="a.ts",
                line=3, column=7, end_line=3, end_column=124,
                message="event has no uniqueId: a retried request can record it twice; set attributes.uniqueId (e.g. the order id)",
                note="snake_case is dropped by the Node SDK"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        for call in sem.sdk_calls:
            if call.group != "Events":
                continue
            if call.method in sem.sdk.event_creators:
                yield from self._check_body(ctx, call.node, call.body, sem.sdk.unique_id_key)
        for call, _url in klaviyo_calls(ctx, through_helpers=True):
            if call.method == "POST" and any(url.path_complete and klaviyo.EVENT_PATH_RE.match(url.path)
                                             for url in each_url(call)):
                yield from self._check_body(ctx, call.node, call.body, "unique_id")

    def _check_body(self, ctx: FileContext, node, body, key: str) -> Iterable[Report]:
        for attributes in event_attribute_dicts(body):
            if attributes.complete and key not in attributes.entries:
                yield Report(span(ctx, node),
                             f"event has no {key}: a retried request can record it twice; set "
                             f"attributes.{key} (e.g. the order id)")
                return
