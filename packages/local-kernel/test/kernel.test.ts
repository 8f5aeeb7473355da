import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { buildFixture, cleanup, loadKernel } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;
const data = (r: { results: unknown[] }, i = 0) => (r.results[i] as { data: any }).data;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("dispatch: guards, authz, audit", () => {
  let dir: string;
  let k: K;
  beforeAll(async () => {
    dir = await buildFixture("notes.ts");
    k = await createKernel({
      extensionDir: dir,
      users: [
        { id: "dev" },
        { id: "reader", scopes: ["notes:read"] },
        { id: "root", scopes: ["*"] },
        { id: "ns", scopes: ["notes:*"] },
        { id: "other", tenantId: "acme" },
      ],
    });
  });
  afterAll(async () => {
    await k.close();
    cleanup(dir);
  });

  it("runs a write and a read, feeding store ids to the seen registry", async () => {
    const c = await k.call("dev", "create_note", { title: "first" });
    expect(c.outcome).toBe("completed");
    const g = await k.call("dev", "get_note", { note_id: data(c).note_id });
    expect(g.outcome).toBe("completed");
    expect(data(g).title).toBe("first");
  });

  it("rejects placeholder args before the handler runs, and records why", async () => {
    const before = data(await k.call("dev", "count_notes", {})).total;
    const r = await k.call("dev", "create_note", { title: "<NOTE_TITLE>" });
    expect(r.outcome).toBe("rejected");
    expect(r.code).toBe("PLACEHOLDER_ARG");
    expect(data(await k.call("dev", "count_notes", {})).total).toBe(before);
    const row = k.audit(5).find((x) => x.error_code === "PLACEHOLDER_ARG")!;
    expect(row.status).toBe("rejected");
    expect(row.reason).toBeTruthy();
    expect(row.retention_class).toBe("federal_7y");
  });

  it("rejects fabricated ids (never seen for this user), on every retry", async () => {
    for (let i = 0; i < 3; i++) {
      const r = await k.call("dev", "get_note", { note_id: "made-up-id-123" });
      expect(r.outcome).toBe("rejected");
      expect(r.code).toBe("FABRICATED_ID");
    }
    const nested = await k.call("dev", "update_note", { note_id: "zz-fake", title: "x" });
    expect(nested.code).toBe("FABRICATED_ID");
  });

  it("ids seen by one user are not seen for another", async () => {
    const c = await k.call("dev", "create_note", { title: "mine" });
    const r = await k.call("reader", "get_note", { note_id: data(c).note_id });
    expect(r.code).toBe("FABRICATED_ID");
  });

  it("schema failures give structured feedback, then VALIDATION_MISSING_FIELD after 2 retries", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await k.call("dev", "create_note", { body: "no title" });
      expect(r.outcome).toBe("rejected");
      codes.push(r.code!);
      expect(typeof r.feedback).toBe("string");
      expect(r.reply + String(r.feedback)).not.toMatch(/ZodError|\$ZodError|at .*\.js:\d+/);
    }
    expect(codes).toEqual(["VALIDATION_FAILED", "VALIDATION_FAILED", "VALIDATION_MISSING_FIELD"]);
    // budget resets after a good call
    expect((await k.call("dev", "create_note", { title: "ok" })).outcome).toBe("completed");
    expect((await k.call("dev", "create_note", {})).code).toBe("VALIDATION_FAILED");
  });

  it("authorizes scopes against capabilities (action verbs, wildcards, tool scopes)", async () => {
    const w = await k.call("reader", "create_note", { title: "nope" });
    expect(w.outcome).toBe("rejected");
    expect(w.code).toBe("FORBIDDEN_SCOPE");
    expect(data(await k.call("reader", "count_notes", {})).total).toBe(0);
    expect((await k.call("reader", "list_notes", {})).outcome).toBe("completed");
    expect((await k.call("dev", "admin_only", {})).code).toBe("FORBIDDEN_SCOPE");
    expect((await k.call("root", "admin_only", {})).outcome).toBe("completed");
    expect((await k.call("ns", "admin_only", {})).outcome).toBe("completed");
    const row = k.audit(20).find((x) => x.user_id === "reader" && x.tool === "create_note")!;
    expect(row.status).toBe("rejected");
    expect(row.reason).toContain("notes:write");
  });

  it("rejects unknown users and tools, and fails closed without a user id", async () => {
    expect((await k.call("mallory", "count_notes", {})).code).toBe("UNKNOWN_USER");
    expect((await k.call("dev", "no_such_tool", {})).code).toBe("UNKNOWN_TOOL");
    expect((await k.call("dev", "__panel__sidebar", {})).code).toBe("UNKNOWN_TOOL");
    await expect(k.call("", "count_notes", {})).rejects.toMatchObject({ code: "AUDIT_NO_USER" });
  });

  it("keeps the audit ledger append-only", () => {
    const db = new Database(join(k.stateDir, "kernel.db"));
    try {
      expect(() => db.prepare("UPDATE audit SET status='x'").run()).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM audit").run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it("turns handler exceptions into a conversational error; detail only in the kernel log", async () => {
    const r = await k.call("dev", "boom", {});
    expect(r.outcome).toBe("failed");
    expect(r.code).toBe("HANDLER_ERROR");
    const res = r.results[0] as { status: string; error: string; error_code: string };
    expect(res.status).toBe("error");
    expect(res.error_code).toBe("HANDLER_ERROR");
    const visible = JSON.stringify(r);
    expect(visible).not.toMatch(/TypeError|\/srv\/secret|internal detail|\n\s+at /);
    const log = readFileSync(join(k.stateDir, "kernel.log"), "utf8");
    expect(log).toContain("/srv/secret/path.ts");
  });

  it("forbids ctx.skeleton in chat functions", async () => {
    const r = await k.call("dev", "peek_skeleton", {});
    expect((r.results[0] as { error_code: string }).error_code).toBe("HANDLER_ERROR");
    expect(r.reply).toMatch(/skeleton/i);
  });

  it("retries retryable read errors (max 2, backoff) but never writes", async () => {
    const r = await k.call("dev", "flaky", {});
    expect(r.outcome).toBe("completed");
    expect(data(r).attempts % 3).toBe(0);
    const w = await k.call("dev", "flaky_write", {});
    expect((w.results[0] as { status: string }).status).toBe("error");
  });

  it("serves ai (deterministic local stand-in), notify, progress and log", async () => {
    const a1 = await k.call("dev", "ask_ai", { prompt: "hello there" });
    const a2 = await k.call("dev", "ask_ai", { prompt: "hello there" });
    expect(data(a1).text).toBe(data(a2).text);
    expect(data(a1).text).toMatch(/local stand-in/);
    const seen: string[] = [];
    const off = k.onEvent((e) => {
      if (e.userId === "dev") seen.push(e.type);
    });
    await k.call("dev", "notify_me", { message: "ping" });
    off();
    expect(seen).toEqual(expect.arrayContaining(["notification", "progress", "turn"]));
    expect(readFileSync(join(k.stateDir, "kernel.log"), "utf8")).toContain("[notify_me] notified");
  });

  it("answers chat turns once part 2 is wired (no longer 501)", async () => {
    await expect(k.turn("dev", "hello")).resolves.toMatchObject({ outcome: "chat" });
  });

  it("serves ctx.http through the worker with a real fetch", async () => {
    const { createServer } = await import("node:http");
    const srv = createServer((_q, s) => s.end("pong"));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    try {
      const r = await k.call("dev", "fetch_url", {
        url: `http://127.0.0.1:${(srv.address() as { port: number }).port}/`,
      });
      expect(data(r)).toEqual({ status: 200, body: "pong" });
    } finally {
      srv.close();
    }
  });

  it("renders panels with a panel ctx", async () => {
    const r = await k.panel("dev", "sidebar", { x: 1 });
    expect(r.outcome).toBe("completed");
    expect(JSON.stringify(r.results[0])).toContain("Notes:");
    expect((await k.panel("dev", "nope", {})).code).toBe("UNKNOWN_TOOL");
  });
});

