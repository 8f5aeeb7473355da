// SPEC 10: per-user routes without X-Acting-User act as the default user and never show another tenant's rows;
// per-user admin routes (uninstall) are authorised for the acting user. Two tenants, every per-user route.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;

let dir: string;
let k: K;
const r = (method: string, path: string, user?: string, body?: unknown) =>
  req(k.url!, k.token, method, path, { user, ...(body === undefined ? {} : { body }) });
const call = (user: string, tool: string, args: unknown) => r("POST", `/v1/call/${tool}`, user, { args });

beforeAll(async () => {
  dir = await buildFixture("notes.ts");
  k = await createKernel({
    extensionDir: dir,
    port: 0,
    writeDiscovery: false,
    limits: { promotionMs: 30_000 },
    // alice is the default user (first configured); t1 and t2 each have an admin.
    users: [
      { id: "alice", tenantId: "t1" },
      { id: "bob", tenantId: "t1" },
      { id: "root", tenantId: "t1", role: "admin" },
      { id: "carol", tenantId: "t2" },
      { id: "dan", tenantId: "t2", role: "admin" },
    ],
  });
  await call("alice", "create_note", { title: "alice-note" });
  await call("bob", "count_notes", {});
  await call("carol", "create_note", { title: "carol-secret" });
  await call("carol", "create_note", { title: "carol-secret-2" });
  await r("POST", "/v1/chat/turn", "carol", { message: "list my notes" });
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
});

describe("per-user routes without X-Acting-User", () => {
  it("GET /v1/audit shows the default user's tenant only, never another tenant's rows", async () => {
    const a = await r("GET", "/v1/audit?limit=1000");
    expect(a.status).toBe(200);
    expect(a.json.rows.every((x: any) => x.tenant_id === "t1" && ["alice", "bob", "root"].includes(x.user_id))).toBe(
      true,
    );
    expect(new Set(a.json.rows.map((x: any) => x.user_id))).toEqual(new Set(["alice", "bob"]));
    expect(JSON.stringify(a.json)).not.toContain("carol-secret");
    expect((await r("GET", "/v1/audit?limit=1")).json.rows.length).toBe(1);
    // With the header: that user's rows only.
    const b = await r("GET", "/v1/audit?limit=1000", "alice");
    expect(b.json.rows.every((x: any) => x.user_id === "alice")).toBe(true);
    const c = await r("GET", "/v1/audit?limit=1000", "carol");
    expect(c.json.rows.length).toBeGreaterThan(0);
    expect(c.json.rows.every((x: any) => x.user_id === "carol" && x.tenant_id === "t2")).toBe(true);
    expect((await r("GET", "/v1/audit", "mallory")).status).toBe(403);
  });

  it("GET /v1/skeleton, POST /v1/skeleton/{section}/refresh and GET /v1/fact-ledger act as the default user", async () => {
    expect((await r("GET", "/v1/skeleton")).json.user).toBe("alice");
    // The fixture has no skeleton section: the default user got past user resolution to the section check.
    expect((await r("POST", "/v1/skeleton/notes/refresh")).json.error.code).toBe("SKELETON_UNKNOWN_SECTION");
    const f = await r("GET", "/v1/fact-ledger");
    expect(f.json.user).toBe("alice");
    expect(JSON.stringify(f.json)).not.toContain("carol-secret");
    expect(JSON.stringify((await r("GET", "/v1/fact-ledger", "carol")).json)).toContain("carol-secret");
    for (const [m, p] of [
      ["GET", "/v1/skeleton"],
      ["POST", "/v1/skeleton/notes/refresh"],
      ["GET", "/v1/fact-ledger"],
    ] as const)
      expect((await r(m, p, "mallory")).json.error.code).toBe("UNKNOWN_USER");
  });

  it("POST /v1/panels/{id} renders for the default user", async () => {
    const p = await r("POST", "/v1/panels/sidebar", undefined, { props: {} });
    expect(JSON.stringify(p.json.ui)).toContain("Notes: 1");
    expect(JSON.stringify((await r("POST", "/v1/panels/sidebar", "carol", { props: {} })).json.ui)).toContain(
      "Notes: 2",
    );
  });

  it("GET /v1/events streams the default user's events, not another tenant's", async () => {
    const ac = new AbortController();
    const res = await fetch(`${k.url}/v1/events`, {
      headers: { authorization: `Bearer ${k.token}` },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await call("carol", "notify_me", { message: "for-carol-only" });
    await call("alice", "notify_me", { message: "for-alice" });
    let text = "";
    const dec = new TextDecoder();
    const deadline = Date.now() + 3_000;
    while (!text.includes("for-alice") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
    }
    ac.abort();
    expect(text).toContain("for-alice");
    expect(text).not.toContain("for-carol-only");
  });

  it("POST /v1/calls/{id}/cancel cannot cancel another tenant's call", async () => {
    const started: number[] = [];
    const off = k.onEvent((e) => {
      if (e.type === "call_started" && e.userId === "carol") started.push(e.data.call_id as number);
    });
    const pending = call("carol", "sleep", { ms: 1_500 });
    for (let i = 0; i < 200 && started.length === 0; i++) await new Promise((x) => setTimeout(x, 10));
    off();
    expect((await r("POST", `/v1/calls/${started[0]}/cancel`)).status).toBe(404);
    expect((await r("POST", `/v1/calls/${started[0]}/cancel`, "bob")).status).toBe(404);
    expect((await pending).json.outcome).toBe("completed");
  });

  it("action routes still require the header (400), so nothing runs as a guessed user", async () => {
    expect((await r("POST", "/v1/call/noop", undefined, { args: {} })).json.error.code).toBe("ACTING_USER_REQUIRED");
    expect((await r("POST", "/v1/chat/turn", undefined, { message: "hi" })).json.error.code).toBe(
      "ACTING_USER_REQUIRED",
    );
  });
});

describe("uninstall is authorised for the acting user", () => {
  const uninstall = (target: string, actor?: string) => r("POST", `/v1/users/${target}/uninstall`, actor);
  const cached = async (user: string) =>
    (await call(user, "cache_get", { key: "mark" })).json.results[0].data.value as unknown;

  it("only the user itself or an admin of its own tenant may uninstall it", async () => {
    for (const u of ["alice", "bob", "carol"]) await call(u, "cache_set", { key: "mark", value: u });
    // No header = the default user (alice): not carol (other tenant), not bob (same tenant, not admin).
    for (const [target, actor] of [
      ["carol", undefined],
      ["bob", undefined],
      ["carol", "bob"],
      ["carol", "root"], // admin, but of t1
      ["bob", "dan"], // admin, but of t2
      ["alice", "carol"],
    ] as const) {
      const x = await uninstall(target, actor);
      expect(x.status).toBe(403);
      expect(x.json.error.code).toBe("WRONG_USER");
    }
    expect(await cached("carol")).toBe("carol");
    expect(await cached("bob")).toBe("bob");
    expect(await cached("alice")).toBe("alice");
    expect((await uninstall("mallory", "alice")).json.error.code).toBe("UNKNOWN_USER");

    expect((await uninstall("carol", "dan")).status).toBe(200);
    expect(await cached("carol")).toBeNull();
    expect((await uninstall("bob", "root")).status).toBe(200);
    expect(await cached("bob")).toBeNull();
    expect((await uninstall("alice")).status).toBe(200); // the default user uninstalling itself
    expect(await cached("alice")).toBeNull();
  });
});
