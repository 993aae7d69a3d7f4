import { klaviyoFetch } from "../lib/klaviyo";
import { KLAVIYO_BASE } from "../constants";
import { BASE } from "../lib/reexport";

export async function POST(req: Request) {
  const body = await req.json();
  await klaviyoFetch("profiles/", { data: { type: "profile", attributes: body } });
  await fetch(`${KLAVIYO_BASE}/lists/`, { signal });
  return fetch(`${BASE}/segments/`, { signal });
}
