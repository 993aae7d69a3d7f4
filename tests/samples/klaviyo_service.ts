// A TypeScript Klaviyo service of the kind found in real Node integrations (sample for tests).
import axios, { AxiosInstance } from "axios";
import crypto from "node:crypto";
import {
  ApiKeySession,
  EventsApi,
  ProfilesApi,
  RetryWithExponentialBackoff,
} from "klaviyo-api";

const KLAVIYO_BASE = "https://a.klaviyo.com/api";
const REVISION = "2025-01-15";
const HEADERS = {
  Authorization: `Klaviyo-API-Key ${process.env.KLAVIYO_PRIVATE_KEY}`,
  accept: "application/vnd.api+json",
  revision: REVISION,
};

const session = new ApiKeySession(
  process.env.KLAVIYO_PRIVATE_KEY!,
  new RetryWithExponentialBackoff({ retryCodes: [429, 503], numRetries: 1, maxInterval: 10 }),
);

export class KlaviyoService {
  private profiles: ProfilesApi;
  private http: AxiosInstance;

  constructor(private events: EventsApi) {
    this.profiles = new ProfilesApi(session);
    this.http = axios.create({ baseURL: KLAVIYO_BASE, headers: HEADERS, timeout: 10_000 });
  }

  async upsert(email: string) {
    return this.profiles.createOrUpdateProfile({
      data: { type: "profile" as any, attributes: { email, phoneNumber: "+15005550006" } },
    } satisfies object as any);
  }

  async create(email: string) {
    return this.profiles.createProfile({ data: { type: "profile", attributes: { email } } } as any);
  }

  async track(order: { id: string; email: string; total: number }) {
    await this.events.createEvent({
      data: {
        type: "event",
        attributes: {
          properties: { orderId: order.id, event_id: order.id },
          value: order.total,
          metric: { data: { type: "metric", attributes: { name: "Placed Order" } } },
          profile: { data: { type: "profile", attributes: { email: order.email } } },
        },
      },
    } as any);
  }

  async lists() {
    const { data } = await this.http.get("/lists/");
    return data;
  }

  async segments() {
    return fetch(`${KLAVIYO_BASE}/segments/`, { headers: { ...HEADERS } });
  }

  async stripe() {
    return fetch("https://api.stripe.com/v1/charges", { method: "POST" });
  }
}

export function verify(body: string, timestamp: string, signature: string, secret: string): boolean {
  const digest = crypto.createHmac("sha256", secret).update(body + timestamp).digest("hex");
  return digest === signature;
}