describe("secrets", () => {
  it("reads .imperal/secrets.json and IMPERAL_SECRET_<NAME>; user-set values win; values never reach the log", async () => {
    const dir = await buildFixture("notes.ts");
    mkdirSync(join(dir, ".imperal"), { recursive: true });
    writeFileSync(join(dir, ".imperal", "secrets.json"), JSON.stringify({ api_key: "from-file-1234" }));
    process.env.IMPERAL_SECRET_USER_TOKEN = "from-env-5678";
    const k = await createKernel({ extensionDir: dir });
    try {
      expect(data(await k.call("dev", "secret_get", { name: "api_key" })).value).toBe("from-file-1234");
      expect(data(await k.call("dev", "secret_get", { name: "user_token" })).value).toBe("from-env-5678");
      const ro = await k.call("dev", "secret_set", { name: "user_token", value: "x" });
      expect((ro.results[0] as { error_code: string }).error_code).toBe("HANDLER_ERROR");
      expect(ro.reply).toMatch(/user/);
      const nd = await k.call("dev", "secret_get", { name: "undeclared" });
      expect(nd.reply).toMatch(/not declared/);
      await k.call("dev", "secret_set", { name: "api_key", value: "user-set-value-999" });
      expect(data(await k.call("dev", "secret_get", { name: "api_key" })).value).toBe("user-set-value-999");
      await k.call("dev", "leak_secret", {});
      const log = readFileSync(join(k.stateDir, "kernel.log"), "utf8");
      expect(log).toContain("[redacted]");
      expect(log).not.toMatch(/user-set-value-999|from-file-1234|from-env-5678/);
      expect(JSON.stringify(k.audit(100))).not.toContain("user-set-value-999");
    } finally {
      delete process.env.IMPERAL_SECRET_USER_TOKEN;
      await k.close();
      cleanup(dir);
    }
  });
});

