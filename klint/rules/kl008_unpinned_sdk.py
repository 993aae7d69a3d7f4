from __future__ import annotations

from typing import Iterable

from klint import klaviyo
from klint.context import FileContext, Report
from klint.findings import Severity
from klint.rules.base import Invalid, Rule, Valid
from klint.rules.fixing import locked_version, pin_fix


class UnpinnedSdk(Rule):
    """
    ## What it does
    Finds `klaviyo-api` declared without an exact version in a dependency manifest:
    requirements files (and the files they pull in with `-r` / `-c`), `pyproject.toml` (PEP 621,
    PEP 735 dependency groups, Poetry, PDM), `setup.cfg`, `setup.py`, `Pipfile`, conda
    `environment.yml` (pip section) and `package.json` (all dependency sections). `^`, `~`, `~=`,
    `>=`, `*`, `latest`, wildcards (`==25.*`), ranges, a branch reference or no version at all
    are reported; `==25.0.0`, Poetry's bare `25.0.0`, npm's `23.0.0` / `=23.0.0`, and a VCS
    reference to a commit are pinned. Names are compared after normalisation (`Klaviyo_API`).

    ## Why is this bad?
    Every `klaviyo-api` release sends a newer API `revision` and may rename methods. A floating
    version changes under a deploy: the same commit behaves differently on Monday than it did on
    Friday, and a rollback does not roll the SDK back.

    ## Example
    ```text
    klaviyo-api>=20.0.0
    ```

    ## Use instead
    ```text
    klaviyo-api==25.0.0
    ```
    and upgrade on purpose, reading the changelog.

    ## Fix safety
    Only when the version is known: a lock file beside the manifest (`poetry.lock`, `uv.lock`,
    `Pipfile.lock`, `package-lock.json`) that resolves `klaviyo-api` to one version. The fix
    writes that version as an exact pin on the declaration's line (`==25.0.0`; `25.0.0` in
    `package.json` and Poetry tables). It is **unsafe**: installs without the lock file (a
    `pip install -r`, a Docker build) then get that version instead of the newest match.
    """

    code = "KL008"
    name = "unpinned-sdk"
    summary = "The klaviyo-api SDK is declared without an exact version."
    severity = Severity.ERROR
    frontends = ("manifest",)
    triggers = (b"klaviyo",)
    tags = ("reliability", "supply-chain")

    VALID = [
        Valid("klaviyo-api==25.0.0\nrequests>=2\n", filename="requirements.txt"),
        Valid("klaviyo-api @ git+https://github.com/klaviyo/klaviyo-api-python@4f9c2e1b8a7d\n",
              filename="requirements.txt", note="a commit is immutable"),
        Valid('{"dependencies": {"klaviyo-api": "23.0.0", "axios": "^1.7.0"}}', filename="package.json"),
        Valid('[tool.poetry.dependencies]\npython = "^3.11"\nklaviyo-api = "25.0.0"\n', filename="pyproject.toml"),
        Valid('{"dependencies": {"klaviyo-api": "workspace:*"}}', filename="package.json",
              note="workspace: is out of scope"),
        Valid("klaviyo-api-helpers>=1\n", filename="requirements.txt", note="another package"),
    ]
    INVALID = [
        Invalid("flask==3.1.2\nklaviyo-api>=20.0.0\n", filename="requirements.txt",
                line=2, column=1, end_line=2, end_column=20,
                message="klaviyo-api is not pinned to an exact version (>=20.0.0); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid("Klaviyo_API[async]~=25.0; python_version >= '3.9'\n", filename="requirements-dev.txt",
                line=1, column=1, end_line=1, end_column=25,
                message="klaviyo-api is not pinned to an exact version (~=25.0); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid("klaviyo-api\n", filename="requirements.in",
                line=1, column=1, end_line=1, end_column=12,
                message="klaviyo-api is not pinned to an exact version (no version); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid("klaviyo-api==25.*\n", filename="constraints.txt",
                line=1, column=1, end_line=1, end_column=18,
                message="klaviyo-api is not pinned to an exact version (==25.*); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid("klaviyo-api @ git+https://github.com/klaviyo/klaviyo-api-python@main\n", filename="requirements.txt",
                line=1, column=1, end_line=1, end_column=69,
                message="klaviyo-api is not pinned to an exact version (git+https://github.com/klaviyo/klaviyo-api-python@main); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid('{\n  "dependencies": {\n    "klaviyo-api": "^23.0.0"\n  }\n}\n', filename="package.json",
                line=3, column=5, end_line=3, end_column=29,
                message="klaviyo-api is not pinned to an exact version (^23.0.0); pin it (\"klaviyo-api\": \"23.0.0\") so a deploy cannot change the SDK and the API revision it sends"),
        Invalid('{"devDependencies": {"klaviyo-api": "latest"}}', filename="package.json",
                line=1, column=22, end_line=1, end_column=45,
                message="klaviyo-api is not pinned to an exact version (latest); pin it (\"klaviyo-api\": \"23.0.0\") so a deploy cannot change the SDK and the API revision it sends"),
        Invalid('[project]\nname = "x"\ndependencies = [\n  "flask",\n  "klaviyo-api>=20",\n]\n', filename="pyproject.toml",
                line=5, column=4, end_line=5, end_column=19,
                message="klaviyo-api is not pinned to an exact version (>=20); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid('[tool.poetry.dependencies]\nklaviyo-api = { version = "^25.0", extras = ["x"] }\n', filename="pyproject.toml",
                line=2, column=1, end_line=2, end_column=52,
                message="klaviyo-api is not pinned to an exact version (^25.0); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid('[packages]\nklaviyo-api = "*"\n', filename="Pipfile",
                line=2, column=1, end_line=2, end_column=18,
                message="klaviyo-api is not pinned to an exact version (*); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid("[options]\ninstall_requires =\n    requests\n    klaviyo-api>=22\n", filename="setup.cfg",
                line=4, column=5, end_line=4, end_column=20,
                message="klaviyo-api is not pinned to an exact version (>=22); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid('from setuptools import setup\nsetup(name="x", install_requires=["klaviyo-api>=22"])\n', filename="setup.py",
                line=2, column=35, end_line=2, end_column=52,
                message="klaviyo-api is not pinned to an exact version (>=22); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
        Invalid("name: svc\ndependencies:\n  - python=3.11\n  - pip:\n    - klaviyo-api>=22\n", filename="environment.yml",
                line=5, column=7, end_line=5, end_column=22,
                message="klaviyo-api is not pinned to an exact version (>=22); pin it (klaviyo-api==25.0.0) so a deploy cannot change the SDK and the API revision it sends"),
    ]

    def check(self, ctx: FileContext) -> Iterable[Report]:
        for declaration in ctx.manifest:
            if declaration.name == klaviyo.SDK_PACKAGE and not declaration.pinned:
                spec = declaration.spec.strip() or "no version"
                yield Report(declaration.span,
                             f"klaviyo-api is not pinned to an exact version ({spec}); pin it "
                             f"({_pin_example(declaration.ecosystem)}) so a deploy cannot change "
                             "the SDK and the API revision it sends",
                             fix=pin_fix(ctx, declaration, locked_version(ctx.path, declaration.ecosystem),
                                         "pin the version the lock file resolves"))


def _pin_example(ecosystem: str) -> str:
    latest = klaviyo.PYTHON_SDK_REVISIONS[-1][0] if ecosystem == "pypi" else klaviyo.NODE_SDK_REVISIONS[-1][0]
    return f"klaviyo-api=={latest}" if ecosystem == "pypi" else f'"klaviyo-api": "{latest}"'
