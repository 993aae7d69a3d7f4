from __future__ import annotations

from typing import Iterable

from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports `klint: ignore` comments that silence nothing, and malformed ones (an unknown
    directive, an unknown rule code, an unclosed bracket). Off by default, like Ruff's RUF100:
    turn it on with `--extend-select KL900`.

    Only suppressions for rules that are enabled count as unused, so a suppression for a rule
    you switched off is not reported.

    ## Why is this bad?
    A suppression outlives the code it was written for. Left in place it silently hides the next
    real problem on that line; a misspelt one (`klint: ignore[KL01]`) never worked at all.

    ## Example
    ```python
    client = KlaviyoAPI(os.environ["KLAVIYO_KEY"])  # klint: ignore[KL001]
    ```

    ## Use instead
    ```python
    client = KlaviyoAPI(os.environ["KLAVIYO_KEY"])
    ```
    """

    code = "KL900"
    name = "unused-suppression"
    summary = "A klint suppression comment silences nothing or cannot be understood."
    severity = Severity.WARNING
    frontends = ("meta",)  # the engine reports these while it applies suppressions
    tags = ("maintainability",)
    precision = "very-high"
    default_enabled = False

    VALID = [
        Valid('KEY = "pk_3881b23b480384538106a6dffaac0b55fb"  # klint: ignore[KL001]'),
        Valid('KEY = "pk_3881b23b480384538106a6dffaac0b55fb"  # klint: ignore'),
        Valid('# klint: ignore-file[KL001]\nKEY = "pk_3881b23b480384538106a6dffaac0b55fb"\n'),
        Valid('print("klint: ignore is documented in the README")', note="not a comment"),
    ]
    INVALID = [
        Invalid('KEY = os.environ["KEY"]  # klint: ignore[KL001]',
                line=1, column=26, end_line=1, end_column=48,
                message="unused klint suppression (nothing to silence for KL001)"),
        Invalid('KEY = "pk_3881b23b480384538106a6dffaac0b55fb"  # klint: ignore[KL01]',
                line=1, column=48, end_line=1, end_column=69,
                message="malformed klint suppression: unknown rule code or name 'KL01'"),
        Invalid('x = 1  // klint: disable', filename="index.js",
                line=1, column=8, end_line=1, end_column=25,
                message="malformed klint suppression: unknown directive 'klint: disable' (use 'klint: ignore[CODE]' or 'klint: ignore-file')"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        return ()
