"""Jobs that name no vendor: the URL is the settings module's (sample for tests)."""
import requests

from app import settings


def refresh_segments():
    return requests.get(settings.SEGMENTS_URL, timeout=5)
