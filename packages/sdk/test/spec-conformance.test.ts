// Black-box SPEC conformance (SPEC 1.1-1.6 and 5): written from SPEC.md alone, importing the BUILT package through
// its own exports map (`@imperal/sdk`, `/testing`, `/guards`, `/manifest.schema.json`). Build the SDK first.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as sdk from "@imperal/sdk";
import {
  ActionResult,
  ChatExtension,
  Extension,
  ImperalError,
  SecretNotDeclared,
  SkeletonAccessForbidden,
  StoreConflict,
  TaskCancelled,
  ValidationError,
  callableSurface,
  generateManifest,
  serializeManifest,
  ui,
  z,
} from "@imperal/sdk";
import * as guards from "@imperal/sdk/guards";
import { createTestContext, invoke } from "@imperal/sdk/testing";
import Ajv2020 from "ajv/dist/2020.js";

const require = createRequire(import.meta.url);

// ---- a SPEC 1.1 style extension, registered in every call form ------------------------------------------

const CreateNote = z.object({ title: z.string().min(1).describe("Note title"), body: z.string().default("") });
const NoteOut = z.object({ note_id: z.string(), title: z.string() });
const GetNote = z.object({ note_id: z.string().describe("The note id") });

function makeNotes() {
  const ext = new Extension("notes", {
    version: "1.0.0",
    displayName: "Notes",
    description: "Notes extension — create, organize, and search your notes with AI.",
    icon: "icon.svg",
    actionsExplicit: true,
    capabilities: ["notes:read", "notes:write"],
    system: false,
  });
  const chat = new ChatExtension(ext, { toolName: "notes", description: "Notes chat tools." });

  // form 1: registers and returns the handler
  const h1 = async (ctx: any, p: { title: string; body: string }) => {
    const doc = await ctx.store.create("notes", { title: p.title, body: p.body });
    return ActionResult.success({ note_id: doc.id, title: p.title }, `Created note "${p.title}"`);
  };
  const ret1 = chat.function(
    "create_note",
    {
      description: "Create a new note with a title and an optional body.",
      actionType: "write",
      params: CreateNote,
      dataModel: NoteOut,
      event: "notes.created",
      effects: ["create:note"],
      chainCallable: true,
      idProjection: undefined,
    },
    h1 as any,
  );
  // form 2: decorator applied to a function
  const h2 = async (ctx: any, p: { note_id: string }) => {
    const doc = await ctx.store.get("notes", p.note_id);
    return doc
      ? ActionResult.success({ note_id: doc.id, title: doc.data.title }, "Found it")
      : ActionResult.error("No such note", { code: "NOTE_NOT_FOUND" });
  };
  const ret2 = chat.function("get_note", {
    description: "Fetch one note by its id.",
    actionType: "read",
    params: GetNote,
    dataModel: NoteOut,
    idProjection: "note_id",
  })(h2 as any);
  // form 3: TC39 method decorator through the chat.fn alias
  class Extra {
    @chat.fn("delete_note", { description: "Delete a note by its id.", actionType: "destructive", params: GetNote })
    async remove(ctx: any, p: { note_id: string }) {
      const gone = await ctx.store.delete("notes", p.note_id);
      return ActionResult.success({ deleted: gone }, gone ? "Deleted" : "Nothing to delete");
    }
  }
  void Extra;

  ext.skeleton("notes", { ttl: 300, alert: true, description: "Note counts and recent titles." }, async (ctx: any) => ({
    response: { total_notes: await ctx.store.count("notes") },
  }));
  ext.tool(
    "skeleton_alert_notes",
    { description: "Alert when notes change." },
    async (_ctx: any, { old, new: next }: any) => ({
      response: old?.total_notes !== next?.total_notes ? "changed" : "",
    }),
  );
  ext.tool("ping", { description: "Answer pong." }, async () => ActionResult.success({ pong: true }, "pong"));
  ext.panel(
    "sidebar",
    { slot: "left", title: "Notes", icon: "NotebookPen", refresh: "on_event:notes.created" },
    async (_ctx: any, _props: any) => ui.stack([ui.text("Hello")]),
  );
  ext.secret("api_key", { description: "API key for the notes backend.", writeMode: "both", maxBytes: 64 });
  ext.schedule("nightly", { cron: "0 3 * * *" }, async () => undefined);
  return { ext, chat, h1, h2, ret1, ret2 };
}

