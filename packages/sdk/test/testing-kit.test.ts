import { describe, expect, it } from "vitest";
import { ActionResult, ChatExtension, Extension, SkeletonAccessForbidden, z } from "../src/index.js";
import { createClock, createTestBackends, createTestContext, invoke } from "../src/testing/index.js";
import { makeNotes } from "./helpers.js";

describe("createTestContext", () => {
  it("defaults to a chat context whose user holds the extension's capabilities", () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    expect(ctx.kind).toBe("chat");
    expect(ctx.user.scopes).toEqual(["notes:read", "notes:write"]);
    expect(ctx.user.hasScope("notes:write")).toBe(true);
    expect(ctx.test.appId).toBe("notes");
  });

  it("skeleton guard: only skeleton contexts can read ctx.skeleton", async () => {
    const chat = createTestContext();
    expect(() => (chat as unknown as { skeleton: unknown }).skeleton).toThrow(SkeletonAccessForbidden);
    expect(() => (createTestContext({ kind: "panel" }) as unknown as { skeleton: unknown }).skeleton).toThrow(
      SkeletonAccessForbidden,
    );
    const skel = createTestContext({ kind: "skeleton", skeleton: { notes: { total: 3 } } });
    expect(await skel.skeleton.get("notes")).toEqual({ total: 3 });
    expect(await skel.skeleton.get("other")).toBeNull();
  });

  it("seeds the store and shares backends between users", async () => {
    const backends = createTestBackends();
    const alice = createTestContext({
      backends,
      user: { imperalId: "alice" },
      store: { notes: [{ title: "a" }, { title: "b" }] },
    });
    const bob = createTestContext({ backends, user: { imperalId: "bob" } });
    expect(await alice.store.count("notes")).toBe(2);
    expect(await bob.store.count("notes")).toBe(0);
    const sharedAlice = createTestContext({ backends, user: { imperalId: "alice" } });
    expect(await sharedAlice.store.count("notes")).toBe(2);
  });

  it("uses the test clock for timestamps and cache TTLs", async () => {
    const clock = createClock(Date.UTC(2030, 4, 6, 7, 8, 9));
    const ctx = createTestContext({ now: clock });
    const doc = await ctx.store.create("notes", { a: 1 });
    expect(doc.createdAt).toBe("2030-05-06T07:08:09.000Z");
    await ctx.cache.set("k", 1, { ttlSeconds: 5 });
    clock.advance(5000);
    expect(await ctx.cache.get("k")).toBeNull();
  });

  it("secrets: only declared names, seeded values readable", async () => {
    const ext = new Extension("sec", { version: "1.0.0" });
    ext.secret("api_key", { description: "The key." });
    const ctx = createTestContext({ ext, secrets: { api_key: "k-1" } });
    expect(await ctx.secrets.get("api_key")).toBe("k-1");
    await expect(ctx.secrets.get("other")).rejects.toMatchObject({ code: "SECRET_NOT_DECLARED" });
    expect(() => createTestContext({ ext, secrets: { nope: "x" } })).toThrow(/not declared/);
  });

  it("records logs, notifications, progress and http requests; aborts the signal", async () => {
    const ctx = createTestContext({
      http: (req) => ({ status: 201, json: { echo: req.json } }),
      ai: (p) => `answer to ${p}`,
    });
    ctx.log("hi", "warn");
    await ctx.notify("done", { priority: "high" });
    ctx.progress(50, "half");
    const res = await ctx.http.post("https://api.example.com/x", { json: { a: 1 }, query: { q: "z" } });
    expect(res.status).toBe(201);
    expect(res.ok).toBe(true);
    expect(res.json()).toEqual({ echo: { a: 1 } });
    expect(ctx.test.httpRequests[0]).toMatchObject({
      method: "POST",
      url: "https://api.example.com/x?q=z",
      timeoutMs: 30000,
    });
    await expect(ctx.http.get("https://x.io", { timeoutMs: 180_001 })).rejects.toMatchObject({
      code: "HTTP_INVALID_TIMEOUT",
    });
    expect((await ctx.ai.complete("q")).text).toBe("answer to q");
    expect(ctx.test.logs).toEqual([{ message: "hi", level: "warn" }]);
    expect(ctx.test.notifications).toEqual([{ message: "done", opts: { priority: "high" } }]);
    expect(ctx.test.progress).toEqual([{ percent: 50, message: "half" }]);
    expect(ctx.signal.aborted).toBe(false);
    ctx.test.abort();
    expect(ctx.signal.aborted).toBe(true);
  });

  it("http and ai without fakes fail loudly instead of returning empty data", async () => {
    const ctx = createTestContext();
    await expect(ctx.http.get("https://x.io")).rejects.toMatchObject({ code: "HTTP_NOT_MOCKED" });
    await expect(ctx.ai.complete("x")).rejects.toMatchObject({ code: "AI_NOT_MOCKED" });
  });

  it("storage paths cannot escape", async () => {
    const ctx = createTestContext();
    await ctx.storage.upload("exports/a.txt", "hello", "text/plain");
    expect(new TextDecoder().decode(await ctx.storage.download("exports/a.txt"))).toBe("hello");
    for (const bad of ["../x", "/etc/passwd", "a/../../b", "a//b", "a\\b", ""]) {
      await expect(ctx.storage.upload(bad, "x")).rejects.toMatchObject({ code: "STORAGE_INVALID_PATH" });
    }
    expect((await ctx.storage.list("exports/")).map((f) => f.path)).toEqual(["exports/a.txt"]);
  });
});

