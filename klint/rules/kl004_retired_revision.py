from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DictValue, StrValue, Value, alternatives
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import header_entries, klaviyo_calls, node_key, semantics, span
from klint.rules.fixing import UNSAFE, make_fix

_HEADER_KEYS = frozenset({"authorization", "accept", "content-type", "user-agent"})


def revision_message(verdict: klaviyo.RevisionVerdict, as_of) -> tuple[str, Severity] | None:
    """The finding for a revision value, or None when it is stable (shared with JS/TS)."""
    status = verdict.status
    latest = klaviyo.PUBLISHED_REVISIONS[-1]
    if status is klaviyo.RevisionStatus.RETIRED:
        return (f"revision {verdict.revision} was retired on {verdict.retired_on} (as of {as_of}); "
                f"move to a current revision such as {latest}", Severity.ERROR)
    if status is klaviyo.RevisionStatus.DEPRECATED:
        return (f"revision {verdict.revision} is deprecated and retires on {verdict.retired_on}; "
                f"plan the move to {latest}", Severity.WARNING)
    if status in (klaviyo.RevisionStatus.UNPUBLISHED, klaviyo.RevisionStatus.MALFORMED):
        return (f"revision {verdict.revision!r} is not a published Klaviyo revision "
                f"(latest: {latest})", Severity.ERROR)
    return None


