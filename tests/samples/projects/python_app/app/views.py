import requests

from app.settings import KLAVIYO_BASE_URL
from app.config import settings
from .klaviyo_http import klaviyo_post
from django.conf import settings as dj


def lists():
    return requests.get(f"{KLAVIYO_BASE_URL}/lists/", timeout=5)


def segments():
    return requests.get(f"{settings.klaviyo_base_url}/segments/", timeout=5)


def signup(body, key):
    return klaviyo_post("profiles/", body, key)


def flows():
    return requests.get(dj.KLAVIYO_URL + "/flows/", timeout=5)
