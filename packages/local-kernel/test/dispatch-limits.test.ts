// SPEC 10 "Holding up" and SPEC 9 "Honest outcomes" on a real kernel over HTTP: argument depth, result size, the
// one-copy turn object, failed outcomes, the schema retry budget and the started/completed audit row.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { join } from "node:path";
import Database from "better-sqlite3";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;

/** A raw JSON body `{"args":{"data":{"a":{"a":...1}}}}` whose args nest `levels` deep (args object = level 1). */
function deepBody(levels: number): string {
  const n = levels - 1;
  return `{"args":{"data":${'{"a":'.repeat(n)}1${"}".repeat(n)}}}`;
}
/** `{ a: { a: ... } }` with `levels` objects, built without recursion. */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

let dir: string;
let k: K;
let url: string;
let token: string;
const post = (path: string, opts: { body?: unknown; raw?: string; user?: string } = {}) =>
  req(url, token, "POST", path, { user: "alice", ...opts });
const call = (tool: string, args: unknown, user = "alice") => post(`/v1/call/${tool}`, { body: { args }, user });
const auditRows = async (user = "alice", limit = 5) =>
  (await req(url, token, "GET", `/v1/audit?limit=${limit}`, { user })).json.rows as Array<Record<string, any>>;

beforeAll(async () => {
  dir = await buildFixture("dispatch.ts");
  k = await createKernel({
    extensionDir: dir,
    port: 0,
    limits: { promotionMs: 30_000, callTimeoutMs: 2_000, cancelGraceMs: 500 },
    users: [
      { id: "alice" },
      { id: "careful", confirmations: { enabled: true, actions: { write: true, destructive: true } } },
    ],
    // A classifier that proposes whatever the message asks for, so the chat path can be fed hostile args.
    classifier: {
      kind: "embedded",
      classify: async ({ message }) => {
        const m = /^deep (\d+)$/.exec(message);
        const plan = m ? [{ tool: "echo", args: { data: nested(Number(m[1])) } }] : [];
        return {
          intent: m ? "action" : "chat",
          confidence: 1,
          language: "en",
          plan,
          is_destructive: false,
          is_acceptance: false,
        };
      },
    },
  });
  url = k.url!;
  token = k.token;
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
});

describe("argument depth (SPEC 10)", () => {
  it("answers 400 ARGS_TOO_DEEP for 65 / 2,000 / 100,000 levels, audits each as rejected, never a 500", async () => {
    expect((await post("/v1/call/echo", { raw: deepBody(64) })).json.outcome).toBe("completed");
    for (const levels of [65, 2_000, 100_000]) {
      const r = await post("/v1/call/echo", { raw: deepBody(levels) });
      expect([levels, r.status, r.json.error?.code]).toEqual([levels, 400, "ARGS_TOO_DEEP"]);
      expect(r.json.error.fix).toMatch(/64 levels/);
      const [row] = await auditRows("alice", 1);
      expect(row).toMatchObject({ tool: "echo", status: "rejected", error_code: "ARGS_TOO_DEEP" });
      // the ledger keeps the args cut at the limit (serializing the original could overflow)
      expect(JSON.stringify(row!.args)).toContain("nested deeper than 64 levels");
    }
    expect((await req(url, token, "GET", "/v1/health")).json.ok).toBe(true);
  });

  it("rejects deep args before a confirmation is stored, and on kernel.call and panel props too", async () => {
    const r = await call("create_note", { title: "x", extra: nested(500) }, "careful");
    expect([r.status, r.json.error?.code]).toEqual([400, "ARGS_TOO_DEEP"]);
    expect((await auditRows("careful", 1))[0]).toMatchObject({ status: "rejected", error_code: "ARGS_TOO_DEEP" });
    await expect(k.call("alice", "echo", { data: nested(3_000) })).rejects.toMatchObject({
      code: "ARGS_TOO_DEEP",
      status: 400,
    });
    const p = await post("/v1/panels/summary", { body: { props: nested(70) } });
    expect([p.status, p.json.error?.code]).toEqual([400, "ARGS_TOO_DEEP"]);
  });

  it("a chat turn whose plan nests too deep is a rejected, audited turn (the message itself was fine)", async () => {
    const r = await post("/v1/chat/turn", { body: { message: "deep 5000" } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ outcome: "rejected", code: "ARGS_TOO_DEEP" });
    expect((await auditRows())[0]).toMatchObject({ tool: "echo", status: "rejected", error_code: "ARGS_TOO_DEEP" });
  });
});

