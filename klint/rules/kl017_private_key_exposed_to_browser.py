from __future__ import annotations

import re
from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import Hole, ModuleRef, StrValue, Unknown, Value, alternatives
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import header_entries, klaviyo_calls, node_key, sdk_option_values, semantics, span

_PUBLIC_KEY_RE = re.compile(r"^[A-Za-z0-9]{6}$")  # the company id: public by design
_WHY = "bundlers inline it into the browser code, where every visitor can read it"


def _public_variable(value: Value) -> str | None:
    """The browser-public environment variable a value is read from, if it is one."""
    for option in alternatives(value):
        if isinstance(option, Unknown):
            hints = [option.hint]
        elif isinstance(option, ModuleRef):  # `process.env.NEXT_PUBLIC_X`, `$env/static/public.PUBLIC_X`
            hints = [option.qualname]
        elif isinstance(option, StrValue):
            hints = [part.hint for part in option.parts if isinstance(part, Hole)]
        else:
            hints = []
        for hint in hints:
            variable = klaviyo.public_env_variable(hint)
            if variable:
                return variable
    return None


class PrivateKeyExposedToBrowser(Rule):
    """
    ## What it does
    Finds Klaviyo private keys that end up in browser code:
    - a private key read from an environment variable that bundlers inline into the client
      bundle — `NEXT_PUBLIC_*`, `VITE_*` (`import.meta.env.VITE_*`), `REACT_APP_*`,
      `EXPO_PUBLIC_*`, `NUXT_PUBLIC_*`, `GATSBY_*`, SvelteKit's `$env/static/public` /
      `PUBLIC_*` — and used as a private key (`Authorization: Klaviyo-API-Key …`,
      `new ApiKeySession(…)`, `KlaviyoAPI(…)`);
    - a `.env*` line that gives such a variable a `pk_…` value (shown redacted) or a name that
      says it is Klaviyo's private key (`NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY`, `VITE_KLAVIYO_API_KEY`);
    - a private-key call to `/api/…` in client code (a `"use client"` module, a `.vue` or
      `.svelte` component).

    ## Why is this bad?
    Whatever such a variable holds is written into the JavaScript every visitor downloads. A
    private key reads and writes the whole account: profiles, lists, campaigns. In the browser
    only the public key (the 6-character company id, for the `/client/` endpoints) belongs.

    ## Example
    ```ts
    const session = new ApiKeySession(process.env.NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY!);
    ```

    ## Use instead
    ```ts
    // server code only (an API route, a server action):
    const session = new ApiKeySession(process.env.KLAVIYO_PRIVATE_KEY!);
    // in the browser: the /client/ endpoints with the public key
    fetch(`https://a.klaviyo.com/client/subscriptions/?company_id=${process.env.NEXT_PUBLIC_KLAVIYO_COMPANY_ID}`, …);
    ```
    """

    code = "KL017"
    name = "private-key-exposed-to-browser"
    summary = "A Klaviyo private key is exposed to browser code."
    severity = Severity.ERROR
    frontends = ("code", "dotenv")
    triggers = (b"klaviyo", b"pk_")
    # Every report names Klaviyo or a browser-public variable: `pk_` alone is Django's `pk_url_kwarg`.
    context = (b"klaviyo", b"next_public_", b"vite_", b"react_app_", b"expo_public_", b"nuxt_public_", b"gatsby_",
               b"public_")
    tags = ("security",)
    security_severity = "9.0"

    VALID = [
        Valid("NEXT_PUBLIC_KLAVIYO_API_KEY=XyZ123\n", filename=".env", note="six characters: the public company id"),
        Valid('import { ApiKeySession } from "klaviyo-api";\nnew ApiKeySession(process.env.KLAVIYO_PRIVATE_KEY!);\n',
              filename="a.ts", note="a server-only variable"),
        Valid('fetch(`https://a.klaviyo.com/client/subscriptions/?company_id=${process.env.NEXT_PUBLIC_KLAVIYO_COMPANY_ID}`, '
              '{ method: "POST", signal });\n', filename="a.ts", note="the public key, where it belongs"),
        Valid("NEXT_PUBLIC_KLAVIYO_PUBLIC_KEY=AbC123\nKLAVIYO_PRIVATE_KEY=pk_3881b23b480384538106a6dffaac0b55fb\n",
              filename=".env.local", note="public key public, private key private (KL001's business)"),
        Valid("VITE_STRIPE_PUBLISHABLE_KEY=pk_live_51Habc\n", filename=".env", note="not Klaviyo"),
        Valid('"use client";\nexport const subscribe = (email: string) => fetch('
              '"https://a.klaviyo.com/client/subscriptions/?company_id=AbC123", { method: "POST", signal });\n',
              filename="form.tsx", note="client code calling /client/ with the public key"),
    ]
    INVALID = [
        Invalid('import { ApiKeySession } from "klaviyo-api";\n'
                'const session = new ApiKeySession(process.env.NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY!);\n',
                filename="lib/klaviyo.ts", line=2, column=35, end_line=2, end_column=79,
                message="the private key is read from NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY: bundlers inline it into "
                        "the browser code, where every visitor can read it; keep it in a server-only variable"),
        Invalid('const r = await fetch("https://a.klaviyo.com/api/profiles/", { signal, headers: {\n'
                '  Authorization: `Klaviyo-API-Key ${import.meta.env.VITE_KLAVIYO_KEY}`, revision: "2026-10-15" } });\n',
                filename="src/api.ts", line=2, column=18, end_line=2, end_column=71,
                message="the private key is read from VITE_KLAVIYO_KEY: bundlers inline it into the browser "
                        "code, where every visitor can read it; keep it in a server-only variable"),
        Invalid("NEXT_PUBLIC_KLAVIYO_KEY=pk_3881b23b480384538106a6dffaac0b55fb\n", filename=".env.production",
                line=1, column=25, end_line=1, end_column=62,
                message="NEXT_PUBLIC_KLAVIYO_KEY holds the private key pk_3881…55fb: bundlers inline it into the "
                        "browser code, where every visitor can read it; revoke it and keep it in a server-only "
                        "variable"),
        Invalid("VITE_KLAVIYO_API_KEY=${KLAVIYO_KEY}\n", filename=".env", line=1, column=1, end_line=1, end_column=21,
                message="VITE_KLAVIYO_API_KEY is named as Klaviyo's private key: bundlers inline it into the "
                        "browser code, where every visitor can read it; keep it in a server-only variable"),
        Invalid('<script setup lang="ts">\nconst lists = () => fetch("https://a.klaviyo.com/api/lists/", { signal, '
                'headers: { Authorization: `Klaviyo-API-Key ${key}`, revision: "2026-10-15" } });\n</script>\n',
                filename="Lists.vue", line=2, column=21, end_line=2, end_column=152,
                message="a private-key call to Klaviyo's /api/ from browser code exposes the key to every "
                        "visitor; make it from server code"),
        Invalid("KLAVIYO_PRIVATE_KEY=pk_3881b23b480384538106a6dffaac0b55fb\n"
                "NEXT_PUBLIC_KLAVIYO_KEY=pk_3881b23b480384538106a6dffaac0b55fb\n", filename=".env.local",
                line=2, column=25, end_line=2, end_column=62,
                message="NEXT_PUBLIC_KLAVIYO_KEY holds the private key pk_3881…55fb: bundlers inline it into the "
                        "browser code, where every visitor can read it; revoke it and keep it in a server-only "
                        "variable",
                note="the server-only copy is KL001's business; the public copy is exposed"),
        Invalid('import { ApiKeySession } from "klaviyo-api";\n'
                'export const session = new ApiKeySession(process.env.NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY!);\n'
                'const headers = { Authorization: `Klaviyo-API-Key ${process.env.NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY}`, '
                'revision: "2026-10-15" };\n'
                'export const lists = () => fetch("https://a.klaviyo.com/api/lists/", { signal, headers });\n'
                'export const metrics = () => fetch("https://a.klaviyo.com/api/metrics/", { signal, headers });\n',
                filename="lib/klaviyo.ts", line=2, column=42, end_line=2, end_column=86,
                message="the private key is read from NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY: bundlers inline it into "
                        "the browser code, where every visitor can read it; keep it in a server-only variable",
                count=2, note="the SDK session and the headers both calls share: each place once"),
        Invalid('"use client";\nasync function fetchTwice(url: string, init: RequestInit) {\n'
                '  const res = await fetch(url, init);\n  return res.ok ? res : fetch(url, init);\n}\n'
                'export const lists = () => fetchTwice("https://a.klaviyo.com/api/lists/", { signal, headers: '
                '{ Authorization: `Klaviyo-API-Key ${key}`, revision: "2026-10-15" } });\n'
                'export const weather = () => fetchTwice("https://api.example.com/today", { signal });\n',
                filename="app/lists.tsx", line=6, column=28, end_line=6, end_column=164,
                message="a private-key call to Klaviyo's /api/ from browser code exposes the key to every "
                        "visitor; make it from server code",
                note="through a helper that calls fetch twice: once, where the helper is called"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        if "dotenv" in ctx.kinds:
            yield from self._check_dotenv(ctx)
        if "code" in ctx.kinds:
            yield from self._check_code(ctx)

    def _check_dotenv(self, ctx: FileContext) -> Iterable[Report]:
        for entry in ctx.dotenv:
            if not klaviyo.PUBLIC_ENV_PREFIX_RE.match(entry.name):
                continue
            keys = klaviyo.find_private_keys(entry.value)
            if keys:
                yield Report(entry.value_span, f"{entry.name} holds the private key "
                                               f"{klaviyo.redact_key(keys[0].group())}: {_WHY}; revoke it and "
                                               "keep it in a server-only variable")
            elif klaviyo.names_klaviyo_private_key(entry.name) and not _PUBLIC_KEY_RE.match(entry.value):
                yield Report(entry.name_span, f"{entry.name} is named as Klaviyo's private key: {_WHY}; keep it "
                                              "in a server-only variable")

    def _check_code(self, ctx: FileContext) -> Iterable[Report]:
        if "klaviyo" not in ctx.text.lower() and not klaviyo.PUBLIC_ENV_PREFIX_RE.search(ctx.text):
            return  # a code report reads a public variable or calls Klaviyo: neither is here
        sem = semantics(ctx)
        reported: set[object] = set()
        uses = [(value, node) for value, node in sdk_option_values(sem, sem.sdk.private_key)]
        client_calls = []
        for call, url in klaviyo_calls(ctx):
            entries = header_entries(call.headers, "authorization")
            keyed = [entry for entry in entries if isinstance(entry.value, StrValue)
                     and klaviyo.PRIVATE_KEY_SCHEME_RE.match(entry.value.prefix())]
            uses += [(entry.value, entry.value_node) for entry in keyed]
            if keyed and sem.is_client_code and url.is_api:
                client_calls.append(call)
        for value, node in uses:
            variable = _public_variable(value)
            if variable and node is not None and node_key(node) not in reported:
                reported.add(node_key(node))
                yield Report(span(ctx, node), f"the private key is read from {variable}: {_WHY}; keep it in a "
                                              "server-only variable")
        for call in client_calls:
            if node_key(call.node) not in reported:
                reported.add(node_key(call.node))
                yield Report(span(ctx, call.node), "a private-key call to Klaviyo's /api/ from browser code "
                                                   "exposes the key to every visitor; make it from server code")
