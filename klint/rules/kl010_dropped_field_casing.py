from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import semantics, span, walk_dicts
from klint.rules.fixing import SAFE, make_fix


class DroppedFieldCasing(Rule):
    """
    ## What it does
    Finds body keys the SDK silently drops because of their casing: camelCase keys such as
    `uniqueId`, `phoneNumber`, `externalId`, `firstName` in bodies passed to the Python SDK
    (which wants snake_case), and snake_case keys such as `unique_id` or `phone_number` in
    bodies passed to the Node SDK 6+ (which wants camelCase). Custom `properties` are free-form
    and never reported.

    ## Why is this bad?
    No error is raised: the field just never reaches Klaviyo. A dropped `unique_id` means
    duplicate events; a dropped `phone_number` means no SMS profile.

    ## Example
    ```python
    klaviyo.Profiles.create_or_update_profile({"data": {"type": "profile",
        "attributes": {"email": email, "phoneNumber": phone}}})
    ```

    ## Use instead
    ```python
    klaviyo.Profiles.create_or_update_profile({"data": {"type": "profile",
        "attributes": {"email": email, "phone_number": phone}}})
    ```

    ## Fix safety
    The fix renames the key to the spelling the SDK sends (`uniqueId` → `unique_id` in Python,
    `phone_number` → `phoneNumber` in Node; a shorthand `{ phone_number }` becomes
    `{ phoneNumber: phone_number }`). It is **safe**: the key as written never reached
    Klaviyo, so the fix sends what the code obviously meant to send. There is no fix when the
    right spelling is already in the same body.
    """

    code = "KL010"
    name = "dropped-field-casing"
    summary = "An SDK body key has the wrong casing for that SDK and is silently dropped."
    severity = Severity.ERROR
    frontends = ("code",)
    triggers = (b"klaviyo",)
    tags = ("correctness",)

    VALID = [
        Valid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
              'k.Profiles.create_or_update_profile({"data": {"type": "profile", "attributes": '
              '{"phone_number": p, "properties": {"favoriteColor": "red"}}}})\n',
              note="custom properties are free-form"),
        Valid('import requests\nbody = {"uniqueId": 1}  # klaviyo, not an SDK body\n'),

        Valid('import { ProfilesApi } from "klaviyo-api";\nconst p = new ProfilesApi(s);\n'
              'await p.createOrUpdateProfile({ data: { type: "profile", attributes: { phoneNumber: n, '
              'properties: { loyalty_tier: "gold" } } } });\n', filename="a.ts"),
        Valid('import { ConfigWrapper, Profiles } from "klaviyo-api";\nConfigWrapper(key);\n'
              'Profiles.createProfile({ data: { type: "profile", attributes: { phone_number: n } } });\n',
              filename="a.js", note="Node SDK <=5 (ConfigWrapper) wants snake_case"),
    ]
    INVALID = [
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'k.Profiles.update_profile(pid, {"data": {"type": "profile", "id": pid, '
                '"attributes": {"firstName": "Ada"}}})\n',
                line=3, column=87, end_line=3, end_column=98,
                message="the Python SDK silently drops 'firstName'; write 'first_name'",
                note="an update takes the id first and the body second"),
        Invalid('import { ProfilesApi } from "klaviyo-api";\nconst p = new ProfilesApi(s);\n'
                'await p.updateProfile(id, { data: { type: "profile", id, attributes: { first_name: "Ada" } } });\n',
                filename="a.ts", line=3, column=72, end_line=3, end_column=82,
                message="the Node SDK (6+) silently drops 'first_name'; write 'firstName'",
                note="an update takes the id first and the body second"),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'k.Profiles.create_or_update_profile({"data": {"type": "profile", "attributes": '
                '{"email": e, "phoneNumber": p}}})\n',
                line=3, column=93, end_line=3, end_column=106,
                message="the Python SDK silently drops 'phoneNumber'; write 'phone_number'",
                fixed=('from klaviyo_api import KlaviyoAPI\n'
                       'k = KlaviyoAPI(key)\n'
                       'k.Profiles.create_or_update_profile({"data": {"type": "profile", "attributes": {"email": e, "phone_number": p}}})\n')),
        Invalid('from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key)\n'
                'attrs = {"properties": {}, "uniqueId": oid, "metric": m, "profile": p}\n'
                'k.Events.create_event({"data": {"type": "event", "attributes": attrs}})\n',
                line=3, column=28, end_line=3, end_column=38,
                message="the Python SDK silently drops 'uniqueId'; write 'unique_id'"),

        Invalid('import { ProfilesApi } from "klaviyo-api";\nconst p = new ProfilesApi(s);\n'
                'await p.createOrUpdateProfile({ data: { type: "profile", attributes: { phone_number: n } } });\n', filename="a.ts",
                line=3, column=72, end_line=3, end_column=84,
                message="the Node SDK (6+) silently drops 'phone_number'; write 'phoneNumber'",
                fixed=('import { ProfilesApi } from "klaviyo-api";\n'
                       'const p = new ProfilesApi(s);\n'
                       'await p.createOrUpdateProfile({ data: { type: "profile", attributes: { phoneNumber: n } } });\n')),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        seen: set[tuple[int, int]] = set()
        for call in sem.sdk_calls:
            for mapping in walk_dicts(call.body, skip_keys=frozenset({"properties"})):
                for key, entry in mapping.entries.items():
                    right = sem.sdk.dropped_key(key)
                    where = span(ctx, entry.key_node) if entry.key_node is not None else None
                    if right and where is not None and (where.start_line, where.start_col) not in seen:
                        seen.add((where.start_line, where.start_col))
                        fix = None if right in mapping.entries else make_fix(
                            f"rename '{key}' to '{right}'", SAFE, sem.rename_key(entry.key_node, right))
                        yield Report(where, f"the {sem.sdk.sdk} silently drops '{key}'; write '{right}'", fix=fix)