describe("results (SPEC 10)", () => {
  it("carries each result once: in results[], with calls[].result_index pointing at it", async () => {
    const bytes = 3 * 1024 * 1024;
    const res = await fetch(`${url}/v1/call/big_result`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-acting-user": "alice", "content-type": "application/json" },
      body: JSON.stringify({ args: { bytes } }),
    });
    const text = await res.text();
    expect(text.length).toBeGreaterThan(bytes);
    expect(text.length).toBeLessThan(bytes + 64 * 1024);
    const t = JSON.parse(text);
    expect(t.outcome).toBe("completed");
    expect(t.results[0].data.blob).toHaveLength(bytes);
    expect(t.calls[0].result).toBeUndefined();
    expect(t.calls[0].result_index).toBe(0);
  });

  it("fails a result over 4 MiB with RESULT_TOO_LARGE; the kernel never answers it", async () => {
    const r = await call("big_result", { bytes: 50 * 1024 * 1024 });
    expect(r.json).toMatchObject({ outcome: "failed", code: "RESULT_TOO_LARGE" });
    expect(JSON.stringify(r.json).length).toBeLessThan(16 * 1024);
    expect((await auditRows())[0]).toMatchObject({ status: "failed", error_code: "RESULT_TOO_LARGE" });
    const at = await call("big_result", { bytes: 4 * 1024 * 1024 - 200 });
    expect(at.json.outcome).toBe("completed");
  });
});

describe("honest outcomes (SPEC 9)", () => {
  it("a handler that throws, dies or times out answers failed with a top-level code", async () => {
    for (const [tool, args, code] of [
      ["boom", {}, "HANDLER_ERROR"],
      ["exit_worker", {}, "WORKER_EXITED"],
      ["sleep", { ms: 20_000 }, "TIMEOUT"],
    ] as const) {
      const r = await call(tool, args);
      expect([tool, r.status, r.json.outcome, r.json.code]).toEqual([tool, 200, "failed", code]);
      expect(r.json.reply).not.toMatch(/TypeError|internal detail/);
    }
    // a handled error (ActionResult.error) is an answer, not a failure
    const handled = await call("not_found", {});
    expect(handled.json.outcome).toBe("completed");
    expect(handled.json.results[0]).toMatchObject({ status: "error", error_code: "NOTHING_HERE" });
    expect((await call("count_notes", {})).json.outcome).toBe("completed");
  });

  it("a panel whose handler failed answers failed, never completed", async () => {
    const bad = await post("/v1/panels/broken", { body: {} });
    expect(bad.json).toMatchObject({ outcome: "failed", code: "HANDLER_ERROR" });
    expect(bad.json.ui).toBeUndefined();
    const ok = await post("/v1/panels/summary", { body: {} });
    expect(ok.json.outcome).toBe("completed");
    expect(JSON.stringify(ok.json.ui)).toContain("Notes:");
  });
});

describe("schema retry budget", () => {
  it("stays spent after VALIDATION_MISSING_FIELD until a valid call ends the tool use", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await call("create_note", { body: "no title" })).json.code);
    expect(codes).toEqual([
      "VALIDATION_FAILED",
      "VALIDATION_FAILED",
      "VALIDATION_MISSING_FIELD",
      "VALIDATION_MISSING_FIELD",
      "VALIDATION_MISSING_FIELD",
    ]);
    expect((await call("create_note", { title: "fine" })).json.outcome).toBe("completed");
    expect((await call("create_note", {})).json.code).toBe("VALIDATION_FAILED");
  });
});

describe("audit rows of executed actions", () => {
  it("are written started before the handler and completed after; completed rows never change", async () => {
    const slow = call("sleep", { ms: 800 });
    await new Promise((r) => setTimeout(r, 300));
    const during = (await auditRows())[0]!;
    expect(during).toMatchObject({ tool: "sleep", status: "started" });
    expect((await slow).json.outcome).toBe("completed");
    const after = (await auditRows()).find((r) => r.id === during.id)!;
    expect(after).toMatchObject({ status: "executed", ts: during.ts });
    expect(after.duration_ms).toBeGreaterThan(500);
    const db = new Database(join(k.stateDir, "kernel.db"));
    try {
      expect(() => db.prepare("UPDATE audit SET status='failed' WHERE id=?").run(after.id)).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM audit WHERE id=?").run(after.id)).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
