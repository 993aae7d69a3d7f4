// Helpers every call funnels through and a URL-builder arrow function (sample for tests).
import axios from "axios";

const BASE = "https://a.klaviyo.com/api";

export class Klaviyo {
  private headers() {
    return { Authorization: `Klaviyo-API-Key ${this.key}`, revision: "2026-10-15" };
  }

  private request(method: string, path: string, data?: unknown) {
    return axios.request({ method, url: `${BASE}/${path}`, headers: this.headers(), data, timeout: 5000 });
  }

  track(order: Order) {
    return this.request("post", "events/", { data: { type: "event", attributes: { metric, profile, properties: {} } } });
  }

  trackOk(order: Order) {
    return this.request("post", "events/", { data: { type: "event", attributes: { metric, profile, unique_id: order.id } } });
  }

  create(attrs: object) {
    return this.request("post", "profiles/", { data: { type: "profile", attributes: attrs } });
  }
}

const listUrl = (id: string) => `${BASE}/lists/${id}/`;
export async function list(id: string) {
  return fetch(listUrl(id), { signal });
}
