// Ternaries, if/else, for…of and forEach over literal collections (sample for tests).
const BASE = "https://a.klaviyo.com/api";

export async function load(kind: string, id: string) {
  const u = kind === "list" ? `${BASE}/lists/${id}` : `${BASE}/segments/${id}`;
  return fetch(u, { headers: { revision: "2023-02-22" } });
}

export async function create(isNew: boolean, body: unknown) {
  let url;
  if (isNew) {
    url = `${BASE}/profiles/`;
  } else {
    url = `${BASE}/profile-import/`;
  }
  return fetch(url, { method: "POST", body: JSON.stringify(body), signal, headers: { revision: "2026-10-15" } });
}

for (const [name, u] of [["lists", `${BASE}/lists/`], ["flows", `${BASE}/flows/`]]) {
  await fetch(u, { signal });
}
[`${BASE}/tags/`, "https://api.example.com/tags/"].forEach((u) => fetch(u, { signal }));
