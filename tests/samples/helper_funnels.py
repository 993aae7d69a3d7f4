# Helpers every call funnels through, URL builders and a v1 base (sample for tests).
import httpx
import requests


class KlaviyoClient:
    base_url = "https://a.klaviyo.com/api"
    URL_BASE = "https://a.klaviyo.com/api/v1"

    def _headers(self):
        return {"Authorization": f"Klaviyo-API-Key {self.key}", "revision": "2026-10-15"}

    def _request(self, method, endpoint, data=None):
        url = f"{self.base_url}/{endpoint}"
        return httpx.request(method, url, headers=self._headers(), json=data, timeout=10)

    def track(self, order):
        payload = {"data": {"type": "event", "attributes": {"metric": m, "profile": p, "properties": {}}}}
        return self._request("POST", "events/", payload)

    def track_ok(self, order):
        payload = {"data": {"type": "event", "attributes": {"metric": m, "profile": p, "unique_id": order.id}}}
        return self._request("POST", "events/", payload)

    def new_profile(self, attrs):
        return self._request("POST", "profiles/", {"data": {"type": "profile", "attributes": attrs}})

    def metric_url(self, metric_id):
        return "{base}/metric/{id}/export".format(base=self.URL_BASE, id=metric_id)

    def export(self, metric_id, key):
        return requests.get(self.metric_url(metric_id), params={"api_key": key}, timeout=5)
