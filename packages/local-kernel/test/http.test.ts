import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { request } from "node:http";
import { statSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;
const data = (r: { results: unknown[] }, i = 0) => (r.results[i] as { data: any }).data;

let dir: string;
let k: K;
let url: string;
let token: string;
const call = (user: string | undefined, tool: string, args: unknown) =>
  req(url, token, "POST", `/v1/call/${tool}`, { body: { args }, user });

beforeAll(async () => {
  dir = await buildFixture("notes.ts");
  k = await createKernel({
    extensionDir: dir,
    port: 0,
    limits: { promotionMs: 30_000 },
    users: [{ id: "alice" }, { id: "bob" }, { id: "carol", tenantId: "other-tenant" }],
  });
  url = k.url!;
  token = k.token;
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
});

describe("HTTP protocol", () => {
  it("binds 127.0.0.1 and writes .imperal/dev.json with mode 0600", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const p = join(dir, ".imperal", "dev.json");
    expect(statSync(p).mode & 0o777).toBe(0o600);
    const d = JSON.parse(readFileSync(p, "utf8"));
    expect(d.token).toBe(token);
    expect(d.url).toBe(url);
  });

  it("reports a busy port with a stable code", async () => {
    await expect(
      createKernel({
        extensionDir: dir,
        stateDir: join(dir, "state2"),
        port: Number(new URL(url).port),
        writeDiscovery: false,
      }),
    ).rejects.toMatchObject({ code: "PORT_IN_USE" });
  });

  it("requires the bearer token on every route", async () => {
    for (const [m, p] of [
      ["GET", "/v1/health"],
      ["GET", "/v1/tools"],
      ["POST", "/v1/call/noop"],
      ["GET", "/v1/audit"],
      ["GET", "/nope"],
    ] as const) {
      expect((await req(url, undefined, m, p)).status).toBe(401);
      expect((await req(url, "wrong", m, p)).status).toBe(401);
    }
    const r = await req(url, undefined, "GET", "/v1/health");
    expect(r.json.error.code).toBe("UNAUTHORIZED");
  });

  it("accepts the auth scheme in any case but never a wrong or padded token", async () => {
    const raw = (auth: string) => fetch(`${url}/v1/health`, { headers: { authorization: auth } }).then((r) => r.status);
    expect(await raw(`bearer ${token}`)).toBe(200);
    expect(await raw(`BEARER ${token}`)).toBe(200);
    expect(await raw(`Bearer ${token}x`)).toBe(401);
    expect(await raw(`Basic ${token}`)).toBe(401);
    expect(await raw(`Bearer`)).toBe(401);
  });

  it("answers a direct call with the turn object, classification null (no classifier ran)", async () => {
    const r = await call("alice", "create_note", { title: "shape check" });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).slice(0, 2)).toEqual(["turn_id", "classification"]);
    expect(r.json.classification).toBeNull();
    expect(r.json.outcome).toBe("completed");
    expect(Array.isArray(r.json.results)).toBe(true);
  });

  it("answers unknown routes 404 and wrong methods 405 with JSON", async () => {
    const a = await req(url, token, "GET", "/v1/nothing");
    expect(a.status).toBe(404);
    expect(a.json.error.code).toBe("NOT_FOUND");
    expect(a.json.error.fix).toBeTruthy();
    expect((await req(url, token, "GET", "/v1/call/noop")).status).toBe(405);
  });

  it("rejects malformed JSON, non-object bodies and missing X-Acting-User with 400", async () => {
    const a = await req(url, token, "POST", "/v1/call/noop", { raw: "{not json", user: "alice" });
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe("MALFORMED_JSON");
    expect((await req(url, token, "POST", "/v1/call/noop", { raw: "[1,2]", user: "alice" })).status).toBe(400);
    expect((await req(url, token, "POST", "/v1/call/noop", { body: { args: "x" }, user: "alice" })).status).toBe(400);
    const m = await req(url, token, "POST", "/v1/call/noop", { body: { args: {} } });
    expect(m.status).toBe(400);
    expect(m.json.error.code).toBe("ACTING_USER_REQUIRED");
    expect((await req(url, token, "POST", "/v1/call/noop", { body: {}, user: "bad user!" })).status).toBe(400);
  });

  it("refuses bodies over 1 MiB with 413 and keeps serving", async () => {
    const big = JSON.stringify({ args: { title: "x".repeat(5 * 1024 * 1024) } });
    const r = await req(url, token, "POST", "/v1/call/create_note", {
      raw: big,
      user: "alice",
      headers: { "content-type": "application/json" },
    }).catch((e) => ({ status: -1, json: String(e) }));
    expect([413, -1]).toContain(r.status);
    // chunked (no content-length) upload is cut off too
    const status = await new Promise<number>((resolve) => {
      const u = new URL(url);
      const rq = request(
        {
          host: u.hostname,
          port: u.port,
          path: "/v1/call/create_note",
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "x-acting-user": "alice", "transfer-encoding": "chunked" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      rq.on("error", () => resolve(-1));
      const chunk = Buffer.alloc(256 * 1024, 97);
      let sent = 0;
      const pump = () => {
        while (sent < 20 && rq.write(chunk)) sent++;
        if (sent < 20)
          rq.once("drain", () => {
            sent++;
            pump();
          });
        else rq.end();
      };
      pump();
    });
    expect([413, -1]).toContain(status);
    expect((await req(url, token, "GET", "/v1/health")).status).toBe(200);
    expect(
      k
        .audit(50)
        .some(
          (x) => x.tool === "create_note" && x.user_id === "alice" && String((x.args as any).title ?? "").length > 1000,
        ),
    ).toBe(false);
  });

  it("serves health, tools, and chat turns (wired by part 2)", async () => {
    const h = await req(url, token, "GET", "/v1/health");
    expect(h.json.ok).toBe(true);
    expect(h.json.build.id).toMatch(/^[0-9a-f]{12}$/);
    expect(typeof h.json.uptime_s).toBe("number");
    const t = await req(url, token, "GET", "/v1/tools");
    expect(t.json.app_id).toBe("notes");
    expect(t.json.tools.find((x: any) => x.name === "create_note").params_schema.properties.title).toBeTruthy();
    expect(t.json.panels[0].panel_id).toBe("sidebar");
    const c = await req(url, token, "POST", "/v1/chat/turn", { body: { message: "hi" }, user: "alice" });
    expect(c.status).toBe(200);
    expect(c.json.outcome).toBe("chat");
  });

  it("answers rejections with 200 + outcome rejected + stable code", async () => {
    const r = await call("alice", "get_note", { note_id: "<NOTE_ID>" });
    expect(r.status).toBe(200);
    expect(r.json.outcome).toBe("rejected");
    expect(r.json.code).toBe("PLACEHOLDER_ARG");
    const f = await call("alice", "get_note", { note_id: "abcdef123456" });
    expect(f.json.code).toBe("FABRICATED_ID");
  });
});

