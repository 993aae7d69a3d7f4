"""The rule registry: every rule class, sorted by code."""

from __future__ import annotations

from klint.rules.base import Rule
from klint.rules.kl001_hardcoded_private_key import HardcodedPrivateKey
from klint.rules.kl002_raw_http_call import RawHttpCall
from klint.rules.kl003_missing_revision_header import MissingRevisionHeader
from klint.rules.kl004_retired_revision import RetiredRevision
from klint.rules.kl005_legacy_api import LegacyApi
from klint.rules.kl006_create_instead_of_upsert import CreateInsteadOfUpsert
from klint.rules.kl007_event_missing_unique_id import EventMissingUniqueId
from klint.rules.kl008_unpinned_sdk import UnpinnedSdk
from klint.rules.kl009_phone_not_e164 import PhoneNotE164
from klint.rules.kl010_dropped_field_casing import DroppedFieldCasing
from klint.rules.kl011_request_without_timeout import RequestWithoutTimeout
from klint.rules.kl012_retries_disabled import RetriesDisabled
from klint.rules.kl013_key_in_query_string import KeyInQueryString
from klint.rules.kl014_timing_unsafe_signature_check import TimingUnsafeSignatureCheck
from klint.rules.kl015_wrong_auth_scheme import WrongAuthScheme
from klint.rules.kl016_sdk_sends_retired_revision import SdkSendsRetiredRevision
from klint.rules.kl017_private_key_exposed_to_browser import PrivateKeyExposedToBrowser
from klint.rules.kl018_webhook_signature_misverified import WebhookSignatureMisverified
from klint.rules.kl019_per_item_call_in_loop import PerItemCallInLoop
from klint.rules.kl020_secret_in_log import SecretInLog
from klint.rules.kl021_retry_ignores_retry_after import RetryIgnoresRetryAfter
from klint.rules.kl022_webhook_endpoint_not_https import WebhookEndpointNotHttps
from klint.rules.kl900_unused_suppression import UnusedSuppression

ALL_RULES: tuple[type[Rule], ...] = tuple(sorted(
    (HardcodedPrivateKey, RawHttpCall, MissingRevisionHeader, RetiredRevision, LegacyApi,
     CreateInsteadOfUpsert, EventMissingUniqueId, PhoneNotE164, DroppedFieldCasing,
     RequestWithoutTimeout, RetriesDisabled, KeyInQueryString, TimingUnsafeSignatureCheck,
     WrongAuthScheme, UnpinnedSdk, SdkSendsRetiredRevision, PrivateKeyExposedToBrowser, WebhookSignatureMisverified, PerItemCallInLoop, SecretInLog, RetryIgnoresRetryAfter, WebhookEndpointNotHttps, UnusedSuppression),
    key=lambda rule: rule.code,
))

def find_rule(selector: str) -> type[Rule] | None:
    """A rule by code (``KL001``) or name (``hardcoded-private-key``)."""
    wanted = selector.strip()
    for rule in ALL_RULES:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


__all__ = ["ALL_RULES", "Rule", "find_rule"]
