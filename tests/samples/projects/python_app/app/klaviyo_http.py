import requests

from app.settings import KLAVIYO_BASE_URL


def klaviyo_post(path, body, key):
    headers = {"Authorization": f"Klaviyo-API-Key {key}", "revision": "2026-10-15"}
    return requests.post(f"{KLAVIYO_BASE_URL}/{path}", json=body, headers=headers, timeout=10)
