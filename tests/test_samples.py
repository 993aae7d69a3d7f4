"""Realistic integration modules: klint reports exactly the real problems in them, nothing else.

The samples (tests/samples/) are written the way public integrations are: aliased imports,
sessions with headers set in __init__, helpers every call funnels through, urljoin, models,
Stripe and Shopify calls beside Klaviyo ones; in TS/JS axios instances, `this.` receivers,
constructor parameter properties, `as any` / `satisfies`, CommonJS requires, got and superagent.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

SAMPLES = ROOT / "tests" / "samples"

EXPECTED = {
    "klaviyo_client.py": {
        (16, "KL004"),  # REVISION = "2024-07-15", used in the default headers: retired
        (34, "KL002"),  # the helper's raw call, reported once for all its callers
        (44, "KL002"),  # urljoin(BASE_URL, "profile-import/") with a revision set by item assignment
        (58, "KL002"), (58, "KL007"),  # aliased post; properties.event_id is not a unique_id
        (62, "KL002"), (62, "KL006"),
        (75, "KL014"),  # digest != signature
    },
    "sdk_sync.py": {
        (6, "KL005"),   # import klaviyo (reported once, not at every use)
        (16, "KL009"),  # the constant's literal
        (26, "KL006"),  # self.client from an argument annotated KlaviyoAPI; the alias is fine
        (29, "KL010"),  # externalId; properties.loyaltyTier is free-form
        (39, "KL007"),  # model classes without unique_id; the unresolvable body is not reported
    },
    "async_client.py": {
        (10, "KL004"),  # REVISION, used by the urllib Request's headers; the env default elsewhere is stable
        (24, "KL002"),  # httpx.AsyncClient from `async with`, self.base_url from a parameter default
        (34, "KL002"), (34, "KL011"),  # AsyncClient(timeout=None)
        (43, "KL002"), (43, "KL011"),  # urlopen(Request(...)) without a timeout
        (50, "KL002"), (50, "KL003"),  # a Request without a revision header
    },
    "express_proxy.mjs": {
        (8, "KL002"), (8, "KL006"), (8, "KL011"),  # POST /api/profiles/ in an Express handler
        (12, "KL004"),
        (26, "KL009"),  # a phone number without "+"
        (29, "KL002"),  # revision from a constant, a timeout signal: only the raw call itself
        (47, "KL002"),  # create-then-update on 409: no KL006
        (54, "KL002"), (54, "KL003"),  # the PATCH has no revision header
    },
    "klaviyo_service.ts": {
        (12, "KL004"),  # REVISION = "2025-01-15" in the shared headers: deprecated (warning)
        (21, "KL012"),  # numRetries: 1
        (40, "KL006"),  # this.profiles.createProfile; createOrUpdateProfile above is fine
        (44, "KL007"),  # properties.event_id is not uniqueId
        (58, "KL002"),  # axios instance: baseURL + "/lists/", headers and timeout from the instance
        (63, "KL002"), (63, "KL011"),  # fetch with spread headers (revision present) but no signal
        (73, "KL014"),  # digest === signature
    },
    "legacy_worker.js": {
        (2, "KL005"),  # require("node-klaviyo")
        (13, "KL002"), (13, "KL005"),  # got.post to /api/v2/list/…/subscribe
        (14, "KL013"),  # searchParams: { api_key }
        (23, "KL002"),  # fetch with revision set by item assignment, unique_id on the wire, a signal
        (33, "KL007"),  # bulkCreateEvents: the nested event has no uniqueId
        (39, "KL002"), (39, "KL003"), (39, "KL011"), (39, "KL015"),  # superagent chain, Bearer key
    },
}


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample(sample, klint):
    result = klint(str(SAMPLES / sample), "-f", "json", "--as-of", "2026-11-26", "--no-cache", cwd=ROOT)
    document = json.loads(result.out)
    assert document["diagnostics"] == []
    assert {(f["start"]["line"], f["code"]) for f in document["findings"]} == EXPECTED[sample]


def _full(document) -> list:
    return [[f["path"], f["start"]["line"], f["start"]["column"], f["end"]["line"], f["end"]["column"],
             f["code"], f["severity"], f["message"]] for f in document["findings"]]


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.glob("*.*")))
def test_sample_findings_in_full(sample, klint):
    """Every finding pinned: path, line, column, end, code, severity and the whole message
    (tests/expected/samples__<name>.json)."""
    result = klint(str(SAMPLES / sample), "-f", "json", "--as-of", "2026-11-26", "--no-cache", cwd=ROOT)
    expected = json.loads((ROOT / "tests" / "expected" / f"samples__{sample}.json").read_text(encoding="utf-8"))
    assert _full(json.loads(result.out)) == expected
