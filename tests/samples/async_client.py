"""An async Klaviyo client and a urllib script, as integrations often write them (sample for tests)."""
import json
import os
import urllib.parse
import urllib.request

import httpx

KEY = os.environ.get("KLAVIYO_PRIVATE_KEY", "")
REVISION = "2024-02-15"


class AsyncKlaviyo:
    def __init__(self, api_key: str, base_url: str = "https://a.klaviyo.com/api"):
        self.base_url = base_url
        self.headers = {
            "Authorization": f"Klaviyo-API-Key {api_key}",
            "accept": "application/vnd.api+json",
            "revision": os.environ.get("KLAVIYO_REVISION", "2026-10-15"),
        }

    async def lists(self):
        async with httpx.AsyncClient() as client:
            response = await client.get(f"{self.base_url}/lists", headers=self.headers)
            return response.json()

    async def track(self, email: str, name: str):
        payload = {"data": {"type": "event", "attributes": {
            "properties": {}, "unique_id": f"{name}-{email}",
            "metric": {"data": {"type": "metric", "attributes": {"name": name}}},
            "profile": {"data": {"type": "profile", "attributes": {"email": email, "phone_number": "+15005550006"}}},
        }}}
        async with httpx.AsyncClient(timeout=None) as client:
            await client.post(f"{self.base_url}/events", headers=self.headers, json=payload)


def get_flow(flow_id: str) -> dict:
    query = urllib.parse.urlencode({"additional-fields[flow]": "definition"})
    request = urllib.request.Request(
        f"https://a.klaviyo.com/api/flows/{flow_id}/?{query}",
        headers={"Authorization": f"Klaviyo-API-Key {KEY}", "revision": REVISION},
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def search_items(external_id: str) -> dict:
    url = f"https://a.klaviyo.com/api/catalog-items/?filter=equals(external_id,\"{external_id}\")"
    request = urllib.request.Request(url, headers={"Authorization": f"Klaviyo-API-Key {KEY}"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read())