describe("invoke", () => {
  it("runs the notes example end to end", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    const created = await invoke(ext, "create_note", { title: "Milk" }, { ctx });
    expect(created).toMatchObject({ ok: true, result: { status: "success", data: { title: "Milk" } } });
    const skel = await invoke(
      ext,
      "skeleton_refresh_notes",
      {},
      { ctx: createTestContext({ ext, kind: "skeleton", backends: ctx.test.backends }) },
    );
    expect(skel).toMatchObject({ ok: true, result: { response: { total_notes: 1 } } });
  });

  it("builds a context of the tool's kind when none is given", async () => {
    const { ext } = makeNotes();
    expect(await invoke(ext, "skeleton_refresh_notes")).toMatchObject({
      ok: true,
      result: { response: { total_notes: 0 } },
    });
    expect(await invoke(ext, "__panel__sidebar", {})).toMatchObject({ ok: true, kind: "panel" });
  });

  it("applies the same guards and retry budget as the kernel", async () => {
    const { ext } = makeNotes();
    expect(await invoke(ext, "create_note", { title: "<TITLE>" })).toMatchObject({
      ok: false,
      code: "PLACEHOLDER_ARG",
    });
    expect(await invoke(ext, "create_note", {}, { attempt: 0 })).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
    });
    expect(await invoke(ext, "create_note", {}, { attempt: 2 })).toMatchObject({
      ok: false,
      code: "VALIDATION_MISSING_FIELD",
    });
    expect(await invoke(ext, "delete_note", { note_id: "ghost" }, { seen: ["hello"] })).toMatchObject({
      ok: false,
      code: "FABRICATED_ID",
    });
  });

  it("store conflicts surface to handlers as StoreConflict", async () => {
    const ext = new Extension("cas", { version: "1.0.0" });
    const chat = new ChatExtension(ext);
    chat.function(
      "bump",
      {
        description: "Bumps a counter with CAS.",
        actionType: "write",
        params: z.object({ id: z.string(), etag: z.string() }),
      },
      async (ctx, p) => {
        try {
          const d = await ctx.store.update("counters", p.id, { n: 2 }, { ifMatch: p.etag });
          return ActionResult.success({ etag: d.etag }, "bumped");
        } catch (e) {
          return ActionResult.error("conflict", { code: (e as { code: string }).code, retryable: true });
        }
      },
    );
    const ctx = createTestContext({ ext });
    const doc = await ctx.store.create("counters", { n: 1 });
    const first = await invoke(ext, "bump", { id: doc.id, etag: doc.etag }, { ctx });
    expect(first).toMatchObject({ ok: true, result: { status: "success" } });
    const stale = await invoke(ext, "bump", { id: doc.id, etag: doc.etag }, { ctx });
    expect(stale).toMatchObject({
      ok: true,
      result: { status: "error", error_code: "STORE_CONFLICT", retryable: true },
    });
  });
});