describe("per-user isolation through every route", () => {
  it("user B can never read, count, update or delete A's documents, cache keys, secrets or files", async () => {
    const a = await call("alice", "create_note", { title: "alice-private" });
    const noteId = data(a.json).note_id;
    await call("alice", "cache_set", { key: "k1", value: { secret: "alice-cache" } });
    await call("alice", "secret_set", { name: "api_key", value: "alice-s3cret" });
    await call("alice", "file_put", { path: "docs/a.txt", content: "alice-file" });
    expect(data((await call("alice", "cache_get", { key: "k1" })).json).value).toEqual({ secret: "alice-cache" });

    // Bob has never seen the id: the guard stops him.
    expect((await call("bob", "get_note", { note_id: noteId })).json.code).toBe("FABRICATED_ID");
    // Make the id "seen" for bob (he typed it as an arg of an earlier call), so the store itself is tested.
    await call("bob", "create_note", { title: noteId });
    const g = await call("bob", "get_note", { note_id: noteId });
    expect(g.json.results[0].error_code).toBe("NOTE_NOT_FOUND");
    const u = await call("bob", "update_note", { note_id: noteId, title: "pwned" });
    expect(u.json.results[0].status).toBe("error");
    const d = await call("bob", "delete_note", { note_id: noteId });
    expect(d.json.outcome).toBe("needs_confirmation");
    const acc = await req(url, token, "POST", `/v1/confirmations/${d.json.confirmation.id}/accept`, { user: "bob" });
    expect(acc.json.results[0].status).toBe("error");
    expect(data((await call("bob", "count_notes", {})).json).total).toBe(1);
    const l = data((await call("bob", "list_notes", { where_title: "alice-private" })).json);
    expect(l.total).toBe(0);
    expect(data((await call("bob", "cache_get", { key: "k1" })).json).value).toBeNull();
    const s = data((await call("bob", "secret_get", { name: "api_key" })).json);
    expect(s.value).toBeNull();
    const fl = data((await call("bob", "file_list", { prefix: "" })).json);
    expect(fl.paths).toEqual([]);
    const fg = await call("bob", "file_get", { path: "docs/a.txt" });
    expect(fg.json.results[0].status).toBe("error");
    const esc = await call("bob", "file_get", { path: "../alice/files/docs/a.txt" });
    expect(esc.json.results[0].status).toBe("error");
    expect(JSON.stringify(esc.json)).not.toContain("alice-file");
    const panel = await req(url, token, "POST", "/v1/panels/sidebar", { body: { props: {} }, user: "bob" });
    expect(JSON.stringify(panel.json.ui)).toContain("Notes: 1");
    // carol (other tenant) sees nothing either
    expect(data((await call("carol", "count_notes", {})).json).total).toBe(0);
    // audit and events are filtered by the acting user
    const audit = await req(url, token, "GET", "/v1/audit?limit=200", { user: "bob" });
    expect(audit.json.rows.every((r: any) => r.user_id === "bob")).toBe(true);
    expect(JSON.stringify(audit.json)).not.toMatch(/alice-cache|alice-s3cret|alice-file/);
    // alice still has everything
    expect(data((await call("alice", "get_note", { note_id: noteId })).json).title).toBe("alice-private");
    expect(data((await call("alice", "file_get", { path: "docs/a.txt" })).json).content).toBe("alice-file");
    expect(data((await call("alice", "secret_get", { name: "api_key" })).json).value).toBe("alice-s3cret");
  });

  it("secret values never reach the kernel log", async () => {
    await call("alice", "secret_set", { name: "api_key", value: "never-log-this-value" });
    const log = readFileSync(join(k.stateDir, "kernel.log"), "utf8");
    expect(log).not.toContain("never-log-this-value");
  });

  it("storage paths cannot escape", async () => {
    for (const p of ["../x", "/etc/passwd", "a/../../b", "a\\..\\b", "a//b", "./a"]) {
      const r = await call("alice", "file_put", { path: p, content: "x" });
      expect(r.json.results[0].status).toBe("error");
    }
  });
});

