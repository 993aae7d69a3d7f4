from __future__ import annotations

import re
from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DictValue, Hole, StrValue, Unknown, alternatives
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.kl013_key_in_query_string import looks_private
from klint.rules.code_helpers import klaviyo_calls, node_key, sdk_option_values, semantics, span
from klint.rules.fixing import SAFE, make_fix

_KEY_HEADER_NAMES = frozenset({"api-key", "api_key", "apikey", "x-api-key", "klaviyo-api-key",
                               "x-klaviyo-api-key", "private-key", "x-private-key"})
_SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s+")


def auth_problem(value: StrValue) -> str | None:
    """What is wrong with an Authorization value carrying a private key (shared with JS/TS)."""
    scheme_match = _SCHEME_RE.match(value.prefix())
    if scheme_match is None:
        if looks_private(value):
            return ("the private key is sent bare; Klaviyo expects "
                    "'Authorization: Klaviyo-API-Key <key>'")
        return None
    scheme = scheme_match.group(1)
    if scheme.lower() == "klaviyo-api-key":
        return None
    rest = StrValue((value.prefix()[scheme_match.end():], *value.parts[1:]))
    if looks_private(rest):
        return (f"a private key is sent with the '{scheme}' scheme (for OAuth tokens); use "
                "'Klaviyo-API-Key <key>'")
    return None


