from __future__ import annotations

from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.frontends.values import DictValue, NumValue
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.code_helpers import node_key, sdk_option_values, semantics, span
from klint.rules.fixing import SAFE, make_fix


def retries_message(attempts: int | float, option: str) -> str:
    return (f"{option}={attempts} counts total attempts, so the SDK never retries a 429 or 503; "
            "keep the default (3) or raise it")


class RetriesDisabled(Rule):
    """
    ## What it does
    Finds SDK clients built with retries turned off: `KlaviyoAPI(…, max_retries=0 or 1)` in
    Python and `new RetryWithExponentialBackoff({numRetries: 0 or 1})` in Node. Both options
    count total attempts, not retries.

    ## Why is this bad?
    Klaviyo rate-limits every account (429) and sheds load (503). The SDK's retry with backoff is
    what makes bursts succeed; with one attempt every rate-limited call is an error.

    ## Example
    ```python
    klaviyo = KlaviyoAPI(key, max_delay=60, max_retries=1)
    ```

    ## Use instead
    ```python
    klaviyo = KlaviyoAPI(key, max_delay=60, max_retries=3)
    ```

    ## Fix safety
    Where the value is written in the call, the fix removes the option so the SDK's default
    (3 attempts with backoff) applies. It is **safe**: retries happen only on 429 and 5xx
    answers, which the SDK retries by design, and Klaviyo asks clients to retry them. A value
    from a constant, or a positional argument that others follow, is left to its author.
    """

    code = "KL012"
    name = "retries-disabled"
    summary = "The Klaviyo SDK client is configured to never retry."
    severity = Severity.WARNING
    frontends = ("code",)
    triggers = (b"klaviyoapi", b"numretries")  # lower-cased names
    context = (b"klaviyo",)
    tags = ("reliability",)

    VALID = [
        Valid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key, max_retries=3)\n"),
        Valid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key, max_retries=settings.RETRIES)\n"),
        Valid("from urllib3 import Retry\nRetry(total=0)\nsession(max_retries=0)\n", note="not the SDK"),

        Valid('import { RetryWithExponentialBackoff } from "klaviyo-api";\n'
              'new RetryWithExponentialBackoff({ numRetries: 3, maxInterval: 60 });\n', filename="a.ts"),
    ]
    INVALID = [
        Invalid("from klaviyo_api import KlaviyoAPI\nk = KlaviyoAPI(key, max_delay=60, max_retries=1)\n",
                line=2, column=47, end_line=2, end_column=48,
                message="max_retries=1 counts total attempts, so the SDK never retries a 429 or 503; keep the default (3) or raise it",
                fixed=('from klaviyo_api import KlaviyoAPI\n'
                       'k = KlaviyoAPI(key, max_delay=60)\n')),
        Invalid("import klaviyo_api as kl\nRETRIES = 0\nk = kl.KlaviyoAPI(key, 60, RETRIES)\n",
                line=2, column=11, end_line=2, end_column=12,
                message="max_retries=0 counts total attempts, so the SDK never retries a 429 or 503; keep the default (3) or raise it",
                note="positional, through a constant"),

        Invalid('import { ApiKeySession, RetryWithExponentialBackoff } from "klaviyo-api";\n'
                'const s = new ApiKeySession(key, new RetryWithExponentialBackoff({ numRetries: 1 }));\n', filename="a.ts",
                line=2, column=80, end_line=2, end_column=81,
                message="numRetries=1 counts total attempts, so the SDK never retries a 429 or 503; keep the default (3) or raise it",
                fixed=('import { ApiKeySession, RetryWithExponentialBackoff } from "klaviyo-api";\n'
                       'const s = new ApiKeySession(key, new RetryWithExponentialBackoff({}));\n')),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        sem = semantics(ctx)
        for value, node in sdk_option_values(sem, sem.sdk.retries):
            if isinstance(value, NumValue) and value.value <= 1:
                literal = value.node if value.node is not None else node  # imported: report the use
                written_here = node_key(literal) == node_key(node)
                fix = make_fix(f"drop {sem.sdk.retries.name} (default: 3 attempts)", SAFE,
                               sem.remove_argument(node) if written_here else None)
                yield Report(span(ctx, literal), retries_message(value.value, sem.sdk.retries.name), fix=fix)