describe("confirmation attacks", () => {
  const intercept = async () => {
    const id = data((await call("alice", "create_note", { title: "target" })).json).note_id;
    const other = data((await call("alice", "create_note", { title: "bystander" })).json).note_id;
    const r = await call("alice", "delete_note", { note_id: id });
    expect(r.json.outcome).toBe("needs_confirmation");
    return { cid: r.json.confirmation.id as string, id, other };
  };

  it("rejects a body (400), even an empty JSON object, and a query string", async () => {
    const { cid, id, other } = await intercept();
    const tampered = await req(url, token, "POST", `/v1/confirmations/${cid}/accept`, {
      body: { args: { note_id: other } },
      user: "alice",
    });
    expect(tampered.status).toBe(400);
    expect(tampered.json.error.code).toBe("BODY_NOT_ALLOWED");
    expect(
      (await req(url, token, "POST", `/v1/confirmations/${cid}/accept`, { raw: "{}", user: "alice" })).status,
    ).toBe(400);
    expect(
      (await req(url, token, "POST", `/v1/confirmations/${cid}/accept?user=alice`, { user: "alice" })).status,
    ).toBe(400);
    // still pending; accepting executes exactly the stored call (not the tampered args)
    const ok = await req(url, token, "POST", `/v1/confirmations/${cid}/accept`, { user: "alice" });
    expect(ok.status).toBe(200);
    expect(ok.json.results[0].data.deleted).toBe(id);
    expect(data((await call("alice", "get_note", { note_id: other })).json).title).toBe("bystander");
  });

  it("requires X-Acting-User (400) of the owner (403)", async () => {
    const { cid } = await intercept();
    const a = await req(url, token, "POST", `/v1/confirmations/${cid}/accept`);
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe("ACTING_USER_REQUIRED");
    expect((await req(url, token, "POST", `/v1/confirmations/${cid}/accept`, { user: "bob" })).status).toBe(403);
    expect((await req(url, token, "POST", `/v1/confirmations/${cid}/cancel`, { user: "bob" })).status).toBe(403);
    expect((await req(url, token, "POST", `/v1/confirmations/${cid}/accept`, { user: "carol" })).status).toBe(403);
    expect((await req(url, token, "POST", `/v1/confirmations/${cid}/cancel`, { user: "alice" })).status).toBe(200);
  });

  it("can be used once (replay -> 409) and unknown ids -> 404", async () => {
    const { cid } = await intercept();
    expect((await req(url, token, "POST", `/v1/confirmations/${cid}/accept`, { user: "alice" })).status).toBe(200);
    const replay = await req(url, token, "POST", `/v1/confirmations/${cid}/accept`, { user: "alice" });
    expect(replay.status).toBe(409);
    expect(replay.json.error.code).toBe("CONFIRMATION_USED");
    expect((await req(url, token, "POST", `/v1/confirmations/${cid}/cancel`, { user: "alice" })).status).toBe(409);
    expect((await req(url, token, "POST", "/v1/confirmations/cnf_unknown/accept", { user: "alice" })).status).toBe(404);
    // concurrent double accept: exactly one wins
    const { cid: c2 } = await intercept();
    const both = await Promise.all(
      [1, 2].map(() => req(url, token, "POST", `/v1/confirmations/${c2}/accept`, { user: "alice" })),
    );
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
  });
});

