from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.fixing import newest_supported_version, pin_fix


class SdkSendsRetiredRevision(Rule):
    """
    ## What it does
    Finds a pinned `klaviyo-api` version whose built-in API revision is retired (error) or
    deprecated (warning) as of today, or the configured `as-of` date. Each SDK release sends one
    fixed revision (Python 25.0.0 sends 2026-10-15, Node 23.0.0 sends 2026-07-15); the status is
    computed from that revision's date under Klaviyo's policy (stable one year, deprecated one
    more, then retired), so the verdict moves with the calendar. The Python and Node version
    tables differ.

    ## Why is this bad?
    Pinning is right (see KL008), but a pin that is never moved ends up on a retired revision:
    requests start failing or change behaviour without any code change on your side.

    ## Example
    ```text
    klaviyo-api==16.0.0
    ```

    ## Use instead
    ```text
    klaviyo-api==25.0.0
    ```

    ## Fix safety
    The fix moves the pin to the newest `klaviyo-api` version klint knows (Python 25.0.0, Node
    23.0.0) when the revision it sends is stable as of `as-of`. It is **unsafe**: an SDK upgrade
    across major versions renames methods and models and changes response shapes; read the
    SDK's changelog and run the tests.
    """

    code = "KL016"
    name = "sdk-sends-retired-revision"
    summary = "The pinned klaviyo-api version sends a retired or deprecated API revision."
    severity = Severity.ERROR
    frontends = ("manifest",)
    triggers = (b"klaviyo",)
    tags = ("correctness",)

    VALID = [
        Valid("klaviyo-api==25.0.0\n", filename="requirements.txt"),
        Valid('{"dependencies": {"klaviyo-api": "21.0.0"}}', filename="package.json",
              note="Node 21 sends 2026-01-15: stable"),
        Valid("klaviyo-api>=16\n", filename="requirements.txt", note="not pinned: KL008's business"),
        Valid("klaviyo-api==16.0.0\n", filename="requirements.txt", as_of="2025-06-01",
              note="2024-10-15 was still stable then"),
    ]
    INVALID = [
        Invalid("klaviyo-api==16.0.0\n", filename="requirements.txt",
                line=1, column=1, end_line=1, end_column=20,
                message="Python klaviyo-api 16.0.0 sends revision 2024-10-15, retired on 2026-10-15; upgrade the SDK",
                fixed='klaviyo-api==25.0.0\n'),
        Invalid("klaviyo-api==20.0.0\n", filename="requirements.txt",
                line=1, column=1, end_line=1, end_column=20,
                message="Python klaviyo-api 20.0.0 sends revision 2025-07-15, deprecated and retiring on 2027-07-15; plan the upgrade"),
        Invalid('{"dependencies": {"klaviyo-api": "15.0.0"}}', filename="package.json",
                line=1, column=19, end_line=1, end_column=42,
                message="Node klaviyo-api 15.0.0 sends revision 2024-10-15, retired on 2026-10-15; upgrade the SDK",
                note="Node table: 15.0.0 sends 2024-10-15",
                fixed='{"dependencies": {"klaviyo-api": "23.0.0"}}'),
        Invalid('[project]\ndependencies = ["klaviyo-api==8.0.1"]\n', filename="pyproject.toml",
                line=2, column=18, end_line=2, end_column=36,
                message="Python klaviyo-api 8.0.1 sends revision 2024-05-15, retired on 2026-05-15; upgrade the SDK"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for declaration in ctx.manifest:
            if declaration.name != klaviyo.SDK_PACKAGE or not declaration.version:
                continue
            verdict = sdk_revision_message(declaration.ecosystem, declaration.version, ctx.as_of)
            if verdict is not None:
                newest = newest_supported_version(declaration.ecosystem, ctx.as_of)
                yield Report(declaration.span, *verdict, fix=pin_fix(ctx, declaration, newest,
                                                                     f"upgrade to klaviyo-api {newest}"))


def sdk_revision_message(ecosystem: str, version: str, as_of) -> tuple[str, Severity] | None:
    """The finding for one klaviyo-api version, or None when its revision is stable or unknown
    (shared with `klint preflight`, which judges the installed version)."""
    revision = klaviyo.sdk_revision(ecosystem, version)
    if revision is None:
        return None
    verdict = klaviyo.revision_status(revision, as_of)
    sdk = "Python" if ecosystem == "pypi" else "Node"
    if verdict.status is klaviyo.RevisionStatus.RETIRED:
        return (f"{sdk} klaviyo-api {version} sends revision {revision}, retired "
                f"on {verdict.retired_on}; upgrade the SDK", Severity.ERROR)
    if verdict.status is klaviyo.RevisionStatus.DEPRECATED:
        return (f"{sdk} klaviyo-api {version} sends revision {revision}, "
                f"deprecated and retiring on {verdict.retired_on}; plan the upgrade",
                Severity.WARNING)
    return None
