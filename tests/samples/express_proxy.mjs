// An Express proxy and a worker that call Klaviyo with fetch (sample for tests).
import express from "express";

const app = express();
const KLAVIYO_REVISION = "2026-07-15";

app.post("/api/klaviyo/profiles", async (req, res) => {
  const klaviyoRes = await fetch("https://a.klaviyo.com/api/profiles/", {
    method: "POST",
    headers: {
      Authorization: `Klaviyo-API-Key ${process.env.KLAVIYO_API_KEY}`,
      revision: "2024-10-15",
      "Content-Type": "application/json",
    },
    body: JSON.stringify(req.body),
  });
  res.status(klaviyoRes.status).send(await klaviyoRes.text());
});

export default {
  async fetch(request, env) {
    const { email } = await request.json();
    const payload = {
      data: {
        type: "profile-subscription-bulk-create-job",
        attributes: { profiles: { data: [{ type: "profile", attributes: { email, phone_number: "5005550006" } }] } },
      },
    };
    const kRes = await fetch("https://a.klaviyo.com/api/profile-subscription-bulk-create-jobs", {
      method: "POST",
      headers: {
        Authorization: `Klaviyo-API-Key ${env.KLAVIYO_PRIVATE_KEY}`,
        accept: "application/json",
        revision: KLAVIYO_REVISION,
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(8000),
    });
    if (kRes.status === 409) {
      return new Response("already subscribed");
    }
    return new Response(null, { status: kRes.status });
  },
};

export async function createThenUpdate(email, id, key) {
  const created = await fetch("https://a.klaviyo.com/api/profiles/", {
    method: "POST",
    headers: { Authorization: `Klaviyo-API-Key ${key}`, revision: KLAVIYO_REVISION },
    body: JSON.stringify({ data: { type: "profile", attributes: { email } } }),
    signal: AbortSignal.timeout(8000),
  });
  if (created.status === 409) {
    return fetch(`https://a.klaviyo.com/api/profiles/${id}/`, { method: "PATCH", signal: AbortSignal.timeout(8000) });
  }
  return created;
}