describe("audit redaction", () => {
  it("every audit row is redacted, whoever records it (intercepted, cancelled, executed)", async () => {
    const dir = await buildFixture("notes.ts");
    mkdirSync(join(dir, ".imperal"), { recursive: true });
    writeFileSync(join(dir, ".imperal", "secrets.json"), JSON.stringify({ api_key: "from-file-4321" }));
    const k = await createKernel({
      extensionDir: dir,
      users: [{ id: "careful", confirmations: { enabled: true, actions: ["write"] } }],
    });
    try {
      const t = await k.call("careful", "create_note", { title: "key is from-file-4321" });
      expect(t.outcome).toBe("needs_confirmation");
      await k.cancelConfirmation("careful", t.confirmation!.id);
      const rows = k.audit(10, "careful");
      expect(rows.map((r) => r.status).sort()).toEqual(["cancelled", "intercepted"]);
      for (const r of rows) expect((r.args as { title: string }).title).toBe("key is [redacted]");
      const again = await k.call("careful", "create_note", { title: "from-file-4321" });
      await k.accept("careful", again.confirmation!.id);
      expect(JSON.stringify(k.audit(10, "careful"))).not.toContain("from-file-4321");
    } finally {
      await k.close();
      cleanup(dir);
    }
  });
});

describe("confirmations", () => {
  let dir: string;
  let k: K;
  beforeAll(async () => {
    dir = await buildFixture("notes.ts");
    k = await createKernel({
      extensionDir: dir,
      users: [
        { id: "dev" },
        { id: "careful", confirmations: { enabled: true, actions: { write: true, destructive: true } } },
        { id: "yolo", confirmations: { enabled: false } },
      ],
    });
  });
  afterAll(async () => {
    await k.close();
    cleanup(dir);
  });

  it("intercepts destructive calls; accept executes the stored call once", async () => {
    const id = data(await k.call("dev", "create_note", { title: "doomed" })).note_id;
    const r = await k.call("dev", "delete_note", { note_id: id });
    expect(r.outcome).toBe("needs_confirmation");
    expect(r.confirmation!.calls).toEqual([{ tool: "delete_note", args: { note_id: id } }]);
    expect(data(await k.call("dev", "get_note", { note_id: id })).title).toBe("doomed");
    const a = await k.accept("dev", r.confirmation!.id);
    expect(a.outcome).toBe("completed");
    expect(data(a).deleted).toBe(id);
    await expect(k.accept("dev", r.confirmation!.id)).rejects.toMatchObject({ code: "CONFIRMATION_USED", status: 409 });
    const rows = k.audit(10).filter((x) => x.tool === "delete_note");
    expect(rows.map((x) => x.status)).toEqual(["confirmed", "intercepted"]);
    expect(rows[0]!.confirmation_id).toBe(r.confirmation!.id);
    expect(rows[0]!.args).toEqual({ note_id: id });
  });

  it("cancel records the outcome and the confirmation cannot be accepted later", async () => {
    const id = data(await k.call("dev", "create_note", { title: "kept" })).note_id;
    const r = await k.call("dev", "delete_note", { note_id: id });
    await k.cancelConfirmation("dev", r.confirmation!.id);
    await expect(k.accept("dev", r.confirmation!.id)).rejects.toMatchObject({ status: 409 });
    expect(data(await k.call("dev", "get_note", { note_id: id })).title).toBe("kept");
    expect(k.audit(10).some((x) => x.status === "cancelled" && x.tool === "delete_note")).toBe(true);
  });

  it("another user cannot accept, and unknown ids are 404", async () => {
    const id = data(await k.call("dev", "create_note", { title: "x" })).note_id;
    const r = await k.call("dev", "delete_note", { note_id: id });
    await expect(k.accept("careful", r.confirmation!.id)).rejects.toMatchObject({ status: 403 });
    await expect(k.accept("dev", "cnf_doesnotexist")).rejects.toMatchObject({ status: 404 });
    expect((await k.accept("dev", r.confirmation!.id)).outcome).toBe("completed");
  });

  it("follows per-user settings: write confirmations on, or confirmations off", async () => {
    const w = await k.call("careful", "create_note", { title: "t" });
    expect(w.outcome).toBe("needs_confirmation");
    expect(data(await k.call("careful", "count_notes", {})).total).toBe(0);
    expect((await k.accept("careful", w.confirmation!.id)).outcome).toBe("completed");
    expect(data(await k.call("careful", "count_notes", {})).total).toBe(1);
    const id = data(await k.call("yolo", "create_note", { title: "t" })).note_id;
    const d = await k.call("yolo", "delete_note", { note_id: id });
    expect(d.outcome).toBe("completed");
  });

  it("multi-step plans are intercepted as a whole (part-2 path)", async () => {
    const r = await k.internal.dispatch(
      "careful",
      [
        { tool: "create_note", args: { title: "a" } },
        { tool: "create_note", args: { title: "b" } },
      ],
      { source: "chain" },
    );
    expect(r.outcome).toBe("needs_confirmation");
    expect(r.confirmation!.calls).toHaveLength(2);
    const a = await k.accept("careful", r.confirmation!.id);
    expect(a.results).toHaveLength(2);
  });
});

