import { KLAVIYO_BASE } from "@/constants";

export const send = async (path: string, body: unknown) =>
  fetch(`${KLAVIYO_BASE}/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
    headers: { Authorization: `Klaviyo-API-Key ${process.env.KLAVIYO_PRIVATE_KEY}`, revision: "2026-10-15" },
  });