class RetiredRevision(Rule):
    """
    ## What it does
    Judges every `revision` value klint can see — in the headers of raw Klaviyo calls, in
    header dicts, and in SDK overrides (`client.api_client.default_headers["revision"] = …`,
    `KlaviyoAPI._REVISION = …`) — against Klaviyo's policy: a revision is stable for a year,
    deprecated for a second year, then retired. Retired revisions and values that are not a
    published revision are errors; deprecated ones are warnings. The date it judges against is
    today, or `as-of` in the config (`--as-of`). Values held in variables are followed to
    their literal.

    ## Why is this bad?
    A retired revision stops working — requests fail with 410 or silently move to another
    revision's behaviour. A deprecated one gives you less than a year to migrate.

    ## Example
    ```python
    HEADERS = {"Authorization": f"Klaviyo-API-Key {key}", "revision": "2023-02-22"}
    ```

    ## Use instead
    ```python
    HEADERS = {"Authorization": f"Klaviyo-API-Key {key}", "revision": "2026-10-15"}
    ```

    ## Fix safety
    For a retired or deprecated revision written as a string literal, the fix writes the
    current stable revision (the newest published revision still stable as of `as-of`) in its
    place. It is **unsafe**: response shapes, field names and defaults change between
    revisions, so the code reading the responses may need changes too (read Klaviyo's
    changelog for the revisions in between).
    """

    code = "KL004"
    name = "retired-revision"
    summary = "A Klaviyo API revision is retired, deprecated, or not a published revision."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"revision",)
    context = (b"klaviyo",)
    tags = ("correctness",)

    VALID = [
        Valid('HEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": "2026-10-15"}  # klaviyo\n'),
        Valid('HEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": REVISION}  # klaviyo\n',
              note="value from elsewhere"),
        Valid('doc = {"title": "Terms", "revision": "2023-02-22"}  # klaviyo\n',
              note="not an HTTP header dict"),
        Valid('HEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": "2025-01-15"}  # klaviyo\n',
              as_of="2025-06-01", note="stable as of that date"),
        Valid('SCHEMA_REVISION = "2024-03-01"  # klaviyo export format\n',
              note="a *_REVISION constant that is no Klaviyo revision"),

        Valid('const headers = { Authorization: `Klaviyo-API-Key ${k}`, revision: "2026-10-15" };\n', filename="a.ts"),
    ]
    INVALID = [
        Invalid('HEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": "2023-02-22"}  # klaviyo\n',
                line=1, column=62, end_line=1, end_column=74,
                message="revision 2023-02-22 was retired on 2025-02-22 (as of 2026-11-26); move to a current revision such as 2026-10-15",
                fixed='HEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": "2026-10-15"}  # klaviyo\n'),
        Invalid('params = {"page": 1}\nHEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": "2023-02-22"}  # klaviyo\n',
                line=2, column=62, end_line=2, end_column=74,
                message="revision 2023-02-22 was retired on 2025-02-22 (as of 2026-11-26); move to a current revision such as 2026-10-15",
                fixed='params = {"page": 1}\nHEADERS = {"Authorization": "Klaviyo-API-Key k", "revision": "2026-10-15"}  # klaviyo\n',
                note="a dict without a revision before it"),
        Invalid('HEADERS = {"Accept": "application/json", "revision": "2031-01-15"}  # klaviyo\n',
                line=1, column=54, end_line=1, end_column=66,
                message="revision '2031-01-15' is not a published Klaviyo revision (latest: 2026-10-15)",
                note="a header dict is judged on any revision, not only retired ones"),
        Invalid('HEADERS = {"accept": "application/json", "Revision": "2025-04-15"}  # klaviyo\n',
                line=1, column=54, end_line=1, end_column=66,
                message="revision 2025-04-15 is deprecated and retires on 2027-04-15; plan the move to 2026-10-15"),
        Invalid('import requests\nREV = "2024-10-15"\n'
                'requests.get("https://a.klaviyo.com/api/lists/", headers={"revision": REV}, timeout=5)\n',
                line=2, column=7, end_line=2, end_column=19,
                message="revision 2024-10-15 was retired on 2026-10-15 (as of 2026-11-26); move to a current revision such as 2026-10-15",
                note="reported at the literal"),
        Invalid('import requests\nH = {"Authorization": "k"}\n'
                'requests.get("https://a.klaviyo.com/api/lists/", headers=dict(H, revision="2024-03-15"), timeout=5)\n',
                line=3, column=75, end_line=3, end_column=87,
                message="revision '2024-03-15' is not a published Klaviyo revision (latest: 2026-10-15)"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'k.api_client.default_headers["revision"] = "2023-10-15"\n',
                line=3, column=44, end_line=3, end_column=56,
                message="revision 2023-10-15 was retired on 2025-10-15 (as of 2026-11-26); move to a current revision such as 2026-10-15"),
        Invalid('from klaviyo_api import KlaviyoAPI\nKlaviyoAPI._REVISION = "2024-02-15"\n',
                line=2, column=24, end_line=2, end_column=36,
                message="revision 2024-02-15 was retired on 2026-02-15 (as of 2026-11-26); move to a current revision such as 2026-10-15"),
        Invalid('# settings for the Klaviyo client\nKLAVIYO_REVISION = "2024-02-15"\n',
                line=2, column=20, end_line=2, end_column=32,
                message="revision 2024-02-15 was retired on 2026-02-15 (as of 2026-11-26); move to a current revision such as 2026-10-15",
                note="a revision constant, used by other modules"),
        Invalid('export const KLAVIYO_API_REVISION = "2023-10-15"; // klaviyo\n', filename="config.ts",
                line=1, column=37, end_line=1, end_column=49,
                message="revision 2023-10-15 was retired on 2025-10-15 (as of 2026-11-26); move to a current revision such as 2026-10-15"),

        Invalid('const headers = { Authorization: `Klaviyo-API-Key ${k}`, revision: "2024-07-15" };\n', filename="a.ts",
                line=1, column=68, end_line=1, end_column=80,
                message="revision 2024-07-15 was retired on 2026-07-15 (as of 2026-11-26); move to a current revision such as 2026-10-15",
                fixed='const headers = { Authorization: `Klaviyo-API-Key ${k}`, revision: "2026-10-15" };\n'),
        Invalid('import axios from "axios";\nconst REV = "2025-07-15";\n'
                'axios.get("https://a.klaviyo.com/api/lists/", { headers: { revision: REV }, timeout: 1 });\n', filename="a.js",
                line=2, column=13, end_line=2, end_column=25,
                message="revision 2025-07-15 is deprecated and retires on 2027-07-15; plan the move to 2026-10-15"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        seen: set[object] = set()
        for values, node, by_name in self._revision_values(ctx):
            for value in alternatives(values):  # `"2023-02-22" if legacy else CURRENT`: each one
                if not isinstance(value, StrValue) or value.text is None:
                    continue
                literal = value.nodes[0] if len(value.nodes) == 1 else None
                target = literal if literal is not None else node  # imported or built: report the use
                if target is None or node_key(target) in seen:
                    continue
                verdict = klaviyo.revision_status(value.text, ctx.as_of)
                if by_name and verdict.status not in (klaviyo.RevisionStatus.RETIRED,
                                                      klaviyo.RevisionStatus.DEPRECATED):
                    continue  # a `*_REVISION` constant may be some other date; judge only real revisions
                seen.add(node_key(target))
                outcome = revision_message(verdict, ctx.as_of)
                if outcome:
                    fix = _current_revision_fix(ctx, literal, verdict) if literal is not None else None
                    yield Report(span(ctx, target), outcome[0], outcome[1], fix=fix)

    def _revision_values(self, ctx: FileContext) -> Iterator[tuple[Value, Any, bool]]:
        """(value, node, found only by its name) of every revision klint can see."""
        sem = semantics(ctx)
        for call, _url in klaviyo_calls(ctx):
            for entry in header_entries(call.headers, "revision"):
                yield entry.value, entry.value_node, False
        for node, site in sem.dicts:
            keys = sem.literal_keys(node)
            if keys is not None and "revision" not in {key.lower() for key in keys}:
                continue  # no revision key written: its values need not be evaluated
            value = sem.evaluate(node, site)
            if not isinstance(value, DictValue):
                continue
            entry = value.find("revision", ignore_case=True)
            keys = {key.lower() for key in value.entries}
            if entry is not None and keys & _HEADER_KEYS and any(
                    isinstance(option, StrValue) and option.text and klaviyo.REVISION_RE.match(option.text)
                    for option in alternatives(entry.value)):
                yield entry.value, entry.value_node, False
        for value_node, site in sem.revision_overrides():
            yield sem.evaluate(value_node, site), value_node, False
        for name, value_node, site in sem.constants():
            if "revision" in name.lower():  # KLAVIYO_REVISION = "2024-02-15", used elsewhere
                yield sem.evaluate(value_node, site), value_node, True


def _current_revision_fix(ctx: FileContext, literal, verdict: klaviyo.RevisionVerdict):
    """Write the current stable revision over a retired or deprecated one."""
    current = klaviyo.current_stable_revision(ctx.as_of)
    if current is None or verdict.status not in (klaviyo.RevisionStatus.RETIRED, klaviyo.RevisionStatus.DEPRECATED):
        return None
    return make_fix(f"use revision {current}", UNSAFE, semantics(ctx).replace_in_string(
        literal, re.compile(f"^{re.escape(verdict.revision)}$"), current))