describe("lifecycle", () => {
  let dir: string;
  let k: K;
  beforeAll(async () => {
    dir = await buildFixture("notes.ts");
    k = await createKernel({
      extensionDir: dir,
      limits: { callTimeoutMs: 600, cancelGraceMs: 300, promotionMs: 3000 },
    });
  });
  afterAll(async () => {
    await k.close();
    cleanup(dir);
  });

  it("times out a slow handler via ctx.signal", async () => {
    const t0 = Date.now();
    const r = await k.call("dev", "sleep", { ms: 10_000 });
    expect(r.outcome).toBe("failed");
    expect(r.code).toBe("TIMEOUT");
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(k.audit(1)[0]!.status).toBe("timeout");
    expect((await k.call("dev", "noop", {})).outcome).toBe("completed");
  });

  it("ends a hung handler that ignores cancellation by terminating its worker", async () => {
    const r = await k.call("dev", "hang", {});
    expect(r.code).toBe("TIMEOUT");
    expect((await k.call("dev", "noop", {})).outcome).toBe("completed");
  });

  it("ends a synchronous infinite loop; the kernel keeps serving", async () => {
    const t0 = Date.now();
    const r = await k.call("dev", "spin", {});
    expect(r.code).toBe("TIMEOUT");
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect((await k.call("dev", "noop", {})).outcome).toBe("completed");
    expect(k.health().ok).toBe(true);
  });

  it("survives a handler that exits its worker, and stray promise rejections", async () => {
    const r = await k.call("dev", "exit_worker", {});
    expect(r.outcome).toBe("failed");
    expect(r.code).toBe("WORKER_EXITED");
    expect((r.results[0] as { status: string }).status).toBe("error");
    expect(JSON.stringify(r)).not.toMatch(/exit code|Error:/);
    expect((await k.call("dev", "noop", {})).outcome).toBe("completed");
    expect((await k.call("dev", "stray_reject", {})).outcome).toBe("completed");
    await sleep(50);
    expect((await k.call("dev", "noop", {})).outcome).toBe("completed");
    expect(readFileSync(join(k.stateDir, "kernel.log"), "utf8")).toContain("stray failure");
  });

  it("state survives the worker restart; module-level variables do not", async () => {
    const c = await k.call("dev", "create_note", { title: "durable" });
    await k.call("dev", "spin", {});
    expect(data(await k.call("dev", "get_note", { note_id: data(c).note_id })).title).toBe("durable");
  });
});

