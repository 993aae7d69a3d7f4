"""Everything klint knows about Klaviyo, in one place.

Every front end (Python, JS/TS, manifests, plain text) and every rule reads its Klaviyo facts
from here: key formats, hosts and endpoints, revisions and their lifecycle, SDK versions and the
revision each one sends, legacy packages. Sources: ``shared/klaviyo-facts.md`` (section numbers
in the comments).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from enum import Enum

# --- Private keys (facts §6) -------------------------------------------------------------------

# Legacy: pk_ + 34 lowercase hex. New (2026): pk_ + 6 alphanumerics (company id) + _ + 34 hex.
# The look-arounds stand in for \b but also treat "_" as part of a word, so `stripe_pk_…` or
# `pk_…_suffix` never match part-way. Stripe's `pk_live_`/`pk_test_` have 4 letters before the
# second underscore and a non-hex body, so neither alternative can match them.
PRIVATE_KEY_RE = re.compile(r"(?<![A-Za-z0-9_])pk_(?:[A-Za-z0-9]{6}_)?[0-9a-f]{34}(?![A-Za-z0-9_])")
PRIVATE_KEY_PREFIX = b"pk_"

def is_placeholder_key(key: str) -> bool:
    """True for key-shaped strings that are obviously not real: `pk_000…`, `pk_1234567890abcdef…`.

    A random 34-hex body holds ~15 distinct digits and never repeats itself; fewer than 8
    distinct digits, or a body that is one short unit over and over (`1234567890abcdef` twice,
    `deadbeef…`), is a documentation placeholder.
    """
    body = key[-34:]
    if len(set(body)) < 8:
        return True
    return any(body[period:] == body[:-period] for period in range(1, 18))


def find_private_keys(text: str) -> list[re.Match[str]]:
    """All real-looking Klaviyo private keys in ``text``, in order."""
    return [m for m in PRIVATE_KEY_RE.finditer(text) if not is_placeholder_key(m.group())]


def redact_key(key: str) -> str:
    """`pk_3f9a…9c2e`: enough to find the key again, never enough to use it."""
    return f"{key[:7]}…{key[-4:]}"


# Redaction is deliberately looser than detection: it has no word boundaries and ignores case, so a
# key inside a longer word (`https://pk_…@host`, `x_pk_…`, `pk_…0000`) or upper-cased is hidden too.
_REDACT_RE = re.compile(r"pk_(?:[A-Za-z0-9]{6}_)?[0-9a-f]{34}", re.IGNORECASE)


def redact_keys(text: str) -> str:
    """``text`` with every private key in it redacted, wherever it sits (what output may show)."""
    return _REDACT_RE.sub(lambda m: redact_key(m.group()), text)


# --- Revisions (facts §5) ------------------------------------------------------------------------

PUBLISHED_REVISIONS: tuple[str, ...] = (
    "2022-10-17", "2023-01-24", "2023-02-22", "2023-06-15", "2023-07-15", "2023-08-15",
    "2023-09-15", "2023-10-15", "2023-12-15", "2024-02-15", "2024-05-15", "2024-06-15",
    "2024-07-15", "2024-10-15", "2025-01-15", "2025-04-15", "2025-07-15", "2025-10-15",
    "2026-01-15", "2026-04-15", "2026-07-15", "2026-10-15",
)  # fmt: skip

REVISION_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(\.pre)?$")


class RevisionStatus(Enum):
    STABLE = "stable"
    DEPRECATED = "deprecated"
    RETIRED = "retired"
    UNPUBLISHED = "unpublished"  # well-formed date that Klaviyo never released
    MALFORMED = "malformed"


@dataclass(frozen=True)
class RevisionVerdict:
    revision: str
    status: RevisionStatus
    deprecated_on: _dt.date | None = None
    retired_on: _dt.date | None = None


def _add_years(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def revision_status(revision: str, as_of: _dt.date) -> RevisionVerdict:
    """Judge a revision header value under the 1-year-stable + 1-year-deprecated policy.

    The status is computed from the release date, so the verdicts move with ``as_of``.
    A beta (``.pre``) revision is judged by its date like the GA revision of that date.
    """
    match = REVISION_RE.match(revision.strip())
    if not match:
        return RevisionVerdict(revision, RevisionStatus.MALFORMED)
    date_text = match.group(1)
    try:
        released = _dt.date.fromisoformat(date_text)
    except ValueError:
        return RevisionVerdict(revision, RevisionStatus.MALFORMED)
    if date_text not in PUBLISHED_REVISIONS and not match.group(2):
        return RevisionVerdict(revision, RevisionStatus.UNPUBLISHED)
    deprecated_on = _add_years(released, 1)
    retired_on = _add_years(released, 2)
    if as_of >= retired_on:
        status = RevisionStatus.RETIRED
    elif as_of >= deprecated_on:
        status = RevisionStatus.DEPRECATED
    else:
        status = RevisionStatus.STABLE
    return RevisionVerdict(revision, status, deprecated_on, retired_on)


# --- SDK versions and the revision each sends (facts §1.3, §2.5) ---------------------------------

SDK_PACKAGE = "klaviyo-api"  # same name on PyPI and npm

# (first version of a run, revision it sends); a version sends the revision of the last row
# whose first version is <= it.
PYTHON_SDK_REVISIONS: tuple[tuple[str, str], ...] = (
    ("1.0.0", "2022-10-17"), ("1.1.0", "2023-01-24"), ("1.2.0", "2023-02-22"),
    ("3.0.0", "2023-06-15"), ("4.0.0", "2023-07-15"), ("5.1.0", "2023-08-15"),
    ("5.2.0", "2023-09-15"), ("6.0.0", "2023-10-15"), ("6.1.0", "2023-12-15"),
    ("7.0.0", "2024-02-15"), ("8.0.0", "2024-05-15"), ("9.0.0", "2024-06-15"),
    ("10.0.0", "2024-07-15"), ("14.0.0", "2024-10-15"), ("17.0.0", "2025-01-15"),
    ("19.0.0", "2025-04-15"), ("20.0.0", "2025-07-15"), ("21.0.0", "2025-10-15"),
    ("22.0.0", "2026-01-15"), ("23.0.0", "2026-04-15"), ("24.0.0", "2026-07-15"),
    ("25.0.0", "2026-10-15"),
)  # fmt: skip

NODE_SDK_REVISIONS: tuple[tuple[str, str], ...] = (
    ("1.0.0", "2022-10-17"), ("2.0.0", "2023-01-24"), ("2.1.0", "2023-02-22"),
    ("4.0.0", "2023-06-15"), ("5.0.0", "2023-07-15"), ("5.1.0", "2023-08-15"),
    ("6.0.0", "2023-09-15"), ("7.0.0", "2023-10-15"), ("7.2.0", "2023-12-15"),
    ("8.0.0", "2024-02-15"), ("10.0.0", "2024-05-15"), ("10.1.0", "2024-06-15"),
    ("11.0.0", "2024-07-15"), ("13.0.0", "2024-10-15"), ("16.0.0", "2025-01-15"),
    ("18.0.0", "2025-04-15"), ("19.0.0", "2025-07-15"), ("20.0.0", "2025-10-15"),
    ("21.0.0", "2026-01-15"), ("22.0.0", "2026-04-15"), ("23.0.0", "2026-07-15"),
)  # fmt: skip


def sdk_revision(ecosystem: str, version: str) -> str | None:
    """The revision a pinned ``klaviyo-api`` version sends (``ecosystem`` is "pypi" or "npm")."""
    from packaging.version import InvalidVersion, Version

    table = PYTHON_SDK_REVISIONS if ecosystem == "pypi" else NODE_SDK_REVISIONS
    try:
        wanted = Version(version)
    except InvalidVersion:
        return None
    revision = None
    for first, rev in table:
        if Version(first) <= wanted:
            revision = rev
    return revision


# --- Hosts, endpoints, packages (facts §3, §4) -----------------------------------------------------

KLAVIYO_HOST_RE = re.compile(r"^(?:[a-z0-9-]+\.)*klaviyo\.com$", re.IGNORECASE)
LEGACY_ENDPOINT_RE = re.compile(r"/api/(?:v1|v2)/|/api/(?:track|identify)(?:[/?#]|$)")

LEGACY_PYTHON_PACKAGES = {"klaviyo": "klaviyo", "klaviyo_sdk": "klaviyo-sdk"}  # import -> dist
LEGACY_NODE_PACKAGES = frozenset({"node-klaviyo", "klaviyo-sdk", "klaviyo-node"})
LEGACY_PYPI_DISTRIBUTIONS = frozenset({"klaviyo", "klaviyo-sdk"})


# --- SDK surface (facts §1.4, §1.5, §2.2) ---------------------------------------------------------

PYTHON_SDK_GROUPS = frozenset(
    "Accounts Billing Brands Campaigns Catalogs Client Conversations Coupons Custom_Objects "
    "Data_Privacy Events Flows Forms Images Lists Metrics Profiles Reporting Reviews Segments Tags "
    "Templates Text_Messaging Tracking_Settings Translations Web_Feeds Webhooks".split()
)
PYTHON_CREATE_PROFILE = frozenset({"create_profile"})  # create-only; the upserts are not here
PYTHON_EVENT_CREATORS = frozenset({"create_event", "bulk_create_events", "create_event_bulk_create_job"})
NODE_CREATE_PROFILE = frozenset({"createProfile"})
NODE_EVENT_CREATORS = frozenset({"createEvent", "bulkCreateEvents", "createEventBulkCreateJob"})

# Body attribute names the SDKs know, snake_case as on the wire and in the Python SDK. The Node SDK
# (6+) wants their camelCase forms and silently drops the snake_case ones (facts §1.6, §2.3).
BODY_FIELDS = frozenset({
    "unique_id", "value_currency", "phone_number", "external_id", "anonymous_id", "first_name",
    "last_name", "patch_properties", "custom_source", "historical_import", "consented_at",
    "list_id", "profile_id", "metric_id", "push_token", "enablement_status", "vendor_id",
    "ip_address", "zip_code", "address_1", "address_2",
})


def camel_case(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.capitalize() for word in rest)


CAMEL_BODY_FIELDS = {camel_case(name): name for name in BODY_FIELDS}

# Raw endpoints (facts §4): POST here is a create-only profile call / an event.
CREATE_PROFILE_PATH_RE = re.compile(r"^/api/profiles/?$")
EVENT_PATH_RE = re.compile(r"^/api/(?:events|event-bulk-create-jobs)/?$")
# Code that handles a duplicate profile: 409 Conflict (facts §1.5, §10.3).
CONFLICT_RE = re.compile(r"409|conflict|duplicate|already exists", re.IGNORECASE)
E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")


@dataclass(frozen=True)
class KlaviyoUrl:
    host: str
    path: str  # as far as known
    path_complete: bool  # False when the path continues with something unresolved
    query: str  # the known part of the query string ("" if none)

    @property
    def is_api(self) -> bool:
        """`/api/…` or `/client/…`: the JSON:API endpoints that need a revision header.

        `f"{BASE}{path}"` with BASE ending in `/api` counts too: whatever follows is an endpoint.
        """
        under_api = self.path.startswith(("/api/", "/client/")) or (
            not self.path_complete and self.path in ("/api", "/client"))
        return under_api and not self.is_legacy

    @property
    def is_legacy(self) -> bool:
        return bool(LEGACY_ENDPOINT_RE.search(self.path + ("" if self.path_complete else "/")))

    @property
    def is_oauth(self) -> bool:
        return self.path.startswith("/oauth/")


_URL_RE = re.compile(r"^(?:https?:)?//([^/?#]*)([^?#]*)(\?[^#]*)?")


def parse_klaviyo_url(prefix: str, complete: bool) -> KlaviyoUrl | None:
    """A Klaviyo URL from the known ``prefix`` of a string (``complete``: nothing follows it).

    The host must be visible: `https://a.klaviyo.com{path}` qualifies, `https://{host}/api`
    does not.
    """
    match = _URL_RE.match(prefix.strip())
    if not match:
        return None
    host, path, query = match.group(1), match.group(2), match.group(3) or ""
    if not KLAVIYO_HOST_RE.match(host.split(":")[0]):
        return None
    path_complete = complete or bool(query)
    return KlaviyoUrl(host.lower(), path, path_complete, query.lstrip("?"))


_PRIVATE_NAME_RE = re.compile(r"private|api_?key|secret|pk(?:_|$)", re.IGNORECASE)
_NOT_PRIVATE_NAME_RE = re.compile(r"public|site_?id|company|token|oauth|access", re.IGNORECASE)


def names_private_key(identifier: str) -> bool:
    """True for source text that names a private key (`KLAVIYO_PRIVATE_KEY`, `settings.api_key`).

    Names of OAuth tokens and public keys (`access_token`, `KLAVIYO_PUBLIC_KEY`) do not count.
    """
    return bool(_PRIVATE_NAME_RE.search(identifier)) and not _NOT_PRIVATE_NAME_RE.search(identifier)
