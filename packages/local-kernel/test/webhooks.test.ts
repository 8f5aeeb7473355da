// SPEC 7.5 through a real kernel on 127.0.0.1: webhooks are served without the bearer token at
// /v1/ext/{app_id}/webhook/{path}; 401 without the secret header (before the handler), 404/405, 413, the reply forms,
// 500 without a stack, the `__webhook__` identity with asUser, the audit row — and no path trick reaches the rest
// of the API without the token.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformTool, WEBHOOK_USER_ID } from "@imperal/sdk/patterns";
import { buildFixture, cleanup } from "./helpers.js";
import { auditOf, Harness, stateOf, type K } from "./lifecycle-helpers.js";

const INBOX = platformTool({ kind: "webhook", path: "inbox" });
let dir: string;
let k: K;
const h = new Harness();

beforeAll(async () => {
  dir = await buildFixture("lifecycle.ts", undefined, { tag: "1.0.0" });
  k = await h.boot(dir);
});
afterAll(async () => {
  await h.closeAll();
  cleanup(dir);
});

/** A raw HTTP request (the path is sent exactly as given: fetch would normalise dot segments first). */
function raw(
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any }> {
  const u = new URL(k.url!);
  return new Promise((resolve, reject) => {
    const r = request({ host: u.hostname, port: u.port, method, path, headers: o.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    r.on("error", reject);
    r.end(o.body);
  });
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  raw("POST", `/v1/ext/life/webhook/${path}`, {
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("webhooks", () => {
  it("without the secret header: 401 before the handler runs (no audit row)", async () => {
    const r = await post("inbox", { user: "alice", title: "x" });
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ code: "WEBHOOK_UNAUTHORIZED" });
    expect(r.json.error.message).toContain("X-Life-Secret");
    expect(r.json.error.fix).toBeTruthy();
    expect(auditOf(k, INBOX)).toHaveLength(0);
  });

  it("with it and no bearer token: 201, runs as __webhook__, the asUser write is that user's, audited", async () => {
    const r = await post("inbox", { user: "alice", title: "from outside" }, { "X-Life-Secret": "s3cret" });
    expect(r.status).toBe(201);
    expect(r.headers["content-type"]).toMatch(/application\/json/);
    expect(r.json).toMatchObject({ by: WEBHOOK_USER_ID });
    expect(typeof r.json.note_id).toBe("string");
    expect((await stateOf(k, "alice")).notes).toBe(1);
    expect((await stateOf(k, "bob")).notes).toBe(0);
    const rows = auditOf(k, INBOX);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: WEBHOOK_USER_ID, status: "executed", source: "webhook" });
    expect(rows[0].args.method).toBe("POST");
    expect(rows[0].args.headers).toContain("x-life-secret");
    expect(JSON.stringify(rows[0].args)).not.toContain("s3cret"); // header names only, never values or the body
    expect(JSON.stringify(rows[0].args)).not.toContain("from outside");
  });

  it("the handler checks the secret's value itself (here: 403 from the handler)", async () => {
    const r = await post("inbox", { user: "alice", title: "x" }, { "X-Life-Secret": "wrong" });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ error: "bad secret" });
  });

  it("unknown path or app: 404; another method than registered: 405 with Allow", async () => {
    const a = await post("nope", {});
    expect([a.status, a.json.error.code]).toEqual([404, "NOT_FOUND"]);
    expect(a.json.error.fix).toContain("POST inbox");
    const b = await raw("POST", "/v1/ext/other-app/webhook/inbox");
    expect([b.status, b.json.error.code]).toEqual([404, "NOT_FOUND"]);
    const c = await raw("GET", "/v1/ext/life/webhook/inbox");
    expect([c.status, c.json.error.code]).toEqual([405, "METHOD_NOT_ALLOWED"]);
    expect(c.headers.allow).toBe("POST");
  });

  it("a body over 1 MiB is 413 and the handler does not run", async () => {
    const before = auditOf(k, platformTool({ kind: "webhook", path: "boom" })).length;
    const r = await raw("POST", "/v1/ext/life/webhook/boom", { body: Buffer.alloc(1024 * 1024 + 10, 97) });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("BODY_TOO_LARGE");
    expect(auditOf(k, platformTool({ kind: "webhook", path: "boom" })).length).toBe(before);
  });

  it("a throwing handler is 500 with a JSON error, no stack and no handler message; audited as failed", async () => {
    const r = await post("boom", {});
    expect(r.status).toBe(500);
    expect(r.json.error.code).toBe("HANDLER_ERROR");
    expect(r.text).not.toContain("exploded");
    expect(r.text).not.toContain("internal/path.ts");
    expect(r.text).not.toMatch(/\bat \S+:\d+/);
    const row = auditOf(k, platformTool({ kind: "webhook", path: "boom" })).at(-1);
    expect(row).toMatchObject({ status: "failed", error_code: "HANDLER_ERROR" });
    expect(r.json.error.fix).toContain(row.id);
  });

  it("string replies are text with the handler's safe headers only; nested paths; an empty reply is 204", async () => {
    const t = await raw("GET", "/v1/ext/life/webhook/text?q=hello");
    expect(t.status).toBe(202);
    expect(t.text).toBe("q=hello");
    expect(t.headers["content-type"]).toBe("text/csv");
    expect(t.headers["x-life"]).toBe("yes");
    expect(t.headers["set-cookie"]).toBeUndefined();
    expect(t.headers.connection).not.toBe("close");
    const n = await raw("PUT", "/v1/ext/life/webhook/github/push", { body: "abc" });
    expect([n.status, n.json]).toEqual([200, { path: "github/push", len: 3 }]);
    const e = await post("empty", {});
    expect([e.status, e.text]).toEqual([204, ""]);
  });

  it("no path trick reaches a token-protected route without the token", async () => {
    for (const path of [
      "/v1/ext/../health",
      "/v1/ext/life/webhook/../../../health",
      "/v1/ext/life/webhook/%2e%2e/%2e%2e/%2e%2e/audit",
      "/v1/ext/life/webhook/inbox/../../../../tools",
      "/v1/ext/life/webhooks/inbox",
      "/v1/ext/life/webhook",
      "/v1/ext/life/webhook/",
      "//v1/ext/life/webhook/text/../../../../health",
    ]) {
      const r = await raw("GET", path);
      expect(r.status, path).toBe(401);
      expect(r.json.error.code, path).toBe("UNAUTHORIZED");
    }
    // An encoded slash stays inside the webhook path: it names no registered webhook.
    const enc = await raw("GET", "/v1/ext/life/webhook/..%2f..%2f..%2fhealth");
    expect(enc.status).toBe(404);
    expect(enc.json.error.code).toBe("NOT_FOUND");
    const call = await raw("POST", "/v1/call/state", { headers: { "x-acting-user": "alice" }, body: "{}" });
    expect(call.status).toBe(401);
  });
});
