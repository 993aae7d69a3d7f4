from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import each_url, klaviyo_calls, node_key, semantics, span


class PerItemCallInLoop(Rule):
    """
    ## What it does
    Finds calls that write one profile or one event at a time inside a loop over a collection,
    where Klaviyo has a bulk endpoint: the SDK's `create_or_update_profile` / `create_profile` /
    `create_event` (Node: `createOrUpdateProfile`, `createProfile`, `createEvent`), and raw
    `POST /api/profile-import/`, `/api/profiles/`, `/api/events/`, in `for`/`while` loops,
    comprehensions, `forEach`/`map` callbacks (so `Promise.all(items.map(…))` too), directly or
    through a helper called in the loop. Not reported: a loop over a literal collection of a few
    items (at most 5), a retry loop over a few attempts (`for attempt in range(3)`,
    `for (let i = 0; i < 3; i++)`), and subscription jobs, which are bulk already (one job per
    list and per 1,000 profiles is the right shape).

    ## Why is this bad?
    Profile writes are limited to 75 requests per second in bursts and 750 per minute (facts §7):
    a sync of a few thousand customers one call at a time turns into a stream of 429s, each retry
    adding to the queue, and takes minutes where one bulk job takes one request. Bulk Import
    Profiles takes 10,000 profiles per job and Bulk Create Events 1,000 events per request.

    ## Example
    ```python
    for customer in customers:
        klaviyo.Profiles.create_or_update_profile(profile_body(customer))
    ```

    ## Use instead
    ```python
    klaviyo.Profiles.bulk_import_profiles({"data": {"type": "profile-bulk-import-job", "attributes": {
        "profiles": {"data": [profile_body(c)["data"] for c in customers]}}}})
    ```

    """

    code = "KL019"
    name = "per-item-call-in-loop"
    summary = "One profile or event is written per loop iteration where a bulk endpoint exists."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"klaviyo",)
    context = (b"klaviyo",)
    tags = ("reliability", "performance")

    VALID = [
        Valid('import time\nfrom klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'for attempt in range(3):\n    try:\n        k.Events.create_event(body)\n        break\n'
              '    except Exception:\n        time.sleep(2 ** attempt)\n', note="a retry loop over attempts"),
        Valid('import { EventsApi } from "klaviyo-api";\nconst events = new EventsApi(session);\n'
              'for (let i = 0; i < 3; i++) {\n  try { await events.createEvent(body); break; } catch { await sleep(1000); }\n}\n',
              filename="a.ts", note="a retry loop over attempts"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'for batch in chunked(emails, 1000):\n    k.Profiles.bulk_subscribe_profiles(job(batch))\n',
              note="subscription jobs are bulk: 1,000 profiles each"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nk.Profiles.create_or_update_profile(body)\n',
              note="one call, no loop"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'for body in [admin_profile, support_profile]:\n    k.Profiles.create_or_update_profile(body)\n',
              note="a literal collection of a few items"),
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'k.Profiles.bulk_import_profiles(job)\nfor c in customers:\n    k.Profiles.get_profile(c.id)\n',
              note="bulk call; reads in the loop are another rule's business"),
        Valid('import requests\nfor order in orders:\n    requests.post("https://api.example.com/api/events/", '
              'json=order, timeout=5)  # klaviyo\n', note="another host"),
        Valid('import { EventsApi } from "klaviyo-api";\nconst events = new EventsApi(session);\n'
              '[welcome, followUp].forEach((e) => events.createEvent(e));\n', filename="a.ts",
              note="forEach over a literal of two items"),
        Valid('import requests\n\nfor batch in chunked(profiles, 10_000):\n'
              '    requests.post("https://a.klaviyo.com/api/profile-bulk-import-jobs/", json=import_job(batch),\n'
              '                  headers=HEADERS, timeout=30)\n', note="a bulk job per batch is the advice"),
    ]
    INVALID = [
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'for c in customers:\n    k.Profiles.create_or_update_profile(profile_body(c))\n',
                line=4, column=5, end_line=4, end_column=57,
                message="create_or_update_profile writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Import Profiles (up to 10,000 profiles per job): Profiles.bulk_import_profiles"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                '[k.Events.create_event(event_body(o)) for o in orders]\n',
                line=3, column=2, end_line=3, end_column=38,
                message="create_event writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Create Events (up to 1,000 events per request): Events.bulk_create_events",
                note="a comprehension"),
        Invalid('import requests\n\ndef send(body):\n    return requests.post("https://a.klaviyo.com/api/events/", '
                'json=body, timeout=5)\n\nwhile queue:\n    send(queue.pop())\n',
                line=7, column=5, end_line=7, end_column=22,
                message="POST /api/events/ writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Create Events (up to 1,000 events per request)",
                note="a raw call through a helper called in a while loop"),
        Invalid('import { ProfilesApi } from "klaviyo-api";\nconst profiles = new ProfilesApi(session);\n'
                'await Promise.all(customers.map((c) => profiles.createOrUpdateProfile(toBody(c))));\n', filename="a.ts",
                line=3, column=40, end_line=3, end_column=81,
                message="createOrUpdateProfile writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Import Profiles (up to 10,000 profiles per job): bulkImportProfiles"),
        Invalid('for (const order of orders) {\n  await fetch("https://a.klaviyo.com/api/events/", '
                '{ method: "POST", body: JSON.stringify(toEvent(order)), signal });\n}\n', filename="a.mjs",
                line=2, column=9, end_line=2, end_column=117,
                message="POST /api/events/ writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Create Events (up to 1,000 events per request)"),
        Invalid('from klaviyo_api import KlaviyoAPI\n\nk = KlaviyoAPI(key)\n\n\ndef sync(profile, event):\n'
                '    k.Profiles.create_or_update_profile(profile)\n    k.Events.create_event(event)\n\n\n'
                'for c in new_customers:\n    sync(profile_body(c), signup_event(c))\n',
                line=12, column=5, end_line=12, end_column=43,
                message="create_or_update_profile writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Import Profiles (up to 10,000 profiles per job): Profiles.bulk_import_profiles",
                note="a helper making two per-item calls, called in a loop: reported once, at the call"),
        Invalid('async function track(profile, event) {\n'
                '  await fetch("https://a.klaviyo.com/api/profile-import/", { method: "POST", headers, '
                'body: JSON.stringify(profile), signal });\n'
                '  await fetch("https://a.klaviyo.com/api/events/", { method: "POST", headers, '
                'body: JSON.stringify(event), signal });\n}\n'
                'for (const o of orders) {\n  await track(buyer(o), placedOrder(o));\n}\n', filename="a.mjs",
                line=6, column=9, end_line=6, end_column=40,
                message="POST /api/profile-import/ writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Import Profiles (up to 10,000 profiles per job)",
                note="the same through raw calls"),
        Invalid('for (const customer of customers) {\n'
                '  await fetch("https://a.klaviyo.com/api/profile-import/", { method: "POST", headers, '
                'body: JSON.stringify(toProfile(customer)), signal });\n}\n'
                'for (const order of orders) {\n'
                '  await fetch("https://a.klaviyo.com/api/events/", { method: "POST", headers, '
                'body: JSON.stringify(toEvent(order)), signal });\n}\n', filename="a.mjs",
                line=2, column=9, end_line=2, end_column=139,
                message="POST /api/profile-import/ writes one item per loop iteration and meets Klaviyo's rate limits quickly; use Bulk Import Profiles (up to 10,000 profiles per job)",
                count=2, note="two loops: one finding each"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        reported: set[object] = set()
        for call in sem.sdk_calls:
            advice = sem.sdk.per_item.get(call.method)
            if call.in_loop and advice and node_key(call.node) not in reported:
                reported.add(node_key(call.node))
                yield Report(span(ctx, call.node), _message(call.method, advice))
        for call, _url in klaviyo_calls(ctx, through_helpers=True):
            if not call.in_loop or call.method != "POST" or node_key(call.node) in reported:
                continue
            for url in each_url(call):
                advice = next((bulk for pattern, bulk in klaviyo.PER_ITEM_PATHS
                               if url.path_complete and pattern.match(url.path)), None)
                if advice:
                    reported.add(node_key(call.node))
                    yield Report(span(ctx, call.node), _message(f"POST {url.path}", advice))
                    break


def _message(what: str, advice: str) -> str:
    return (f"{what} writes one item per loop iteration and meets Klaviyo's rate limits quickly; "
            f"use {advice}")