describe("promotion", () => {
  it("detaches a call past the threshold and posts the result to the event stream", async () => {
    const dir = await buildFixture("notes.ts");
    const k = await createKernel({ extensionDir: dir, limits: { promotionMs: 200 } });
    try {
      const events: Array<{ type: string; data: any }> = [];
      k.onEvent((e) => events.push(e));
      const r = await k.call("dev", "sleep", { ms: 700 });
      expect(r.outcome).toBe("promoted");
      expect(r.task_id).toBeTruthy();
      for (let i = 0; i < 200 && !events.some((e) => e.type === "promoted_result"); i++) await sleep(50);
      const e = events.find((x) => x.type === "promoted_result")!;
      expect(e.data.task_id).toBe(r.task_id);
      expect(e.data.outcome).toBe("completed");
      expect(k.audit(1)[0]!.tool).toBe("sleep");
      expect(k.audit(1)[0]!.status).toBe("executed");
    } finally {
      await k.close();
      cleanup(dir);
    }
  });
});

describe("hot swap", () => {
  it("swaps builds without dropping calls; in-flight calls finish on the old build", async () => {
    const dir = await buildFixture("notes.ts", undefined, { tag: "v1" });
    const k = await createKernel({ extensionDir: dir, limits: { promotionMs: 10_000 } });
    try {
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("v1");
      const slow = k.call("dev", "sleep", { ms: 2000 });
      await sleep(100);
      await buildFixture("notes.ts", dir, { tag: "v2" });
      const reload = k.reload();
      const during = Promise.all(Array.from({ length: 10 }, () => k.call("dev", "build_tag", {})));
      expect((await reload).ok).toBe(true);
      const tags = (await during).map((r) => data(r).tag);
      expect(tags.every((t) => t === "v2")).toBe(true);
      expect((await slow).outcome).toBe("completed");
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("v2");
    } finally {
      await k.close();
      cleanup(dir);
    }
  });

  it("a build that fails to load leaves the old one serving and is reported", async () => {
    const dir = await buildFixture("notes.ts", undefined, { tag: "good" });
    const k = await createKernel({ extensionDir: dir });
    try {
      const events: string[] = [];
      k.onEvent((e) => events.push(e.type));
      writeFileSync(join(dir, "dist", "extension.mjs"), "throw new Error('broken at import');\n");
      const r = await k.reload();
      expect(r.ok).toBe(false);
      expect(r.error!.code).toBe("EXTENSION_LOAD_FAILED");
      expect(k.health().build.error).toBeTruthy();
      expect(k.health().ok).toBe(true); // the old build keeps serving
      expect(events).toContain("build_error");
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("good");
      writeFileSync(join(dir, "dist", "extension.mjs"), "export const nothing = 1;\n");
      expect((await k.reload()).error!.code).toBe("NO_EXTENSION_EXPORT");
      await buildFixture("notes.ts", dir, { tag: "fixed" });
      expect((await k.reload()).ok).toBe(true);
      expect(k.health().ok).toBe(true);
      expect(k.health().build.error).toBeUndefined();
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("fixed");
    } finally {
      await k.close();
      cleanup(dir);
    }
  });

  it("a pre-warmed spare worker takes the next build; swap guarantees hold; it is replaced after use and ended on close", async () => {
    const dir = await buildFixture("notes.ts", undefined, { tag: "s1" });
    const k = await createKernel({ extensionDir: dir, spareWorker: "eager", limits: { promotionMs: 10_000 } });
    const host = k.internal.host as unknown as {
      hasSpare: boolean;
      spare?: { worker: { threadId: number }; dead: boolean };
    };
    const waitSpare = async () => {
      for (let i = 0; i < 200 && !host.hasSpare; i++) await sleep(10);
      expect(host.hasSpare).toBe(true);
      return host.spare!;
    };
    try {
      let spare = await waitSpare();
      const slow = k.call("dev", "sleep", { ms: 1500 });
      await sleep(100);
      await buildFixture("notes.ts", dir, { tag: "s2" });
      const reload = k.reload();
      const during = Promise.all(Array.from({ length: 5 }, () => k.call("dev", "build_tag", {})));
      expect((await reload).ok).toBe(true);
      // the spare now serves the build (same thread), and calls that arrived during the swap got the new build
      expect(
        (k.internal.host as unknown as { current: { worker: { threadId: number } } }).current.worker.threadId,
      ).toBe(spare.worker.threadId);
      expect((await during).map((r) => data(r).tag)).toEqual(["s2", "s2", "s2", "s2", "s2"]);
      expect((await slow).outcome).toBe("completed"); // drained on the old worker
      // a broken build handed to the (new) spare leaves the old build serving
      spare = await waitSpare();
      writeFileSync(join(dir, "dist", "extension.mjs"), "throw new Error('broken at import');\n");
      expect((await k.reload()).ok).toBe(false);
      for (let i = 0; i < 100 && !spare.dead; i++) await sleep(10);
      expect(spare.dead).toBe(true); // the used spare is not kept: its module cache holds the broken bundle
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("s2");
      spare = await waitSpare();
      await buildFixture("notes.ts", dir, { tag: "s3" });
      expect((await k.reload()).ok).toBe(true);
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("s3");
      spare = await waitSpare();
    } finally {
      await k.close();
      cleanup(dir);
    }
    expect(host.hasSpare).toBe(false);
  });

  it("spare workers: none without reloads by default, one after the first reload", async () => {
    const dir = await buildFixture("notes.ts");
    const k = await createKernel({ extensionDir: dir });
    const host = k.internal.host as unknown as { hasSpare: boolean };
    try {
      await sleep(150);
      expect(host.hasSpare).toBe(false);
      expect((await k.reload()).ok).toBe(true);
      for (let i = 0; i < 200 && !host.hasSpare; i++) await sleep(10);
      expect(host.hasSpare).toBe(true);
    } finally {
      await k.close();
      cleanup(dir);
    }
  });

  it("checkBuild runs before the swap: a rejected build never serves", async () => {
    const dir = await buildFixture("notes.ts", undefined, { tag: "ok" });
    let reject = false;
    const seen: Array<string | undefined> = [];
    const k = await createKernel({
      extensionDir: dir,
      checkBuild: (info) => {
        seen.push(info.manifest?.app_id as string | undefined);
        return reject
          ? { code: "E_BUILD_MANIFEST_SCHEMA", message: "the manifest is invalid", fix: "fix it" }
          : undefined;
      },
    });
    try {
      expect(seen.length).toBe(1); // the first load is checked too
      reject = true;
      await buildFixture("notes.ts", dir, { tag: "rejected" });
      const r = await k.reload();
      expect(r.ok).toBe(false);
      expect(r.error!.code).toBe("E_BUILD_MANIFEST_SCHEMA");
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("ok");
      expect((k.health().build.error as { code: string }).code).toBe("E_BUILD_MANIFEST_SCHEMA");
      reject = false;
      expect((await k.reload()).ok).toBe(true);
      expect(data(await k.call("dev", "build_tag", {})).tag).toBe("rejected");
    } finally {
      await k.close();
      cleanup(dir);
    }
  });

  it("state and seen ids survive a kernel restart", async () => {
    const dir = await buildFixture("notes.ts");
    let k = await createKernel({ extensionDir: dir });
    const id = data(await k.call("dev", "create_note", { title: "persisted" })).note_id;
    await k.close();
    k = await createKernel({ extensionDir: dir });
    try {
      const r = await k.call("dev", "get_note", { note_id: id });
      expect(data(r).title).toBe("persisted");
    } finally {
      await k.close();
      cleanup(dir);
    }
  });
});
