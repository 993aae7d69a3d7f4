import { send } from "@/lib/events";

export async function POST(req: Request) {
  const attributes = await req.json();
  return send("profiles/", { data: { type: "profile", attributes } });
}