describe("SPEC 1.1 registration", () => {
  it("three call forms register the same way; forms 1 and 2 return the handler", () => {
    const { ext, h1, h2, ret1, ret2 } = makeNotes();
    expect(ret1).toBe(h1);
    expect(ret2).toBe(h2);
    const names = callableSurface(ext).map((t: any) => t.name);
    expect(names).toEqual([
      "create_note",
      "get_note",
      "delete_note",
      "skeleton_refresh_notes",
      "skeleton_alert_notes",
      "ping",
      "__panel__sidebar",
    ]);
  });

  it("chat.fn is an alias of chat.function and @(chat.function(...)) works on methods too", () => {
    const ext = new Extension("alias-app", { version: "0.1.0" });
    const chat = new ChatExtension(ext, { toolName: "alias" });
    expect(typeof chat.fn).toBe("function");
    // Prettier would drop the parentheses of @(chat.function(...)), the very form this test checks.
    // prettier-ignore
    class A {
      @(chat.function("first_fn", { description: "The first function here.", actionType: "read", params: z.object({}), dataModel: z.object({}) }))
      async a() { return ActionResult.success({}, "a"); }
      @chat.fn("second_fn", { description: "The second function here.", actionType: "write", params: z.object({}) })
      async b() { return ActionResult.success({}, "b"); }
    }
    void A;
    const surface = callableSurface(ext);
    expect(surface.map((t: any) => [t.name, t.kind, t.actionType])).toEqual([
      ["first_fn", "chat_function", "read"],
      ["second_fn", "chat_function", "write"],
    ]);
  });

  it("ext.skeleton section must match ^[a-z][a-z0-9_]*$ and names are unique", () => {
    const ext = new Extension("x-app", { version: "1.0.0" });
    expect(() => ext.skeleton("Bad-Section", { ttl: 60 }, async () => ({ response: {} }))).toThrow(ImperalError);
    ext.tool("dup", { description: "A plain tool." }, async () => ActionResult.success(null, ""));
    expect(() =>
      ext.tool("dup", { description: "Again the same." }, async () => ActionResult.success(null, "")),
    ).toThrow(ImperalError);
  });

  it("registration checks: 5-field cron, panel slot (main -> center), refresh, skeleton slot via ext.tool", () => {
    const ext = new Extension("checks-app", { version: "1.0.0" });
    expect(() => ext.schedule("a", { cron: "0 3 * *" }, async () => undefined)).toThrow(ImperalError);
    expect(() => ext.schedule("b", { cron: "0 0 3 * * *" }, async () => undefined)).toThrow(ImperalError);
    expect(() => ext.schedule("c", { cron: "*/5 * * * 1-5" }, async () => undefined)).not.toThrow();
    let err: any;
    try {
      ext.panel("p", { slot: "main" as any }, async () => ui.text("x"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImperalError);
    expect(`${err.message} ${err.fix}`).toContain("center");
    expect(() => ext.panel("q", { slot: "left", refresh: "sometimes" }, async () => ui.text("x"))).toThrow(
      ImperalError,
    );
    expect(() =>
      ext.panel("r", { slot: "chat-sidebar", refresh: "on_event:a.b,c.d" }, async () => ui.text("x")),
    ).not.toThrow();
    expect(() => ext.tool("skeleton_refresh_x", { description: "Refresh x." }, async () => ({}))).toThrow(ImperalError);
    expect(() => ext.secret("Bad-Name", { description: "A secret." })).toThrow(ImperalError);
  });

  it("importing/registering does no I/O and the registry is per-instance", () => {
    const a = makeNotes().ext;
    const b = new Extension("other", { version: "1.0.0" });
    expect(callableSurface(b)).toEqual([]);
    expect(callableSurface(a).length).toBe(7);
  });
});

// ---- SPEC 1.2 ActionResult --------------------------------------------------------------------------------

describe("SPEC 1.2 ActionResult", () => {
  it("success toJSON has exactly the SPEC keys", () => {
    const r = ActionResult.success({ a: 1 }, "done");
    expect(r.toJSON()).toEqual({ status: "success", summary: "done", data: { a: 1 } });
    expect(Object.keys(r.toJSON())).toEqual(["status", "summary", "data"]);
    expect(JSON.parse(JSON.stringify(r))).toEqual({ status: "success", summary: "done", data: { a: 1 } });
  });

  it("refreshPanels: undefined = all (key absent), [] = none, list = those", () => {
    expect("refresh_panels" in ActionResult.success(1, "s").toJSON()).toBe(false);
    expect(ActionResult.success(1, "s", { refreshPanels: [] }).toJSON().refresh_panels).toEqual([]);
    expect(ActionResult.success(1, "s", { refreshPanels: ["sidebar"] }).toJSON().refresh_panels).toEqual(["sidebar"]);
    const node = ui.text("hi");
    expect(ActionResult.success(1, "s", { ui: node }).toJSON().ui).toEqual({ type: "text", props: { content: "hi" } });
  });

  it("error carries error, error_code, retryable; bad codes are rejected", () => {
    const e = ActionResult.error("Note not found", { code: "NOTE_NOT_FOUND", retryable: false });
    const j = e.toJSON();
    expect(j.status).toBe("error");
    expect(j.error).toBe("Note not found");
    expect(j.error_code).toBe("NOTE_NOT_FOUND");
    expect(j.retryable).toBe(false);
    expect(typeof j.summary).toBe("string");
    expect(j.data).toBeNull();
    for (const k of Object.keys(j)) {
      expect(["status", "summary", "data", "error", "error_code", "retryable", "ui", "refresh_panels"]).toContain(k);
    }
    expect(() => ActionResult.error("x", { code: "bad_code" })).toThrow();
    expect(() => ActionResult.error("x", { code: "AB" })).toThrow();
    expect(() => ActionResult.error("x", { code: "A" + "B".repeat(63) })).not.toThrow();
    expect(() => ActionResult.error("x", { code: "A" + "B".repeat(64) })).toThrow();
  });

  it("fromJSON is a lossless round trip for every field", () => {
    const full = {
      status: "success",
      summary: "s",
      data: { x: [1, { y: null }] },
      ui: { type: "text", props: { content: "t" } },
      refresh_panels: ["a", "b"],
    };
    expect(ActionResult.fromJSON(full).toJSON()).toEqual(full);
    const err = { status: "error", summary: "boom", data: null, error: "boom", error_code: "BOOM_X", retryable: true };
    expect(ActionResult.fromJSON(err).toJSON()).toEqual(err);
    const none = { status: "success", summary: "", data: 0, refresh_panels: [] };
    expect(ActionResult.fromJSON(none).toJSON()).toEqual(none);
    const r = ActionResult.success({ a: 1 }, "x", { refreshPanels: ["p"] });
    expect(ActionResult.fromJSON(JSON.parse(JSON.stringify(r))).toJSON()).toEqual(r.toJSON());
  });
});

// ---- SPEC 1.3 ctx + errors --------------------------------------------------------------------------------

describe("SPEC 1.3 errors", () => {
  it("exports every named error, all ImperalError subclasses", () => {
    for (const E of [SkeletonAccessForbidden, StoreConflict, SecretNotDeclared, ValidationError, TaskCancelled]) {
      expect(typeof E).toBe("function");
      expect(E.prototype).toBeInstanceOf(ImperalError);
      expect(E.prototype).toBeInstanceOf(Error);
    }
    for (const n of [
      "ImperalError",
      "SkeletonAccessForbidden",
      "StoreConflict",
      "SecretNotDeclared",
      "ValidationError",
      "TaskCancelled",
    ]) {
      expect(typeof (sdk as Record<string, unknown>)[n]).toBe("function");
    }
  });
});

describe("SPEC 1.3 ctx members (testing kit)", () => {
  it("ctx.user shape and hasScope with * and ns:* wildcards", () => {
    const ctx = createTestContext({
      user: { imperalId: "u1", email: "u1@x.io", tenantId: "t1", role: "admin", scopes: ["notes:*", "mail:read"] },
    });
    expect(ctx.user.imperalId).toBe("u1");
    expect(ctx.user.email).toBe("u1@x.io");
    expect(ctx.user.tenantId).toBe("t1");
    expect(ctx.user.role).toBe("admin");
    expect(ctx.user.scopes).toEqual(["notes:*", "mail:read"]);
    expect(ctx.user.hasScope("notes:read")).toBe(true);
    expect(ctx.user.hasScope("notes:write")).toBe(true);
    expect(ctx.user.hasScope("mail:read")).toBe(true);
    expect(ctx.user.hasScope("mail:write")).toBe(false);
    expect(ctx.user.hasScope("calendar:read")).toBe(false);
    expect(ctx.user.hasScope("notesx:read")).toBe(false);
    const root = createTestContext({ user: { scopes: ["*"] } });
    expect(root.user.hasScope("anything:at_all")).toBe(true);
    const none = createTestContext({ user: { scopes: [] } });
    expect(none.user.hasScope("notes:read")).toBe(false);
    expect(ctx.tenant.tenantId).toBe("t1");
    expect(typeof ctx.tenant.name).toBe("string");
    expect(typeof ctx.lang).toBe("string");
    expect(ctx.signal).toBeInstanceOf(AbortSignal);
    expect(typeof ctx.log).toBe("function");
    expect(typeof ctx.progress).toBe("function");
    expect(typeof ctx.notify).toBe("function");
    for (const m of ["get", "post", "put", "patch", "delete"]) expect(typeof (ctx.http as any)[m]).toBe("function");
    for (const m of ["upload", "download", "delete", "list"]) expect(typeof (ctx.storage as any)[m]).toBe("function");
    expect(typeof ctx.ai.complete).toBe("function");
  });

  it("store: create/get/query/update/delete/count with Document and Page shapes", async () => {
    const ctx = createTestContext({ now: Date.UTC(2026, 0, 1) });
    const a = await ctx.store.create("notes", { title: "b", n: 2, tag: "x" });
    expect(Object.keys(a).sort()).toEqual(["collection", "createdAt", "data", "etag", "id", "updatedAt"]);
    expect(a.collection).toBe("notes");
    expect(a.data).toEqual({ title: "b", n: 2, tag: "x" });
    expect(typeof a.id).toBe("string");
    expect(typeof a.etag).toBe("string");
    await ctx.store.create("notes", { title: "a", n: 1, tag: "x" });
    await ctx.store.create("notes", { title: "c", n: 3, tag: "y" });
    expect((await ctx.store.get("notes", a.id))?.data.title).toBe("b");
    expect(await ctx.store.get("notes", "nope")).toBeNull();

    const page = await ctx.store.query("notes", { where: { tag: "x" }, orderBy: "-n", limit: 1 });
    expect(Object.keys(page).sort()).toEqual(["cursor", "data", "hasMore", "total"]);
    expect(page.total).toBe(2);
    expect(page.hasMore).toBe(true);
    expect(page.data.map((d: any) => d.data.n)).toEqual([2]);
    const page2 = await ctx.store.query("notes", {
      where: { tag: "x" },
      orderBy: "-n",
      limit: 1,
      cursor: page.cursor!,
    });
    expect(page2.data.map((d: any) => d.data.n)).toEqual([1]);
    expect(page2.hasMore).toBe(false);
    const asc = await ctx.store.query("notes", { orderBy: "n" });
    expect(asc.data.map((d: any) => d.data.title)).toEqual(["a", "b", "c"]);
    expect((await ctx.store.query("notes")).data.length).toBe(3);

    expect(await ctx.store.count("notes")).toBe(3);
    expect(await ctx.store.count("notes", { where: { tag: "y" } })).toBe(3 - 2);

    const up = await ctx.store.update("notes", a.id, { title: "B" }, { ifMatch: a.etag });
    expect(up.data).toEqual({ title: "B", n: 2, tag: "x" }); // shallow merge
    expect(up.etag).not.toBe(a.etag);
    await expect(ctx.store.update("notes", a.id, { title: "C" }, { ifMatch: a.etag })).rejects.toBeInstanceOf(
      StoreConflict,
    );
    await expect(ctx.store.update("notes", a.id, { title: "C" }, { ifMatch: a.etag })).rejects.toMatchObject({
      code: "STORE_CONFLICT",
    });

    expect(await ctx.store.delete("notes", a.id)).toBe(true);
    expect(await ctx.store.delete("notes", a.id)).toBe(false);
    await expect(ctx.store.create("Bad-Coll", {})).rejects.toBeInstanceOf(ImperalError);
  });

  it("cache: get/set/delete/getOrFetch, ttl 5..300, key pattern, 64 KiB on serialized bytes, expiry", async () => {
    const ctx = createTestContext({ now: 1_000_000 });
    expect(await ctx.cache.get("k")).toBeNull();
    await ctx.cache.set("k", { v: 1 }, { ttlSeconds: 5 });
    expect(await ctx.cache.get("k")).toEqual({ v: 1 });
    expect(await ctx.cache.get("k", z.object({ v: z.string() }))).toBeNull();
    expect(await ctx.cache.get("k", z.object({ v: z.number() }))).toEqual({ v: 1 });
    (ctx as any).test.clock.advance(5_001);
    expect(await ctx.cache.get("k")).toBeNull();
    await ctx.cache.set("d", 1); // default ttl 60
    (ctx as any).test.clock.advance(59_000);
    expect(await ctx.cache.get("d")).toBe(1);
    (ctx as any).test.clock.advance(2_000);
    expect(await ctx.cache.get("d")).toBeNull();
    await expect(ctx.cache.set("k", 1, { ttlSeconds: 4 })).rejects.toBeInstanceOf(ImperalError);
    await expect(ctx.cache.set("k", 1, { ttlSeconds: 301 })).rejects.toBeInstanceOf(ImperalError);
    await ctx.cache.set("a:b_c-D9", 1, { ttlSeconds: 300 });
    await expect(ctx.cache.set("bad key", 1)).rejects.toBeInstanceOf(ImperalError);
    await expect(ctx.cache.set("x".repeat(129), 1)).rejects.toBeInstanceOf(ImperalError);
    // 64 KiB measured on real serialized bytes: "é" is 2 UTF-8 bytes
    await expect(ctx.cache.set("big", "é".repeat(33_000))).rejects.toBeInstanceOf(ImperalError);
    await ctx.cache.set("ok", "e".repeat(60_000));
    await ctx.cache.delete("ok");
    expect(await ctx.cache.get("ok")).toBeNull();
    let calls = 0;
    const fetcher = async () => {
      calls++;
      return { n: calls };
    };
    expect(await ctx.cache.getOrFetch("f", fetcher, { ttlSeconds: 10 })).toEqual({ n: 1 });
    expect(await ctx.cache.getOrFetch("f", fetcher, { ttlSeconds: 10 })).toEqual({ n: 1 });
    expect(calls).toBe(1);
  });

  it("secrets: only declared names; get/set/delete/isSet/list", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    expect(await ctx.secrets.isSet("api_key")).toBe(false);
    expect(await ctx.secrets.get("api_key")).toBeNull();
    await ctx.secrets.set("api_key", "s3cr3t");
    expect(await ctx.secrets.get("api_key")).toBe("s3cr3t");
    expect(await ctx.secrets.isSet("api_key")).toBe(true);
    const list = await ctx.secrets.list();
    expect(JSON.stringify(list)).toContain("api_key");
    expect(JSON.stringify(list)).not.toContain("s3cr3t");
    await ctx.secrets.delete("api_key");
    expect(await ctx.secrets.isSet("api_key")).toBe(false);
    await expect(ctx.secrets.get("undeclared")).rejects.toBeInstanceOf(SecretNotDeclared);
    await expect(ctx.secrets.set("undeclared", "v")).rejects.toBeInstanceOf(SecretNotDeclared);
  });

  it("ctx.skeleton: only skeleton contexts; others get SkeletonAccessForbidden at run time", async () => {
    const sk = createTestContext({ kind: "skeleton", skeleton: { notes: { total: 3 } } } as any);
    expect(await (sk as any).skeleton.get("notes")).toEqual({ total: 3 });
    for (const kind of ["chat", "panel"] as const) {
      const c = createTestContext({ kind });
      expect(() => (c as any).skeleton.get("notes")).toThrow(SkeletonAccessForbidden);
    }
    expect(() => (createTestContext() as any).skeleton).toThrow(SkeletonAccessForbidden);
  });
});

// ---- SPEC 1.4 ui -----------------------------------------------------------------------------------------

describe("SPEC 1.4 ui", () => {
  const names = [
    "stack",
    "grid",
    "tabs",
    "section",
    "card",
    "text",
    "header",
    "markdown",
    "code",
    "divider",
    "empty",
    "alert",
    "badge",
    "stat",
    "stats",
    "keyValue",
    "list",
    "listItem",
    "dataTable",
    "button",
    "menu",
    "modal",
    "form",
    "input",
    "textArea",
    "select",
    "toggle",
    "checkbox",
    "datePicker",
    "tagInput",
    "chart",
    "progress",
    "image",
    "link",
    "call",
    "navigate",
    "send",
    "open",
  ];
  it("has every builder the SPEC lists", () => {
    for (const n of names) expect(typeof (ui as Record<string, unknown>)[n], n).toBe("function");
  });

  it("nodes are plain JSON { type, props } with undefined props dropped", () => {
    const t = ui.text("hello");
    expect(t).toEqual({ type: "text", props: { content: "hello" } });
    expect(Object.keys(t)).toEqual(["type", "props"]);
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
    const s = ui.stack([t, ui.divider()]);
    expect(s.type).toBe("stack");
    expect(Object.values(s.props)).not.toContain(undefined);
    const b = ui.button("Go", { onClick: ui.call("create_note", { title: "x" }) });
    expect(b.type).toBe("button");
    expect((b.props as any).onClick).toEqual({ action: "call", function: "create_note", params: { title: "x" } });
    const samples = [
      ui.grid([t]),
      ui.tabs([{ id: "a", label: "A", content: t }]),
      ui.section("S", [t]),
      ui.card([t]),
      ui.header("H"),
      ui.markdown("**m**"),
      ui.code("x"),
      ui.divider(),
      ui.empty("nothing"),
      ui.alert("careful"),
      ui.badge("new"),
      ui.stat("Notes", 3),
      ui.stats([ui.stat("a", 1)]),
      ui.keyValue({ a: 1 }),
      ui.list([ui.listItem({ title: "i" })]),
      ui.button("b"),
      ui.menu([{ label: "m", onClick: ui.send("hi") }]),
      ui.modal([t], { title: "M" }),
      ui.form([ui.input("title")], { onSubmit: ui.call("create_note") }),
      ui.textArea("body"),
      ui.select("s", ["a", "b"]),
      ui.toggle("t"),
      ui.checkbox("c"),
      ui.datePicker("d"),
      ui.tagInput("g"),
      ui.chart({ type: "bar", data: [{ x: 1, y: 2 }], xKey: "x", yKeys: ["y"] }),
      ui.progress(50),
      ui.image("https://x.io/a.png"),
      ui.link("l", "https://x.io"),
    ];
    for (const n of samples) {
      expect(typeof n.type).toBe("string");
      expect(typeof n.props).toBe("object");
      expect(JSON.parse(JSON.stringify(n))).toEqual(n);
      expect(JSON.stringify(n)).not.toContain("undefined");
      for (const v of Object.values(n.props as object)) expect(v).not.toBeUndefined();
    }
    expect(samples.map((n) => n.type)).toEqual([
      "grid",
      "tabs",
      "section",
      "card",
      "header",
      "markdown",
      "code",
      "divider",
      "empty",
      "alert",
      "badge",
      "stat",
      "stats",
      "keyValue",
      "list",
      "button",
      "menu",
      "modal",
      "form",
      "textArea",
      "select",
      "toggle",
      "checkbox",
      "datePicker",
      "tagInput",
      "chart",
      "progress",
      "image",
      "link",
    ]);
  });

  it("action shapes", () => {
    expect(ui.call("get_note", { note_id: "n1" })).toEqual({
      action: "call",
      function: "get_note",
      params: { note_id: "n1" },
    });
    expect(ui.call("__panel__sidebar", { tab: 2 })).toEqual({
      action: "call",
      function: "__panel__sidebar",
      params: { tab: 2 },
    });
    expect(ui.navigate("/notes/1")).toEqual({ action: "navigate", path: "/notes/1" });
    expect(ui.send("show my notes")).toEqual({ action: "send", message: "show my notes" });
    expect(ui.open("https://example.com")).toEqual({ action: "open", url: "https://example.com" });
  });

  it("a wrong enum value is a runtime TypeError", () => {
    expect(() => ui.alert("x", { type: "warnning" as any })).toThrow(TypeError);
    expect(() => ui.button("x", { variant: "primaryy" as any })).toThrow(TypeError);
    expect(() => ui.stack([], { direction: "diagonal" as any })).toThrow(TypeError);
    expect(() => ui.chart({ type: "pie3d" as any, data: [], xKey: "x", yKeys: [] })).toThrow(TypeError);
  });
});

// ---- SPEC 1.5 manifest ------------------------------------------------------------------------------------

describe("SPEC 1.5 manifest v3", () => {
  it("top-level keys in SPEC order, tools/skeletons/panels/secrets/schedules shapes", () => {
    const { ext } = makeNotes();
    const m = generateManifest(ext, { iconSizeBytes: 123 }) as any;
    expect(Object.keys(m)).toEqual([
      "manifest_schema_version",
      "sdk_version",
      "app_id",
      "version",
      "display_name",
      "description",
      "icon",
      "icon_size_bytes",
      "actions_explicit",
      "system",
      "capabilities",
      "tools",
      "skeletons",
      "panels",
      "secrets",
      "schedules",
      "chat_extensions",
    ]);
    expect(m.manifest_schema_version).toBe(3);
    expect(m.app_id).toBe("notes");
    expect(m.actions_explicit).toBe(true);
    expect(m.system).toBe(false);
    expect(m.capabilities).toEqual(["notes:read", "notes:write"]);
    expect(m.tools.map((t: any) => [t.name, t.kind])).toEqual([
      ["create_note", "chat_function"],
      ["get_note", "chat_function"],
      ["delete_note", "chat_function"],
      ["skeleton_refresh_notes", "skeleton_refresh"],
      ["skeleton_alert_notes", "skeleton_alert"],
      ["ping", "tool"],
    ]);
    const create = m.tools[0];
    expect(Object.keys(create).slice(0, 6)).toEqual([
      "name",
      "kind",
      "description",
      "action_type",
      "chain_callable",
      "params_schema",
    ]);
    expect(create.action_type).toBe("write");
    expect(create.chain_callable).toBe(true);
    expect(create.event).toBe("notes.created");
    expect(create.effects).toEqual(["create:note"]);
    expect(create.owner_chat_tool).toBe("notes");
    expect(create.params_schema.properties.title.type).toBe("string");
    expect(create.return_schema.properties.note_id.type).toBe("string");
    const allowedToolKeys = [
      "name",
      "kind",
      "description",
      "action_type",
      "chain_callable",
      "params_schema",
      "return_schema",
      "event",
      "effects",
      "id_projection",
      "owner_chat_tool",
      "scopes",
      "long_running",
      "ui_builder",
    ];
    for (const t of m.tools) {
      const keys = Object.keys(t);
      expect(keys.every((k) => allowedToolKeys.includes(k))).toBe(true);
      expect(keys).toEqual(allowedToolKeys.filter((k) => keys.includes(k))); // fixed order
    }
    expect(m.tools[1].id_projection).toBe("note_id");
    expect(m.tools[2].action_type).toBe("destructive");
    expect(m.skeletons).toEqual([
      {
        section: "notes",
        tool: "skeleton_refresh_notes",
        ttl: 300,
        alert: true,
        description: "Note counts and recent titles.",
      },
    ]);
    expect(Object.keys(m.skeletons[0])).toEqual(["section", "tool", "ttl", "alert", "description"]);
    expect(m.panels).toEqual([
      {
        panel_id: "sidebar",
        tool: "__panel__sidebar",
        slot: "left",
        title: "Notes",
        icon: "NotebookPen",
        refresh: "on_event:notes.created",
      },
    ]);
    expect(Object.keys(m.panels[0])).toEqual(["panel_id", "tool", "slot", "title", "icon", "refresh"]);
    expect(m.secrets[0].name).toBe("api_key");
    expect(m.schedules[0]).toMatchObject({ name: "nightly", cron: "0 3 * * *" });
  });

  it("serialization: 2-space indent, trailing newline, deterministic", () => {
    const s1 = serializeManifest(generateManifest(makeNotes().ext));
    const s2 = serializeManifest(generateManifest(makeNotes().ext));
    expect(s1).toBe(s2);
    expect(s1.endsWith("}\n")).toBe(true);
    expect(s1.endsWith("\n\n")).toBe(false);
    expect(s1.split("\n")[1]).toBe('  "manifest_schema_version": 3,');
  });

  it("@imperal/sdk/manifest.schema.json resolves, is draft 2020-12, and validates generated manifests", async () => {
    const schemaPath = require.resolve("@imperal/sdk/manifest.schema.json");
    expect(schemaPath.endsWith("manifest.schema.json")).toBe(true);
    const schema = (await import("@imperal/sdk/manifest.schema.json", { with: { type: "json" } })).default as any;
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const text = JSON.stringify(schema);
    expect(text).toContain("^[a-z0-9][a-z0-9-]*[a-z0-9]$"); // app_id pattern survives
    const ajv = new (Ajv2020 as any)({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const m = JSON.parse(serializeManifest(generateManifest(makeNotes().ext)));
    expect(validate(m)).toBe(true);
    expect(validate({ ...m, app_id: "Bad_App" })).toBe(false);
    expect(validate({ ...m, version: "1.0" })).toBe(false);
    expect(validate({ ...m, capabilities: ["Notes:Read"] })).toBe(false);
    expect(validate({ ...m, panels: [{ ...m.panels[0], slot: "main" }] })).toBe(false);
    expect(validate({ ...m, tools: [{ ...m.tools[0], name: "Create-Note" }] })).toBe(false);
    expect(validate({ ...m, schedules: [{ name: "nightly", cron: "0 3 * *" }] })).toBe(false);
    expect(validate({ ...m, schedules: [{ name: "nightly", cron: "*/5 0-6 1,15 * 1-5" }] })).toBe(true);
    expect(validate({ ...m, capabilities: ["*"] })).toBe(true);
    expect(validate({ ...m, capabilities: ["notes:*", "a-b:c_d:e"] })).toBe(true);
    expect(validate({ ...m, manifest_schema_version: 2 })).toBe(false);
    expect(validate({ ...m, skeletons: [{ ...m.skeletons[0], section: "Bad" }] })).toBe(false);
    expect(validate({ ...m, panels: [{ ...m.panels[0], slot: "chat-sidebar" }] })).toBe(true);
    expect(validate({ ...m, tools: [{ ...m.tools[0], kind: "panel" }] })).toBe(false);
    expect(validate({ ...m, tools: [{ ...m.tools[0], action_type: "delete" }] })).toBe(false);
  });

  it("app id, semver and capability patterns are enforced when the extension is created", () => {
    expect(() => new Extension("Bad_Id", { version: "1.0.0" })).toThrow(ImperalError);
    expect(() => new Extension("-x", { version: "1.0.0" })).toThrow(ImperalError);
    expect(() => new Extension("ok-id", { version: "1.0" })).toThrow(ImperalError);
    expect(() => new Extension("ok-id", { version: "1.0.0", capabilities: ["nocolon"] })).toThrow(ImperalError);
    expect(
      () => new Extension("ok-id", { version: "1.0.0", capabilities: ["*", "notes:read", "a-b:c_d:*"] }),
    ).not.toThrow();
  });

  it("a zod object converting to an empty schema never reaches a manifest", async () => {
    const z3 = (await import("zod3")).z;
    const ext = new Extension("z3-app", { version: "1.0.0" });
    const chat = new ChatExtension(ext, {});
    chat.function(
      "z3_fn",
      { description: "A zod 3 function here.", actionType: "write", params: z3.object({ q: z3.string() }) as any },
      async () => ActionResult.success({}, "ok"),
    );
    const m = generateManifest(ext) as any;
    expect(m.tools[0].params_schema.properties.q.type).toBe("string");
  });
});

// ---- SPEC 1.6 guards ---------------------------------------------------------------------------------------

describe("SPEC 1.6 guards (@imperal/sdk/guards)", () => {
  it("exports the guard functions", () => {
    for (const n of ["checkPlaceholders", "checkFabricatedIds", "validateParams", "toUserMessage"]) {
      expect(typeof (guards as Record<string, unknown>)[n], n).toBe("function");
    }
  });

  it("I-PARAMS-NO-PLACEHOLDER-VALUES at any depth, full match only", () => {
    expect(guards.checkPlaceholders({ title: "<TITLE>" })).toMatchObject({ ok: false, code: "PLACEHOLDER_ARG" });
    expect(guards.checkPlaceholders({ a: { b: ["x", "<NOTE_ID>"] } })).toMatchObject({
      ok: false,
      code: "PLACEHOLDER_ARG",
    });
    expect(guards.checkPlaceholders({ title: "see <b>bold</b>" }).ok).toBe(true);
    expect(guards.checkPlaceholders({ title: "<lower>" }).ok).toBe(true);
    expect(guards.checkPlaceholders({ title: "Meeting <NOTES> tomorrow" }).ok).toBe(true);
    const r = guards.checkPlaceholders({ title: "<TITLE>" }) as any;
    expect(r.message.toLowerCase()).toContain("ask");
  });

  it("I-AH-1 fabricated ids: id, *_id, *Id and idProjection keys must have been seen", () => {
    const seen = ["User said: open note n_42 please"];
    expect(guards.checkFabricatedIds({ note_id: "n_42" }, { seen }).ok).toBe(true);
    expect(guards.checkFabricatedIds({ note_id: "n_99" }, { seen })).toMatchObject({
      ok: false,
      code: "FABRICATED_ID",
    });
    expect(guards.checkFabricatedIds({ id: "zz" }, { seen })).toMatchObject({ ok: false, code: "FABRICATED_ID" });
    expect(guards.checkFabricatedIds({ noteId: "zz" }, { seen })).toMatchObject({ ok: false, code: "FABRICATED_ID" });
    expect(guards.checkFabricatedIds({ target: "zz" }, { seen, idProjection: "target" })).toMatchObject({
      ok: false,
      code: "FABRICATED_ID",
    });
    expect(guards.checkFabricatedIds({ title: "zz" }, { seen }).ok).toBe(true);
    // rejected on every retry too
    expect(guards.checkFabricatedIds({ note_id: "n_99" }, { seen }).ok).toBe(false);
  });

  it("I-PYDANTIC-RETRY-BUDGET: 2 retries then VALIDATION_MISSING_FIELD; I-MAGIC-UX: no class names", () => {
    const a0 = guards.validateParams(CreateNote, {}, { attempt: 0 }) as any;
    const a1 = guards.validateParams(CreateNote, {}, { attempt: 1 }) as any;
    const a2 = guards.validateParams(CreateNote, {}, { attempt: 2 }) as any;
    expect(a0.ok).toBe(false);
    expect(a0.code).not.toBe("VALIDATION_MISSING_FIELD");
    expect(a1.code).not.toBe("VALIDATION_MISSING_FIELD");
    expect(a2.code).toBe("VALIDATION_MISSING_FIELD");
    for (const r of [a0, a1, a2]) {
      expect(r.feedback).toMatch(/title/);
      expect(`${r.message} ${r.feedback}`).not.toMatch(/Zod|\bat .*:\d+:\d+/);
    }
    expect(guards.validateParams(CreateNote, { title: "t" })).toEqual({ ok: true, value: { title: "t", body: "" } });
    const err = new TypeError("Cannot read x");
    const msg = guards.toUserMessage(err);
    expect(msg).not.toMatch(/\n\s+at /);
    const zerr = CreateNote.safeParse({}).error;
    expect(guards.toUserMessage(zerr)).not.toMatch(/Zod/);
  });
});

// ---- SPEC 5 testing kit: invoke -----------------------------------------------------------------------------

describe("SPEC 5 invoke(ext, tool, rawArgs, { ctx })", () => {
  it("runs the handler with validated params and a given ctx", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    const out = (await invoke(ext, "create_note", { title: "Hello" }, { ctx })) as any;
    expect(out.ok).toBe(true);
    expect(out.result.status).toBe("success");
    expect(out.result.data.title).toBe("Hello");
    expect(await ctx.store.count("notes")).toBe(1);
    const got = (await invoke(ext, "get_note", { note_id: out.result.data.note_id }, { ctx })) as any;
    expect(got.result.data).toEqual({ note_id: out.result.data.note_id, title: "Hello" });
    const miss = (await invoke(ext, "get_note", { note_id: "nope" }, { ctx })) as any;
    expect(miss.result).toMatchObject({ status: "error", error_code: "NOTE_NOT_FOUND" });
    const del = (await invoke(ext, "delete_note", { note_id: out.result.data.note_id }, { ctx })) as any;
    expect(del.result.data).toEqual({ deleted: true });
  });

  it("rejects placeholders and invalid params before the handler runs", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    const p = (await invoke(ext, "create_note", { title: "<TITLE>" }, { ctx })) as any;
    expect(p).toMatchObject({ ok: false, code: "PLACEHOLDER_ARG" });
    const v = (await invoke(ext, "create_note", { body: "no title" }, { ctx })) as any;
    expect(v.ok).toBe(false);
    expect(v.code).toMatch(/^VALIDATION_/);
    expect(await ctx.store.count("notes")).toBe(0);
  });

  it("skeleton refresh returns { response }; panels return a UI tree", async () => {
    const { ext } = makeNotes();
    const sk = (await invoke(
      ext,
      "skeleton_refresh_notes",
      {},
      { ctx: createTestContext({ ext, kind: "skeleton" }) },
    )) as any;
    expect(sk.ok).toBe(true);
    expect(JSON.stringify(sk.result)).toContain("total_notes");
    const panel = (await invoke(
      ext,
      "__panel__sidebar",
      {},
      { ctx: createTestContext({ ext, kind: "panel" }) },
    )) as any;
    expect(panel.ok).toBe(true);
    expect(JSON.stringify(panel.result)).toContain('"type":"stack"');
  });

  it("I-MAGIC-UX: a handler exception's outcome carries no stack trace or class name in its serialised form", async () => {
    const ext = new Extension("boom-app", { version: "1.0.0" });
    new ChatExtension(ext, {}).function(
      "boom",
      { description: "Always throws an error.", actionType: "write", params: z.object({}) },
      async () => {
        throw new TypeError("db down");
      },
    );
    const out = (await invoke(ext, "boom", {})) as any;
    expect(out.ok).toBe(false);
    expect(out.message).toContain("db down");
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/\n\s+at |TypeError|\.js:\d+/);
    expect(String(out.detail)).toContain("db down"); // still available for logs
    const skel = (await invoke(
      makeNotes().ext,
      "create_note",
      { title: "x" },
      {
        ctx: createTestContext({ kind: "chat" }),
      },
    )) as any;
    expect(skel.ok).toBe(true);
  });

  it("skeleton alert tools get { old, new } and answer { response: string } (a bare string is accepted)", async () => {
    const { ext } = makeNotes();
    const changed = (await invoke(ext, "skeleton_alert_notes", {
      old: { total_notes: 1 },
      new: { total_notes: 2 },
    })) as any;
    expect(changed.ok).toBe(true);
    expect(changed.result).toEqual({ response: "changed" });
    const ext2 = new Extension("alerts", { version: "1.0.0" });
    ext2.skeleton("inbox", { ttl: 60, alert: true, description: "Inbox counts." }, async () => ({
      response: { unread: 1 },
    }));
    ext2.tool(
      "skeleton_alert_inbox",
      { description: "Alert on new mail." },
      async (_c: any, a: any) => `unread ${a.new.unread}`,
    );
    const out = (await invoke(ext2, "skeleton_alert_inbox", { old: { unread: 0 }, new: { unread: 3 } })) as any;
    expect(out.result).toEqual({ response: "unread 3" });
    // a skeleton returning the inner object (no { response }) is an error, not a snapshot
    const ext3 = new Extension("bad-skel", { version: "1.0.0" });
    ext3.skeleton("inbox", { ttl: 60 }, (async () => ({ unread: 1 })) as any);
    const bad = (await invoke(ext3, "skeleton_refresh_inbox", {})) as any;
    expect(bad.ok).toBe(false);
  });

  it("createTestContext accepts store seed and now", async () => {
    const ctx = createTestContext({ store: { notes: [{ title: "seeded" }] }, now: new Date("2026-01-02T03:04:05Z") });
    const page = await ctx.store.query("notes");
    expect(page.data.map((d: any) => d.data.title)).toEqual(["seeded"]);
    const d = await ctx.store.create("notes", { title: "n" });
    expect(new Date(d.createdAt as any).toISOString()).toBe("2026-01-02T03:04:05.000Z");
  });
});
