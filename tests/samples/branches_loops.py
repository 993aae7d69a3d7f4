# Values that may be one of several: conditional expressions, if/else, loops over literal
# collections (sample for tests).
import requests

BASE = "https://a.klaviyo.com"


def send(new, body, key):
    if new:
        url = f"{BASE}/api/profiles/"
    else:
        url = f"{BASE}/api/v2/list/X/members"
    return requests.post(url, json=body, headers={"Authorization": f"Klaviyo-API-Key {key}"})


def maybe_elsewhere(flag):
    url = "https://api.example.com/x"
    if flag:
        url = f"{BASE}/api/lists/"
    return requests.get(url, timeout=5)


def pick(kind, item_id):
    url = f"{BASE}/api/lists/{item_id}/" if kind == "list" else f"{BASE}/api/segments/{item_id}/"
    headers = {"revision": "2026-10-15"} if kind == "list" else {"accept": "application/json"}
    return requests.get(url, headers=headers, timeout=5)


for label, url in [("campaigns", f"{BASE}/api/campaigns/"), ("flows", f"{BASE}/api/flows/")]:
    requests.get(url, headers={"revision": "2026-10-15"})
