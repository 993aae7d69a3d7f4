"""Profile and order sync through the official SDK (sample for tests)."""
from __future__ import annotations

import os

import klaviyo
from klaviyo_api import KlaviyoAPI
from openapi_client.models import (
    EventCreateQueryV2,
    EventCreateQueryV2ResourceObject,
    EventCreateQueryV2ResourceObjectAttributes,
)

klaviyo_client = KlaviyoAPI(os.environ["KLAVIYO_PRIVATE_KEY"], max_delay=30, max_retries=5)
legacy = klaviyo.Klaviyo(public_token="AbC123", private_token=os.environ["KLAVIYO_PRIVATE_KEY"])
TEST_PHONE = "+1 (500) 555-0006"


class ProfileSync:
    def __init__(self, client: KlaviyoAPI):
        self.client = client

    def push(self, user):
        attributes = {"email": user.email, "phone_number": TEST_PHONE, "first_name": user.first}
        body = {"data": {"type": "profile", "attributes": attributes}}
        self.client.Profiles.create_profile(body)
        self.client.Profiles.create_profile_import(body)
        self.client.Profiles.create_or_update_profile({"data": {"type": "profile", "attributes": {
            "email": user.email, "externalId": user.id, "properties": {"loyaltyTier": "gold"}}}})


def record(order, attrs_from_elsewhere):
    attributes = EventCreateQueryV2ResourceObjectAttributes(
        properties={"order_id": order.id},
        metric={"data": {"type": "metric", "attributes": {"name": "Placed Order"}}},
        profile={"data": {"type": "profile", "attributes": {"email": order.email}}},
        value=order.total,
    )
    klaviyo_client.Events.create_event(
        EventCreateQueryV2(data=EventCreateQueryV2ResourceObject(type="event", attributes=attributes)))
    klaviyo_client.Events.create_event(attrs_from_elsewhere)
    klaviyo_client.Events.create_event({"data": {"type": "event", "attributes": {
        "properties": {}, "unique_id": f"order-{order.id}", "metric": {}, "profile": {}}}})
    legacy.Public.track("Placed Order", email=order.email)
