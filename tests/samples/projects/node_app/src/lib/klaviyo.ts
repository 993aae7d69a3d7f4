import { KLAVIYO_BASE } from "../constants";

export async function klaviyoFetch(path: string, body: unknown) {
  return fetch(`${KLAVIYO_BASE}/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
    headers: { Authorization: `Klaviyo-API-Key ${process.env.KLAVIYO_PRIVATE_KEY}`, revision: "2026-10-15" },
  });
}