describe("cancellation", () => {
  it("cancels a running call via the API (owner only); ctx.signal aborts", async () => {
    const started: number[] = [];
    const off = k.onEvent((e) => {
      if (e.type === "call_started" && e.userId === "alice" && e.data.tool === "sleep")
        started.push(e.data.call_id as number);
    });
    const pending = call("alice", "sleep", { ms: 20_000 });
    for (let i = 0; i < 400 && started.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    off();
    const id = started[0]!;
    expect((await req(url, token, "POST", `/v1/calls/${id}/cancel`, { user: "bob" })).status).toBe(404);
    expect((await req(url, token, "POST", `/v1/calls/${id}/cancel`, { user: "alice" })).status).toBe(200);
    const r = await pending;
    expect(r.json.outcome).toBe("rejected");
    expect(r.json.code).toBe("CANCELLED");
    expect(k.audit(5).find((x) => x.tool === "sleep")!.status).toBe("cancelled");
  });
});

describe("events and uninstall", () => {
  it("streams a user's events over SSE, not other users' ones", async () => {
    const ac = new AbortController();
    const res = await fetch(url + "/v1/events", {
      headers: { authorization: `Bearer ${token}`, "x-acting-user": "bob" },
      signal: ac.signal,
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = "";
    await call("alice", "notify_me", { message: "for-alice-only" });
    await call("bob", "notify_me", { message: "for-bob" });
    const dec = new TextDecoder();
    const deadline = Date.now() + 3000;
    while (!text.includes("for-bob") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
    }
    ac.abort();
    expect(text).toContain("event: notification");
    expect(text).toContain("for-bob");
    expect(text).not.toContain("for-alice-only");
  });

  it("uninstall purges a user's kernel state and announces it", async () => {
    const purged: string[] = [];
    const off = k.onEvent((e) => {
      if (e.type === "uninstall") purged.push(e.data.user);
    });
    await call("bob", "cache_set", { key: "bk", value: 1 });
    // Without X-Acting-User the route acts as the default user (alice), who may not uninstall bob.
    expect((await req(url, token, "POST", "/v1/users/bob/uninstall")).status).toBe(403);
    const r = await req(url, token, "POST", "/v1/users/bob/uninstall", { user: "bob" });
    off();
    expect(r.status).toBe(200);
    expect(purged).toEqual(["bob"]);
    expect(data((await call("bob", "cache_get", { key: "bk" })).json).value).toBeNull();
    expect((await req(url, token, "POST", "/v1/users/bob/uninstall", { user: "alice" })).status).toBe(403);
  });

  it("serves the skeleton and fact-ledger routes of the route table for the acting user", async () => {
    const r = await req(url, token, "GET", "/v1/skeleton", { user: "alice" });
    expect(r.status).toBe(200);
    expect((r.json as { user: string; sections: unknown[] }).user).toBe("alice");
    expect((r.json as { sections: unknown[] }).sections).toEqual([]);
    const f = await req(url, token, "GET", "/v1/fact-ledger", { user: "alice" });
    expect((f.json as { user: string }).user).toBe("alice");
  });
});
