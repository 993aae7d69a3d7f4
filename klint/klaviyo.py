"""Everything klint knows about Klaviyo, in one place.

Every front end (Python, JS/TS, manifests, plain text) and every rule reads its Klaviyo facts
from here: key formats, hosts and endpoints, revisions and their lifecycle, SDK versions and the
revision each one sends, legacy packages. Sources: ``shared/klaviyo-facts.md`` (section numbers
in the comments).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
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



def current_stable_revision(as_of: _dt.date) -> str | None:
    """The newest published revision that is released and stable on ``as_of`` (what fixes
    move code to); None when none is (a date before the first or long after the last)."""
    for revision in reversed(PUBLISHED_REVISIONS):
        verdict = revision_status(revision, as_of)
        if _dt.date.fromisoformat(revision) <= as_of and verdict.status is RevisionStatus.STABLE:
            return revision
    return None

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
LEGACY_ENDPOINT_RE = re.compile(r"/api/(?:v1|v2|track|identify)(?:[/?#]|$)")

LEGACY_PYTHON_PACKAGES = {"klaviyo": "klaviyo", "klaviyo_sdk": "klaviyo-sdk"}  # import -> dist
LEGACY_NODE_PACKAGES = frozenset({"node-klaviyo", "klaviyo-sdk", "klaviyo-node"})
LEGACY_PYPI_DISTRIBUTIONS = frozenset({"klaviyo", "klaviyo-sdk"})


# --- SDK surface (facts §1.4, §1.5, §2.2) ---------------------------------------------------------

PYTHON_SDK_GROUPS = frozenset(
    "Accounts Billing Brands Campaigns Catalogs Client Conversations Coupons Custom_Objects "
    "Data_Privacy Events Flows Forms Images Lists Metrics Profiles Reporting Reviews Segments Tags "
    "Templates Text_Messaging Tracking_Settings Translations Web_Feeds Webhooks".split()
)


def is_sdk_class(qualname: str) -> bool:
    """A class (or factory) of a Klaviyo SDK, by canonical qualified name: Python's
    `klaviyo_api.KlaviyoAPI` / `openapi_client.…` (a capitalised name), anything the Node SDK
    `klaviyo-api` exports."""
    if qualname.startswith("klaviyo-api."):
        return True
    top, _, rest = qualname.partition(".")
    return top in ("klaviyo_api", "openapi_client") and rest.rsplit(".", 1)[-1][:1].isupper()


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


# SDK methods that act on one resource take its id first and the body second (facts §1, checked
# against klaviyo-api 25.0.0: `update_profile(id, profile_partial_update_query)`; Node
# `updateProfile(id, body)`): updates, and adding or removing related resources.
_ID_FIRST_METHOD_RE = re.compile(r"^(?:update|add|remove)(?:_|[A-Z])|_relationships$|Relationships$")


def sdk_body_position(method: str) -> int:
    """Which positional argument of an SDK method is the request body."""
    return 1 if _ID_FIRST_METHOD_RE.search(method) else 0


def camel_case(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.capitalize() for word in rest)


CAMEL_BODY_FIELDS = {camel_case(name): name for name in BODY_FIELDS}

# One-item writes and the bulk endpoint to use instead when there are many items (facts §1.5,
# §2.2, §4, §7): per-item calls in a loop meet the burst limit (75/s on profiles) quickly.
BULK_PROFILES = "Bulk Import Profiles (up to 10,000 profiles per job)"
BULK_EVENTS = "Bulk Create Events (up to 1,000 events per request)"
PER_ITEM_PATHS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^/api/(?:profile-import|profiles)/?$"), BULK_PROFILES),
    (re.compile(r"^/api/events/?$"), BULK_EVENTS),
)

# Creating a system webhook (facts §8): its endpoint must be https.
WEBHOOK_PATH_RE = re.compile(r"^/api/webhooks/?$")
WEBHOOK_URL_KEYS = frozenset({"endpoint_url", "endpointUrl"})

# Raw endpoints (facts §4): POST here is a create-only profile call / an event.
CREATE_PROFILE_PATH_RE = re.compile(r"^/api/profiles/?$")
EVENT_PATH_RE = re.compile(r"^/api/(?:events|event-bulk-create-jobs)/?$")
# Code that handles a duplicate profile: 409 Conflict (facts §1.5, §10.3).
CONFLICT_RE = re.compile(r"409|conflict|duplicate|already exists", re.IGNORECASE)
E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")
# What a phone number someone typed looks like: digits with spaces and `+-().`, maybe an
# extension; identifiers that merely hold a digit (`CUSTOMER_PHONE_2`) are not phone numbers.
PHONE_SHAPED_RE = re.compile(r"^\s*\+?(?=\D*\d)[\d\s().\-/]+(?:(?:x|ext\.?)\s*\d*)?\s*$", re.IGNORECASE)
MAX_PHONE_LENGTH = 40  # longer literals are prose, and the bound keeps the match linear


_SHOWN_PATH_CHARS = 80


@dataclass(frozen=True)
class KlaviyoUrl:
    host: str
    path: str  # as far as known
    path_complete: bool  # False when the path continues with something unresolved
    query: str  # the known part of the query string ("" if none)
    # Known only by its credentials: the URL could not be resolved, but the request carries
    # `Authorization: Klaviyo-API-Key …`, so it goes to the private API.
    by_credentials: bool = False

    @property
    def shown_path(self) -> str:
        """The path as messages quote it: long ones cut, an unknown rest marked with '…'."""
        path = self.path if len(self.path) <= _SHOWN_PATH_CHARS else self.path[:_SHOWN_PATH_CHARS]
        return path + ("" if self.path_complete and path == self.path else "…")

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

    @property
    def is_client(self) -> bool:
        """The browser endpoints (`/client/…`), called with the public company id."""
        return self.path.startswith("/client/") or (not self.path_complete and self.path == "/client")


_URL_RE = re.compile(r"^(?:https?:)?//([^/?#]*)([^?#]*)(\?[^#]*)?")


# A private-API call whose URL is not known: what its credentials say of it.
CREDENTIALS_URL = KlaviyoUrl("a.klaviyo.com", "/api", False, "", by_credentials=True)
PRIVATE_KEY_SCHEME_RE = re.compile(r"^\s*Klaviyo-API-Key\s", re.IGNORECASE)


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


# Environment variables bundlers inline into browser code (Next.js, Vite, Create React App,
# Expo, Nuxt, Gatsby, SvelteKit's public env): whatever they hold ships to every visitor.
PUBLIC_ENV_PREFIX_RE = re.compile(r"(?<![A-Za-z0-9])(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|"
                                  r"GATSBY_|PUBLIC_)([A-Za-z0-9_]*)")


def public_env_variable(text: str) -> str | None:
    """The browser-public environment variable ``text`` reads (`process.env.NEXT_PUBLIC_X`,
    `import.meta.env.VITE_X`, `PUBLIC_X` from `$env/static/public`), or None."""
    match = PUBLIC_ENV_PREFIX_RE.search(text)
    return match.group(0) if match else None


def names_klaviyo_private_key(variable: str) -> bool:
    """A public-prefixed variable whose name says it holds Klaviyo's private key
    (`NEXT_PUBLIC_KLAVIYO_PRIVATE_KEY`, `VITE_KLAVIYO_API_KEY`; not `…_PUBLIC_KEY`, `…_SITE_ID`)."""
    match = PUBLIC_ENV_PREFIX_RE.match(variable)
    rest = match.group(2) if match else variable
    return "klaviyo" in rest.lower() and names_private_key(rest)


def names_private_key(identifier: str) -> bool:
    """True for source text that names a private key (`KLAVIYO_PRIVATE_KEY`, `settings.api_key`).

    Names of OAuth tokens and public keys (`access_token`, `KLAVIYO_PUBLIC_KEY`) do not count.
    """
    return bool(_PRIVATE_NAME_RE.search(identifier)) and not _NOT_PRIVATE_NAME_RE.search(identifier)


# --- How each SDK spells things (facts §1, §2): the model of a file names its dialect ------------


@dataclass(frozen=True)
class SdkOption:
    """Where an SDK constructor takes a setting: ``KlaviyoAPI(key, max_retries=…)`` (a keyword or
    the argument at ``position``), or ``new RetryWithExponentialBackoff({numRetries})`` (the
    property ``name`` of the options object at ``position``)."""

    constructor: str
    position: int | None
    name: str
    in_options_object: bool = False


@dataclass(frozen=True)
class SdkDialect:
    sdk: str  # how messages name it
    create_profile: frozenset[str]  # create-only profile methods
    create_profile_label: str  # "Profiles.create_profile"
    upsert_profile: str  # the method to use instead
    event_creators: frozenset[str]
    unique_id_key: str  # the spelling of unique_id that this SDK sends
    wants_camel_case: bool | None  # body keys: camelCase (True), snake_case (False), verbatim (None)
    constant_time_compare: str
    retries: SdkOption
    oauth_token: SdkOption  # where a private key would be sent as `Bearer`
    oauth_token_message: str
    create_webhook: str  # the method that creates a system webhook
    private_key: SdkOption  # where the SDK takes the private key
    logs_objects_whole: bool  # the language's loggers print an error object with all it holds
    per_item: dict[str, str]  # one-item write method -> the bulk way to do many
    legacy_imports: dict[str, str]  # import name -> the legacy package it belongs to
    import_root_only: bool  # `import klaviyo.x` is the package `klaviyo` (Python), not so in npm

    def dropped_key(self, key: str) -> str | None:
        """The spelling the SDK sends when it silently drops ``key``, else None."""
        if self.wants_camel_case is None:
            return None
        if self.wants_camel_case:
            return camel_case(key) if key in BODY_FIELDS else None
        return CAMEL_BODY_FIELDS.get(key)

    def legacy_import(self, module: str) -> tuple[str, str] | None:
        """(the imported name, its legacy package) when ``module`` is a legacy Klaviyo library."""
        name = module.split(".")[0] if self.import_root_only else module
        package = self.legacy_imports.get(name)
        return (name, package) if package else None


PYTHON_SDK = SdkDialect(
    sdk="Python SDK",
    create_profile=PYTHON_CREATE_PROFILE, create_profile_label="Profiles.create_profile",
    upsert_profile="create_or_update_profile",
    event_creators=PYTHON_EVENT_CREATORS, unique_id_key="unique_id", wants_camel_case=False,
    constant_time_compare="hmac.compare_digest(expected, received)",
    retries=SdkOption("KlaviyoAPI", 2, "max_retries"),
    oauth_token=SdkOption("KlaviyoAPI", None, "access_token"),
    private_key=SdkOption("KlaviyoAPI", 0, "api_key"),
    logs_objects_whole=False,  # logging and print use str(e): the message, not the request
    oauth_token_message="access_token is sent as 'Bearer' (OAuth); pass a private key as api_key so "
                        "it is sent as 'Klaviyo-API-Key'",
    create_webhook="create_webhook", legacy_imports=LEGACY_PYTHON_PACKAGES, import_root_only=True,
    per_item={
        "create_or_update_profile": f"{BULK_PROFILES}: Profiles.bulk_import_profiles",
        "create_profile_import": f"{BULK_PROFILES}: Profiles.bulk_import_profiles",
        "create_profile": f"{BULK_PROFILES}: Profiles.bulk_import_profiles",
        "create_event": f"{BULK_EVENTS}: Events.bulk_create_events",
    },
)
NODE_SDK = SdkDialect(
    sdk="Node SDK (6+)",
    create_profile=NODE_CREATE_PROFILE, create_profile_label="createProfile",
    upsert_profile="createOrUpdateProfile",
    event_creators=NODE_EVENT_CREATORS, unique_id_key="uniqueId", wants_camel_case=True,
    constant_time_compare="crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(received))",
    retries=SdkOption("RetryWithExponentialBackoff", 0, "numRetries", in_options_object=True),
    oauth_token=SdkOption("OAuthBasicSession", 0, ""),
    private_key=SdkOption("ApiKeySession", 0, ""),
    logs_objects_whole=True,  # console.* prints an AxiosError with config.headers.Authorization
    oauth_token_message="OAuthBasicSession sends its token as 'Bearer'; wrap a private key in "
                        "ApiKeySession so it is sent as 'Klaviyo-API-Key'",
    create_webhook="createWebhook", legacy_imports={name: name for name in LEGACY_NODE_PACKAGES},
    import_root_only=False,
    per_item={
        "createOrUpdateProfile": f"{BULK_PROFILES}: bulkImportProfiles",
        "createProfileImport": f"{BULK_PROFILES}: bulkImportProfiles",
        "createProfile": f"{BULK_PROFILES}: bulkImportProfiles",
        "createEvent": f"{BULK_EVENTS}: bulkCreateEvents",
    },
)
# Node SDK ≤5 (`ConfigWrapper`) sent bodies verbatim, in snake_case (facts §2.3): no casing is
# dropped and its event calls are not judged for `uniqueId`.
NODE_LEGACY_SDK = replace(NODE_SDK, sdk="Node SDK (≤5)", event_creators=frozenset(), wants_camel_case=None)
