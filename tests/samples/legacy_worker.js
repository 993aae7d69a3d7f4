// A CommonJS worker mixing old and new Klaviyo code (sample for tests).
const Klaviyo = require("node-klaviyo");
const got = require("got");
const fetch = require("node-fetch");
const superagent = require("superagent");
const { EventsApi, ApiKeySession } = require("klaviyo-api");

const KLAVIYO_PRIVATE_KEY = process.env.KLAVIYO_PRIVATE_KEY;
const client = new Klaviyo({ publicToken: "AbC123", privateToken: KLAVIYO_PRIVATE_KEY });
const events = new EventsApi(new ApiKeySession(KLAVIYO_PRIVATE_KEY));

async function subscribe(listId, email) {
  return got.post(`https://a.klaviyo.com/api/v2/list/${listId}/subscribe`, {
    searchParams: { api_key: KLAVIYO_PRIVATE_KEY },
    json: { profiles: [{ email }] },
    timeout: { request: 10000 },
  });
}

async function track(order) {
  const headers = { Authorization: "Klaviyo-API-Key " + KLAVIYO_PRIVATE_KEY };
  headers["revision"] = "2026-10-15";
  return fetch("https://a.klaviyo.com/api/events/", {
    method: "POST",
    headers,
    body: JSON.stringify({ data: { type: "event", attributes: {
      properties: {}, unique_id: String(order.id), metric: {}, profile: {} } } }),
    signal: AbortSignal.timeout(5000),
  });
}

async function sdkTrack(order) {
  await events.bulkCreateEvents({ data: { type: "event-bulk-create-job", attributes: {
    eventsBulkCreate: { data: [{ type: "event-bulk-create", attributes: {
      profile: {}, events: { data: [{ type: "event", attributes: { properties: {}, metric: {} } }] } } }] } } } });
}

function lists() {
  return superagent.get("https://a.klaviyo.com/api/lists/").set("Authorization", `Bearer ${KLAVIYO_PRIVATE_KEY}`);
}

module.exports = { subscribe, track, sdkTrack, lists, client };
