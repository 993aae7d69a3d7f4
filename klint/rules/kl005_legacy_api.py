from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import StrValue
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import each_url, klaviyo_calls, node_key, semantics, span


class LegacyApi(Rule):
    """
    ## What it does
    Finds use of Klaviyo's retired v1/v2 APIs: imports of the legacy Python libraries
    (`klaviyo`, `klaviyo_sdk`), URLs of retired endpoints (`/api/v1/…`, `/api/v2/…`,
    `/api/track`, `/api/identify`) in calls or string literals, and (in manifests) the legacy
    packages declared as dependencies. The current SDK, `klaviyo_api`, is fine, and so is
    `import klaviyo` when the project has its own `klaviyo.py` or `klaviyo/` package beside the
    file or in a folder above it (up to the project root): that is the module Python imports.

    ## Why is this bad?
    The v1/v2 APIs were retired on 30 June 2024: every call returns 410 Gone and the data is
    dropped. The legacy libraries only speak those APIs.

    ## Example
    ```python
    import klaviyo
    client = klaviyo.Klaviyo(public_token=PUBLIC, private_token=PRIVATE)
    client.Public.track("Placed Order", email=email)
    ```

    ## Use instead
    ```python
    from klaviyo_api import KlaviyoAPI
    KlaviyoAPI(os.environ["KLAVIYO_PRIVATE_KEY"]).Events.create_event(body)
    ```
    """

    code = "KL005"
    name = "legacy-api"
    summary = "Code uses Klaviyo's retired v1/v2 APIs or a legacy library."
    severity = Severity.ERROR
    frontends = ("code", "manifest")
    triggers = (b"klaviyo",)
    tags = ("correctness",)

    VALID = [
        Valid("from klaviyo_api import KlaviyoAPI\nimport klaviyo_api.wrapper\n"),
        Valid('import requests\nrequests.get("https://a.klaviyo.com/api/tracking-settings/", timeout=5)\n',
              note="/api/tracking-settings is current"),
        Valid("from myapp import klaviyo\nfrom .klaviyo import sync\n", note="local modules"),
        Valid('URL = "https://www.klaviyo.com/docs/v2/guide"\n', note="not an API host path"),
        Valid('def sync():\n    """Replaces https://a.klaviyo.com/api/v2/list/X/members (retired)."""\n',
              note="a docstring is prose"),
        Valid("klaviyo-api==25.0.0\nklaviyo-helpers==1.0\n", filename="requirements.txt"),
        Valid('{"dependencies": {"klaviyo": "0.0.0"}}', filename="package.json",
              note="npm's `klaviyo` is an unrelated placeholder, not the legacy SDK"),

        Valid('import { ProfilesApi } from "klaviyo-api";\n', filename="a.ts"),
        Valid('const k = require("./klaviyo");\n', filename="a.js", note="a local module"),
        Valid('import requests\n\ndef metric_url(mid):\n    return "https://api.example.com/api/v1/metric/%s" % mid\n\n'
              'requests.get(metric_url(1), timeout=5)\n', note="a URL builder for another host"),
    ]
    INVALID = [
        Invalid('import requests\n\ndef metric_url(mid):\n    return "{}/metric/{}/export".format(BASE, mid)\n\n'
                'BASE = "https://a.klaviyo.com/api/v1"\nrequests.get(metric_url(1), timeout=5)\n',
                line=6, column=8, end_line=6, end_column=38,
                message="/api/v1 is a retired Klaviyo v1/v2 endpoint (410 Gone since July 2024); use the current API (e.g. POST /api/events/, /api/profile-import/)", count=2,
                note="a v1 base with no trailing slash"),
        Invalid("import klaviyo\nclient = klaviyo.Klaviyo(public_token=P, private_token=K)\n",
                line=1, column=8, end_line=1, end_column=15,
                message="'klaviyo' is the legacy Klaviyo library (klaviyo) for the v1/v2 APIs retired in 2024; use klaviyo-api"),
        Invalid("from klaviyo import Klaviyo\n",
                line=1, column=1, end_line=1, end_column=28,
                message="'klaviyo' is the legacy Klaviyo library (klaviyo) for the v1/v2 APIs retired in 2024; use klaviyo-api"),
        Invalid("import klaviyo_sdk\nc = klaviyo_sdk.Client(key)\n",
                line=1, column=8, end_line=1, end_column=19,
                message="'klaviyo_sdk' is the legacy Klaviyo library (klaviyo-sdk) for the v1/v2 APIs retired in 2024; use klaviyo-api"),
        Invalid("from klaviyo_sdk import Client as K\n",
                line=1, column=1, end_line=1, end_column=36,
                message="'klaviyo_sdk' is the legacy Klaviyo library (klaviyo-sdk) for the v1/v2 APIs retired in 2024; use klaviyo-api"),
        Invalid('import requests\nrequests.get("https://a.klaviyo.com/api/track", params={"data": d}, timeout=5)\n',
                line=2, column=14, end_line=2, end_column=47,
                message="/api/track is a retired Klaviyo v1/v2 endpoint (410 Gone since July 2024); use the current API (e.g. POST /api/events/, /api/profile-import/)"),
        Invalid('import requests\nBASE = "https://a.klaviyo.com/api"\n'
                'requests.post(f"{BASE}/v2/list/{list_id}/members", json=body, timeout=5)\n',
                line=3, column=1, end_line=3, end_column=73,
                message="/api/v2/list/… is a retired Klaviyo v1/v2 endpoint (410 Gone since July 2024); use the current API (e.g. POST /api/events/, /api/profile-import/)",
                note="endpoint assembled from parts"),
        Invalid('LIST_URL = "https://a.klaviyo.com/api/v2/list/{}/subscribe"\n',
                line=1, column=12, end_line=1, end_column=60,
                message="/api/v2/list/{}/subscribe is a retired Klaviyo v1/v2 endpoint (410 Gone since July 2024); use the current API (e.g. POST /api/events/, /api/profile-import/)"),
        Invalid("requests==2.32.5\nklaviyo==3.1.7\n", filename="requirements.txt",
                line=2, column=1, end_line=2, end_column=15,
                message="'klaviyo' is a legacy Klaviyo library for the v1/v2 APIs retired in 2024; depend on klaviyo-api instead"),
        Invalid('[tool.poetry.dependencies]\nklaviyo-sdk = "^1.0"\n', filename="pyproject.toml",
                line=2, column=1, end_line=2, end_column=21,
                message="'klaviyo-sdk' is a legacy Klaviyo library for the v1/v2 APIs retired in 2024; depend on klaviyo-api instead"),
        Invalid('{"dependencies": {"node-klaviyo": "1.1.3"}}', filename="package.json",
                line=1, column=19, end_line=1, end_column=42,
                message="'node-klaviyo' is a legacy Klaviyo library for the v1/v2 APIs retired in 2024; depend on klaviyo-api instead"),
        Invalid('{"dependencies": {"klaviyo-sdk": "20220330.0.0"}}', filename="package.json",
                line=1, column=19, end_line=1, end_column=48,
                message="'klaviyo-sdk' is a legacy Klaviyo library for the v1/v2 APIs retired in 2024; depend on klaviyo-api instead"),

        Invalid('const Klaviyo = require("node-klaviyo");\n', filename="a.js",
                line=1, column=17, end_line=1, end_column=40,
                message="'node-klaviyo' is the legacy Klaviyo library (node-klaviyo) for the v1/v2 APIs retired in 2024; use klaviyo-api"),
        Invalid('import { Client } from "klaviyo-sdk";\n', filename="a.ts",
                line=1, column=1, end_line=1, end_column=38,
                message="'klaviyo-sdk' is the legacy Klaviyo library (klaviyo-sdk) for the v1/v2 APIs retired in 2024; use klaviyo-api"),
        Invalid('await fetch(`https://a.klaviyo.com/api/track?data=${payload}`);\n', filename="a.mjs",
                line=1, column=13, end_line=1, end_column=62,
                message="/api/track is a retired Klaviyo v1/v2 endpoint (410 Gone since July 2024); use the current API (e.g. POST /api/events/, /api/profile-import/)"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        if "manifest" in ctx.kinds:
            yield from self._check_manifest(ctx)
        if "code" in ctx.kinds:
            yield from self._check_code(ctx)

    def _check_manifest(self, ctx: FileContext) -> Iterable[Report]:
        for declaration in ctx.manifest:
            legacy = (klaviyo.LEGACY_PYPI_DISTRIBUTIONS if declaration.ecosystem == "pypi"
                      else klaviyo.LEGACY_NODE_PACKAGES)
            if declaration.name in legacy:
                yield Report(declaration.span,
                             f"'{declaration.name}' is a legacy Klaviyo library for the v1/v2 APIs "
                             "retired in 2024; depend on klaviyo-api instead")

    def _check_code(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        for module, node in sem.imports:
            legacy = sem.sdk.legacy_import(module)
            if legacy and not sem.is_project_module(module):
                top, package = legacy
                yield Report(span(ctx, node),
                             f"'{top}' is the legacy Klaviyo library ({package}) for the v1/v2 APIs "
                             "retired in 2024; use klaviyo-api")
        reported: set[object] = set()
        for node, site in sem.klaviyo_strings:
            value = sem.evaluate(node, site)
            url = klaviyo.parse_klaviyo_url(value.prefix(), value.text is not None) \
                if isinstance(value, StrValue) else None
            if url is not None and url.is_legacy:
                reported.add(node_key(node))
                yield Report(span(ctx, node), _message(url))
        for call, _url in klaviyo_calls(ctx, through_helpers=True):
            literals = call.url.nodes if isinstance(call.url, StrValue) else ()
            legacy = next((url for url in each_url(call) if url.is_legacy), None)
            if legacy is not None and not any(node_key(n) in reported for n in literals):
                yield Report(span(ctx, call.node), _message(legacy))


def _message(url: klaviyo.KlaviyoUrl) -> str:
    return (f"{url.shown_path if url.path else '/api'} is a retired Klaviyo v1/v2 endpoint (410 Gone since July 2024); "
            "use the current API (e.g. POST /api/events/, /api/profile-import/)")