class WrongAuthScheme(Rule):
    """
    ## What it does
    Finds private keys sent the wrong way on raw Klaviyo calls: as `Authorization: Bearer <key>`,
    as a bare `Authorization: <key>`, or under another header (`api-key`, `X-Api-Key`, …), and an
    SDK client given a private key as its OAuth `access_token`. A key is recognised as a `pk_…`
    literal or a name such as `KLAVIYO_PRIVATE_KEY` / `api_key`; `Bearer {access_token}` (OAuth)
    is fine.

    ## Why is this bad?
    Klaviyo accepts a private key only as `Authorization: Klaviyo-API-Key <key>`; anything else
    is a 401 in production, usually found after deploy.

    ## Example
    ```python
    headers = {"Authorization": f"Bearer {KLAVIYO_PRIVATE_KEY}", "revision": "2026-10-15"}
    ```

    ## Use instead
    ```python
    headers = {"Authorization": f"Klaviyo-API-Key {KLAVIYO_PRIVATE_KEY}", "revision": "2026-10-15"}
    ```

    ## Fix safety
    For an `Authorization` value, the fix writes the right scheme: it replaces the word
    `Bearer` (or another scheme) in the string literal with `Klaviyo-API-Key`, or puts
    `Klaviyo-API-Key ` before a bare key (`"Klaviyo-API-Key " + KEY` for a name). It edits
    only the scheme, never the key, so no fix, diff or report ever holds the key. It is
    **safe**: Klaviyo answers a private key under any other scheme with 401. Keys under
    another header and SDK options are left to their author.
    """

    code = "KL015"
    name = "wrong-auth-scheme"
    summary = "A Klaviyo private key is sent with the wrong authorization scheme or header."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("correctness", "security")
    security_severity = "4.0"

    VALID = [
        Valid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=5, headers='
              '{"Authorization": f"Klaviyo-API-Key {KLAVIYO_PRIVATE_KEY}", "revision": "2026-10-15"})\n'),
        Valid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=5, headers='
              '{"Authorization": f"Bearer {access_token}", "revision": "2026-10-15"})\n', note="OAuth"),
        Valid('import requests\nrequests.get("https://example.com/x", timeout=5, '
              'headers={"Authorization": f"Bearer {API_KEY}"})  # klaviyo\n', note="not Klaviyo"),
        Valid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(access_token=token)\n"),

        Valid('await fetch("https://a.klaviyo.com/api/lists/", { signal, headers: '
              '{ Authorization: `Bearer ${accessToken}`, revision: "2026-10-15" } });\n', filename="a.ts"),
    ]
    INVALID = [
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=5, headers='
                '{"Authorization": f"Bearer {KLAVIYO_PRIVATE_KEY}", "revision": "2026-10-15"})\n',
                line=2, column=87, end_line=2, end_column=118,
                message="a private key is sent with the 'Bearer' scheme (for OAuth tokens); use 'Klaviyo-API-Key <key>'",
                fixed=('import requests\n'
                       'requests.get("https://a.klaviyo.com/api/lists/", timeout=5, headers={"Authorization": f"Klaviyo-API-Key {KLAVIYO_PRIVATE_KEY}", "revision": "2026-10-15"})\n')),
        Invalid('import requests\nH = {"Authorization": settings.KLAVIYO_API_KEY, "revision": "2026-10-15"}\n'
                'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n',
                line=2, column=23, end_line=2, end_column=47,
                message="the private key is sent bare; Klaviyo expects 'Authorization: Klaviyo-API-Key <key>'",
                fixed=('import requests\n'
                       'H = {"Authorization": "Klaviyo-API-Key " + settings.KLAVIYO_API_KEY, "revision": "2026-10-15"}\n'
                       'requests.get("https://a.klaviyo.com/api/lists/", headers=H, timeout=5)\n')),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/lists/", timeout=5, '
                'headers={"X-Api-Key": KEY, "revision": "2026-10-15"})\n',
                line=2, column=70, end_line=2, end_column=81,
                message="Klaviyo ignores the 'X-Api-Key' header; send the key as 'Authorization: Klaviyo-API-Key <key>'"),
        Invalid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(access_token=KLAVIYO_PRIVATE_KEY)\n",
                line=2, column=29, end_line=2, end_column=48,
                message="access_token is sent as 'Bearer' (OAuth); pass a private key as api_key so it is sent as 'Klaviyo-API-Key'"),

        Invalid('await fetch("https://a.klaviyo.com/api/lists/", { signal, headers: '
                '{ Authorization: `Bearer ${process.env.KLAVIYO_PRIVATE_KEY}`, revision: "2026-10-15" } });\n', filename="a.ts",
                line=1, column=85, end_line=1, end_column=128,
                message="a private key is sent with the 'Bearer' scheme (for OAuth tokens); use 'Klaviyo-API-Key <key>'",
                fixed='await fetch("https://a.klaviyo.com/api/lists/", { signal, headers: { Authorization: `Klaviyo-API-Key ${process.env.KLAVIYO_PRIVATE_KEY}`, revision: "2026-10-15" } });\n'),
        Invalid('import { OAuthBasicSession } from "klaviyo-api";\nnew OAuthBasicSession(KLAVIYO_API_KEY);\n', filename="a.ts",
                line=2, column=23, end_line=2, end_column=38,
                message="OAuthBasicSession sends its token as 'Bearer'; wrap a private key in ApiKeySession so it is sent as 'Klaviyo-API-Key'"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        seen: set[object] = set()
        for call, _url in klaviyo_calls(ctx):
            entries = [item for option in alternatives(call.headers) if isinstance(option, DictValue)
                       for item in option.entries.items()]
            for name, entry in entries:
                target = entry.value_node if name.lower() == "authorization" else entry.key_node
                if target is None or node_key(target) in seen:
                    continue
                value = entry.value
                if isinstance(value, Unknown) and value.hint:
                    value = StrValue((Hole(value.hint),))
                if name.lower() == "authorization" and isinstance(value, StrValue):
                    problem = auth_problem(value)
                elif name.lower() in _KEY_HEADER_NAMES:
                    problem = (f"Klaviyo ignores the '{name}' header; send the key as "
                               "'Authorization: Klaviyo-API-Key <key>'")
                else:
                    problem = None
                if problem:
                    seen.add(node_key(target))
                    fix = _scheme_fix(ctx, entry.value_node, value) if name.lower() == "authorization" else None
                    yield Report(span(ctx, target), problem, fix=fix)
        sem = semantics(ctx)
        for value, node in sdk_option_values(sem, sem.sdk.oauth_token):
            if looks_private(value):
                yield Report(span(ctx, node), sem.sdk.oauth_token_message)


_SCHEME_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?=\s)")
_START_RE = re.compile(r"")


def _scheme_fix(ctx: FileContext, value_node, value):
    """`Bearer <key>` → `Klaviyo-API-Key <key>`; `<key>` → `Klaviyo-API-Key <key>`: only the
    scheme is written, never the key."""
    sem = semantics(ctx)
    literal = value.nodes[0] if isinstance(value, StrValue) and value.nodes else None
    if _SCHEME_RE.match(value.prefix()):
        edits = sem.replace_in_string(literal, _SCHEME_WORD_RE, "Klaviyo-API-Key", at_start=True) if literal else None
    elif literal is not None:
        edits = sem.replace_in_string(literal, _START_RE, "Klaviyo-API-Key ", at_start=True)
    else:
        edits = sem.prefix_string(value_node, "Klaviyo-API-Key ")
    return make_fix("send the key as 'Klaviyo-API-Key <key>'", SAFE, edits)
