"""A hand-written Klaviyo client of the kind found in real integrations (sample for tests)."""
import hashlib
import hmac
import json
import logging
import os
from urllib.parse import urljoin

import requests as rq
from requests import post as send

log = logging.getLogger(__name__)

API_KEY = os.environ["KLAVIYO_API_KEY"]
BASE_URL = "https://a.klaviyo.com/api/"
REVISION = "2024-07-15"
DEFAULT_HEADERS = {
    "Authorization": "Klaviyo-API-Key %s" % API_KEY,
    "accept": "application/vnd.api+json",
    "content-type": "application/vnd.api+json",
    "revision": REVISION,
}


class KlaviyoClient:
    BASE = "https://a.klaviyo.com"

    def __init__(self, api_key=API_KEY):
        self.session = rq.Session()
        self.session.headers.update({"Authorization": f"Klaviyo-API-Key {api_key}"})

    def _request(self, method, path, **kwargs):
        url = "{}{}".format(self.BASE, path)
        response = self.session.request(method, url, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def get_lists(self):
        return self._request("GET", "/api/lists/")

    def upsert(self, email):
        headers = DEFAULT_HEADERS.copy()
        headers["revision"] = "2026-10-15"
        return rq.post(urljoin(BASE_URL, "profile-import/"), headers=headers, timeout=10,
                       json={"data": {"type": "profile", "attributes": {"email": email}}})

    def track(self, order):
        payload = {
            "data": {
                "type": "event",
                "attributes": {
                    "properties": {"event_id": order["id"], "total": order["total"]},
                    "metric": {"data": {"type": "metric", "attributes": {"name": "Placed Order"}}},
                    "profile": {"data": {"type": "profile", "attributes": {"email": order["email"]}}},
                },
            }
        }
        return send(BASE_URL + "events/", data=json.dumps(payload), headers=dict(DEFAULT_HEADERS),
                    timeout=10)

    def create(self, email):
        return rq.post(f"{BASE_URL}profiles/", json={"data": {}}, headers={**DEFAULT_HEADERS}, timeout=5)


def charge(amount):
    return rq.post("https://api.stripe.com/v1/charges", data={"amount": amount})


def shopify_orders(shop):
    return rq.get(f"https://{shop}.myshopify.com/admin/api/2024-01/orders.json")


def verify(secret, body, timestamp, signature):
    digest = hmac.new(secret.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    if digest != signature:
        log.warning("bad signature")
        return False
    return hmac.compare_digest(digest, signature)
