from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid


class HardcodedPrivateKey(Rule):
    """
    ## What it does
    Finds Klaviyo private API keys written into any text file: source code, comments, `.env`
    files, YAML, JSON, TOML, notebooks. Both formats are recognised: the legacy `pk_` + 34
    lowercase hex characters, and the 2026 format `pk_` + 6-character company id + `_` + 34 hex.

    Stripe's publishable keys (`pk_live_…`, `pk_test_…`), placeholders (`pk_xxx…`,
    `pk_your_key`, `pk_000…`) and identifiers such as `pk_id` are not reported.
    The key is never printed in full: findings show it redacted (`pk_3f9a…9c2e`).

    ## Why is this bad?
    A private key grants API access to the whole Klaviyo account: profiles, consent, campaigns.
    Once committed it lives in every clone and in the history, and must be revoked.

    ## Example
    ```python
    client = KlaviyoAPI("pk_3f9a…9c2e")  # the full 37-character key, pasted in
    ```

    ## Use instead
    ```python
    client = KlaviyoAPI(os.environ["KLAVIYO_PRIVATE_KEY"])
    ```
    Then revoke the exposed key in Klaviyo (Settings → API keys) and create a new one.
    """

    code = "KL001"
    name = "hardcoded-private-key"
    summary = "A Klaviyo private API key is hard-coded in a file."
    severity = Severity.ERROR
    frontends = ("text",)
    triggers = (klaviyo.PRIVATE_KEY_PREFIX,)
    tags = ("security", "external/cwe/cwe-798")
    precision = "very-high"
    security_severity = "9.0"

    VALID = [
        Valid('client = KlaviyoAPI(os.environ["KLAVIYO_PRIVATE_KEY"])'),
        Valid('STRIPE_PUBLISHABLE = "pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef"',
              note="Stripe publishable key"),
        Valid('stripe_key = "pk_test_0123456789abcdef0123456789abcdef01"',
              note="Stripe test key with a hex-looking body"),
        Valid('KEY = "pk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', note="placeholder"),
        Valid('KEY = "pk_your_key"', note="placeholder"),
        Valid('KEY = "pk_0000000000000000000000000000000000"', note="all-zero placeholder"),
        Valid('KEY = "pk_0123456789abcdef0123456789abcdef01"', note="counting placeholder"),
        Valid('KLAVIYO_PRIVATE_KEY=pk_1234567890abcdef1234567890abcdef12\n', filename=".env.example",
              note="a repeated unit is a placeholder"),
        Valid("def get(pk_id):\n    return Profile.objects.get(pk=pk_id)", note="identifier"),
        Valid('KEY = "pk_3881B23B480384538106A6DFFAAC0B55FB"', note="upper-case: not Klaviyo"),
        Valid('token = "xpk_3881b23b480384538106a6dffaac0b55fb"', note="part of a longer word"),
        Valid('token = "pk_3881b23b480384538106a6dffaac0b55fb00"', note="too long"),
        Valid('KLAVIYO_PRIVATE_KEY=\n', filename=".env"),
    ]
    INVALID = [
        Invalid('client = KlaviyoAPI("pk_3881b23b480384538106a6dffaac0b55fb")',
                line=1, column=22, end_line=1, end_column=59,
                message="Klaviyo private key pk_3881…55fb is hard-coded; load it from the environment or a secret manager, and revoke this key"),
        Invalid('KLAVIYO_KEY = "pk_AbC12x_25f72fa726ea194a51f2b59f07fbd4e77d"',
                line=1, column=16, end_line=1, end_column=60,
                message="Klaviyo private key pk_AbC1…e77d is hard-coded; load it from the environment or a secret manager, and revoke this key",
                note="2026 key format"),
        Invalid("# old key: pk_77db62776f86001b2d52257aaf80dabf34\nx = 1\n",
                line=1, column=12, end_line=1, end_column=49,
                message="Klaviyo private key pk_77db…bf34 is hard-coded; load it from the environment or a secret manager, and revoke this key",
                note="comments count"),
        Invalid("KLAVIYO_PRIVATE_KEY=pk_43ced98974b77a26397ed3f1533a999606\n", filename=".env",
                line=1, column=21, end_line=1, end_column=58,
                message="Klaviyo private key pk_43ce…9606 is hard-coded; load it from the environment or a secret manager, and revoke this key"),
        Invalid("klaviyo:\n  api_key: pk_adec43bb229d64feee52988bc5c0dc37d9\n", filename="config.yaml",
                line=2, column=12, end_line=2, end_column=49,
                message="Klaviyo private key pk_adec…37d9 is hard-coded; load it from the environment or a secret manager, and revoke this key"),
        Invalid('{"klaviyo": {"key": "pk_adec43bb229d64feee52988bc5c0dc37d9"}}', filename="settings.json",
                line=1, column=22, end_line=1, end_column=59,
                message="Klaviyo private key pk_adec…37d9 is hard-coded; load it from the environment or a secret manager, and revoke this key"),
        Invalid('const session = new ApiKeySession("pk_3881b23b480384538106a6dffaac0b55fb");', filename="index.ts",
                line=1, column=36, end_line=1, end_column=73,
                message="Klaviyo private key pk_3881…55fb is hard-coded; load it from the environment or a secret manager, and revoke this key"),
        Invalid('{"cells": [{"source": ["key = \\"pk_77db62776f86001b2d52257aaf80dabf34\\""]}]}', filename="sync.ipynb",
                line=1, column=33, end_line=1, end_column=70,
                message="Klaviyo private key pk_77db…bf34 is hard-coded; load it from the environment or a secret manager, and revoke this key"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for match in klaviyo.find_private_keys(ctx.text):
            yield Report(
                ctx.span(match.start(), match.end()),
                f"Klaviyo private key {klaviyo.redact_key(match.group())} is hard-coded; "
                "load it from the environment or a secret manager, and revoke this key",
            )
