from __future__ import annotations

import re
from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import each_url, handles_conflict, klaviyo_calls, semantics, span
from klint.rules.fixing import UNSAFE, make_fix

_PROFILES_SEGMENT_RE = re.compile(r"(?<=/)profiles(?=/?(?:[?#]|$))")


class CreateInsteadOfUpsert(Rule):
    """
    ## What it does
    Finds profile creation that is not an upsert: `Profiles.create_profile(…)` on a
    `KlaviyoAPI` client (a module global, `self.client`, or an argument annotated `KlaviyoAPI`),
    and raw `POST /api/profiles/`. The upserts — `create_or_update_profile` and its alias
    `create_profile_import` — are fine, and so is a create whose function deals with 409
    Conflict (a `try` around it, or a status check: create first, update or ignore on conflict).

    ## Why is this bad?
    `create_profile` only creates. The second time a sync job meets the same email it fails
    with 409 Conflict, so a nightly sync breaks on its second run.

    ## Example
    ```python
    klaviyo.Profiles.create_profile(body)
    ```

    ## Use instead
    ```python
    klaviyo.Profiles.create_or_update_profile(body)  # POST /api/profile-import
    ```

    ## Fix safety
    The fix renames the call to the upsert (`create_or_update_profile`, `createOrUpdateProfile`)
    or, for a raw call whose URL is written in the call, points it at `/api/profile-import/`.
    It is **unsafe**: the request changes from create to upsert, so an existing profile is
    updated instead of refused, the response is 200 or 201 instead of 201 or 409, and the Node
    SDK's TypeScript body type changes (`ProfileUpsertQuery`).
    """

    code = "KL006"
    name = "create-instead-of-upsert"
    summary = "A profile is created with a create-only call where an upsert is usually meant."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("correctness",)

    VALID = [
        Valid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nk.Profiles.create_or_update_profile(body)\n"),
        Valid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nk.Profiles.create_profile_import(body)\n",
              note="the SDK's alias of the upsert"),
        Valid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nk.Profiles.create_push_token(body)\n"),
        Valid("# klaviyo\ndef create_profile(user):\n    return Profile.objects.create(user=user)\ncreate_profile(u)\n",
              note="an unrelated function of the same name"),
        Valid('import requests\nrequests.patch("https://a.klaviyo.com/api/profiles/01H/", json={}, timeout=5)\n'),
        Valid('import requests\nrequests.post("https://a.klaviyo.com/api/profile-import/", json={}, timeout=5)\n'),
        Valid("from klaviyo_api import KlaviyoAPI\nfrom openapi_client.exceptions import ApiException\n"
              "k = KlaviyoAPI(key)\ntry:\n    k.Profiles.create_profile(body)\nexcept ApiException as e:\n"
              "    if e.status != 409:\n        raise\n    k.Profiles.update_profile(pid, body)\n",
              note="409 handled: create, then update"),
        Valid('import { ProfilesApi } from "klaviyo-api";\nconst p = new ProfilesApi(s);\n'
              'try { await p.createProfile(body); } catch (e: any) {\n'
              '  if (e.response?.status !== 409) throw e;\n  await p.updateProfile(id, body);\n}\n',
              filename="a.ts", note="409 handled"),
        Valid('import httpx\n\ndef ensure_profile(email, headers):\n'
              '    r = httpx.post("https://a.klaviyo.com/api/profiles/", headers=headers, timeout=15,\n'
              '                   json={"data": {"type": "profile", "attributes": {"email": email}}})\n'
              '    if r.status_code not in (200, 201, 409):  # 409: already there\n'
              '        raise RuntimeError(r.text)\n', note="the function checks for 409"),

        Valid('import { ApiKeySession, ProfilesApi } from "klaviyo-api";\n'
              'const profiles = new ProfilesApi(new ApiKeySession(key));\n'
              'await profiles.createOrUpdateProfile(body);\n', filename="a.ts"),
        Valid('const db = require("./db");\ndb.createProfile(user); // klaviyo later\n', filename="a.js",
              note="not the SDK"),
        Valid('import { ProfilesApi } from "klaviyo-api";\nimport { store } from "./store";\n'
              'await store.createProfile(user);\n', filename="a.ts", note="another object's createProfile"),
        Valid('const BASE = "https://api.example.com/api";\nconst send = (path, body) => fetch(`${BASE}/${path}`, '
              '{ method: "POST", body: JSON.stringify(body), signal });\nsend("profiles/", p);\n', filename="a.js",
              note="a helper pointed at another host"),
    ]
    INVALID = [
        Invalid('const BASE = "https://a.klaviyo.com/api";\nconst send = (path, body) => fetch(`${BASE}/${path}`, '
                '{ method: "POST", body: JSON.stringify(body), signal });\nsend("profiles/", p);\n', filename="a.js",
                line=3, column=1, end_line=3, end_column=21,
                message="POST /api/profiles/ only creates and fails for an existing profile; POST /api/profile-import/ upserts",
                note="an arrow-function helper, at its call site"),
        Invalid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\nk.Profiles.create_profile(body)\n",
                line=3, column=1, end_line=3, end_column=32,
                message="Profiles.create_profile fails with 409 for an existing profile; use create_or_update_profile (an upsert) for syncs",
                fixed=('from klaviyo_api import KlaviyoAPI\n'
                       'k = KlaviyoAPI(key)\n'
                       'k.Profiles.create_or_update_profile(body)\n')),
        Invalid("from klaviyo_api import KlaviyoAPI\n\nclass Sync:\n    def __init__(self, key):\n"
                "        self.client = KlaviyoAPI(key)\n\n    def run(self, body):\n"
                "        return self.client.Profiles.create_profile(body=body)\n",
                line=8, column=16, end_line=8, end_column=62,
                message="Profiles.create_profile fails with 409 for an existing profile; use create_or_update_profile (an upsert) for syncs",
                note="client kept on self"),
        Invalid("import klaviyo_api\n\ndef push(client: klaviyo_api.KlaviyoAPI, body):\n"
                "    client.Profiles.create_profile(body)\n",
                line=4, column=5, end_line=4, end_column=41,
                message="Profiles.create_profile fails with 409 for an existing profile; use create_or_update_profile (an upsert) for syncs",
                note="annotated argument"),
        Invalid('import requests\nrequests.post("https://a.klaviyo.com/api/profiles/", json={}, timeout=5)\n',
                line=2, column=1, end_line=2, end_column=73,
                message="POST /api/profiles/ only creates and fails for an existing profile; POST /api/profile-import/ upserts",
                fixed=('import requests\n'
                       'requests.post("https://a.klaviyo.com/api/profile-import/", json={}, timeout=5)\n')),
        Invalid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n\ndef sync(body):\n"
                "    # TODO: this fails with 409 on the second run\n    k.Profiles.create_profile(body)\n",
                line=6, column=5, end_line=6, end_column=36,
                message="Profiles.create_profile fails with 409 for an existing profile; use create_or_update_profile (an upsert) for syncs",
                note="a comment about 409 handles nothing"),

        Invalid('import { ApiKeySession, ProfilesApi } from "klaviyo-api";\n'
                'const profiles = new ProfilesApi(new ApiKeySession(key));\n'
                'await profiles.createProfile(body);\n', filename="a.ts",
                line=3, column=7, end_line=3, end_column=35,
                message="createProfile fails with 409 for an existing profile; use createOrUpdateProfile (an upsert) for syncs",
                fixed=('import { ApiKeySession, ProfilesApi } from "klaviyo-api";\n'
                       'const profiles = new ProfilesApi(new ApiKeySession(key));\n'
                       'await profiles.createOrUpdateProfile(body);\n')),
        Invalid('const { ProfilesApi } = require("klaviyo-api");\nclass Sync {\n'
                '  constructor(session) { this.api = new ProfilesApi(session); }\n'
                '  run(body) { return this.api?.createProfile(body); }\n}\n', filename="a.js",
                line=4, column=22, end_line=4, end_column=51,
                message="createProfile fails with 409 for an existing profile; use createOrUpdateProfile (an upsert) for syncs",
                note="CommonJS, receiver on this, optional chaining"),
        Invalid('import { Profiles } from "klaviyo-api";\nawait Profiles.createProfile(body);\n', filename="a.mts",
                line=2, column=7, end_line=2, end_column=35,
                message="createProfile fails with 409 for an existing profile; use createOrUpdateProfile (an upsert) for syncs",
                note="global singleton"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        for call in sem.sdk_calls:
            if call.via_helper:  # the create is reported once, where it is written
                continue
            if call.group == "Profiles" and call.method in sem.sdk.create_profile and not handles_conflict(ctx, call):
                yield Report(span(ctx, call.node),
                             f"{sem.sdk.create_profile_label} fails with 409 for an existing profile; use "
                             f"{sem.sdk.upsert_profile} (an upsert) for syncs",
                             fix=make_fix(f"call {sem.sdk.upsert_profile}", UNSAFE,
                                          sem.rename_method(call.node, sem.sdk.upsert_profile)))
        for call, _url in klaviyo_calls(ctx, through_helpers=True):
            creates = any(url.path_complete and klaviyo.CREATE_PROFILE_PATH_RE.match(url.path)
                          for url in each_url(call))
            if call.method == "POST" and creates and not handles_conflict(ctx, call):
                yield Report(span(ctx, call.node),
                             "POST /api/profiles/ only creates and fails for an existing profile; "
                             "POST /api/profile-import/ upserts", fix=_profile_import_fix(ctx, call))


def _profile_import_fix(ctx: FileContext, call):
    """`…/api/profiles/` → `…/api/profile-import/` in a URL literal written in the call itself
    (a URL constant may serve other calls too)."""
    if call.via_helper:  # the URL is built inside the helper, for every caller
        return None
    sem = semantics(ctx)
    where = span(ctx, call.node)
    for node in getattr(call.url, "nodes", ()):
        # None for a literal of another module (imported): never ask its span of this file
        edits = sem.replace_in_string(node, _PROFILES_SEGMENT_RE, "profile-import")
        if edits and all(where.contains(edit.span) for edit in edits):
            return make_fix("POST to /api/profile-import/ (an upsert)", UNSAFE, edits)
    return None
