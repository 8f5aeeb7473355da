// SPEC 7.1 (lifecycle hooks, health) and 7.2 (ctx.config) in the SDK and the testing kit.
import { describe, expect, it } from "vitest";
import { ActionResult, ChatExtension, Extension, createConfigClient, resolveConfig, z } from "../src/index.js";
import { createTestContext, invoke, invokeLifecycle, invokeUpgrade, runHealthCheck } from "../src/testing/index.js";

describe("ctx.config (SPEC 7.2)", () => {
  const defaults = {
    backend: { url: "https://api.example.com", timeoutMs: 30000, regions: ["eu", "us"] },
    theme: "light",
  };
  const file = {
    app: { backend: { url: "https://staging.example.com" } },
    users: { dave: { backend: { regions: ["ap"] }, theme: "dark" } },
  };

  it("layers defaults, app and user objects (objects merge deeply, arrays replace)", () => {
    expect(resolveConfig(defaults, file, "dave")).toEqual({
      backend: { url: "https://staging.example.com", timeoutMs: 30000, regions: ["ap"] },
      theme: "dark",
    });
    expect(resolveConfig(defaults, file, "erin").theme).toBe("light");
    expect(resolveConfig(defaults, JSON.parse('{"app": {"__proto__": {"polluted": true}}}'), "x")).not.toHaveProperty(
      "polluted",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("get with dotted paths and fallback, section and all return copies; ctx.config is read-only", () => {
    const c = createConfigClient(resolveConfig(defaults, file, "dave"));
    expect(c.get("backend.url")).toBe("https://staging.example.com");
    expect(c.get("backend.retries", 3)).toBe(3);
    expect(c.get("backend.url.deeper", "x")).toBe("x");
    expect(c.section("backend")).toMatchObject({ timeoutMs: 30000 });
    expect(c.section("theme")).toEqual({});
    const s = c.section("backend");
    s.url = "changed";
    (c.get("backend.regions") as string[]).push("zz");
    expect(c.get("backend.url")).toBe("https://staging.example.com");
    expect(c.get("backend.regions")).toEqual(["ap"]);
    expect(() => c.get("")).toThrow(TypeError);
  });

  it("a handler reads ctx.config in the testing kit, with the extension's configDefaults", async () => {
    const ext = new Extension("cfg-ext", { version: "1.0.0", configDefaults: defaults });
    const chat = new ChatExtension(ext, { toolName: "cfg" });
    chat.function(
      "where",
      {
        description: "Reports the backend URL in use.",
        actionType: "read",
        params: z.object({}),
        dataModel: z.object({ url: z.string() }),
      },
      async (ctx) => ActionResult.success({ url: ctx.config.get<string>("backend.url")! }, "ok"),
    );
    const plain = await invoke(ext, "where", {}, { ctx: createTestContext({ ext }) });
    expect(plain.ok && (plain.result as { data: { url: string } }).data.url).toBe("https://api.example.com");
    const staged = await invoke(ext, "where", {}, { ctx: createTestContext({ ext, config: file }) });
    expect(staged.ok && (staged.result as { data: { url: string } }).data.url).toBe("https://staging.example.com");
    expect(createTestContext({ ext }).user.id).toBe("test-user"); // SPEC 7.9 alias
  });
});

describe("lifecycle hooks and health (SPEC 7.1)", () => {
  it("every call form registers; hooks run with the user's ctx; upgrades run in semver order within (from, to]", async () => {
    const ext = new Extension("life", { version: "2.1.0" });
    const seen: string[] = [];
    ext.onInstall(async (ctx) => {
      await ctx.store.create("prefs", { theme: "light" });
      seen.push(`install:${ctx.user.imperalId}`);
    });
    ext.onUninstall()(async () => void seen.push("uninstall"));
    class Hooks {
      @ext.onEnable()
      enable() {
        seen.push("enable");
      }
    }
    void Hooks;
    ext.onDisable(async () => void seen.push("disable"));
    ext.onUpgrade("2.0.0", async () => void seen.push("up:2.0.0"));
    ext.onUpgrade("1.1.0", async () => void seen.push("up:1.1.0"));
    ext.onUpgrade("2.1.0")(async () => void seen.push("up:2.1.0"));
    const ctx = createTestContext({ ext, user: { imperalId: "dave" } });
    expect(await invokeLifecycle(ext, "onInstall", { ctx })).toBe(true);
    expect(await ctx.store.count("prefs")).toBe(1);
    await invokeLifecycle(ext, "onEnable", { ctx });
    await invokeLifecycle(ext, "onUninstall", { ctx });
    expect(await invokeUpgrade(ext, "1.5.0", "2.1.0", { ctx })).toEqual(["2.0.0", "2.1.0"]);
    expect(seen).toEqual(["install:dave", "enable", "uninstall", "up:2.0.0", "up:2.1.0"]);
    expect(() => ext.onUpgrade("two", async () => {})).toThrow(/must be semver/);
  });

  it("runHealthCheck: ok, degraded, and a throwing or malformed check is unhealthy with the reason", async () => {
    const mk = (h: () => unknown) => {
      const ext = new Extension("health", { version: "1.0.0" });
      ext.healthCheck(h as never);
      return ext;
    };
    expect(await runHealthCheck(mk(async () => ({ status: "degraded", message: "slow backend" })))).toEqual({
      status: "degraded",
      message: "slow backend",
    });
    expect(
      await runHealthCheck(
        mk(async () => {
          throw new Error("backend down");
        }),
      ),
    ).toEqual({ status: "unhealthy", message: "backend down" });
    expect((await runHealthCheck(mk(async () => "fine")))?.status).toBe("unhealthy");
    expect(await runHealthCheck(new Extension("none", { version: "1.0.0" }))).toBeUndefined();
  });
});

describe("schedules and the system context (SPEC 7.3)", () => {
  it("listUsers/queryAll/asUser on a system ctx; SystemOnly on a user's ctx; invokeSchedule reports the run", async () => {
    const { invokeSchedule } = await import("../src/testing/index.js");
    const ext = new Extension("planner", { version: "1.0.0" });
    const chat = new ChatExtension(ext, { toolName: "planner" });
    chat.function(
      "ping",
      { description: "Says pong to the user.", actionType: "read", params: z.object({}), dataModel: z.object({}) },
      async (ctx) => {
        for await (const u of (ctx.store as unknown as { listUsers(c: string): AsyncIterable<string> }).listUsers(
          "tasks",
        ))
          void u;
        return ActionResult.success({}, "never");
      },
    );
    ext.schedule("deadline_check", { cron: "0 * * * *", timeoutSeconds: 60 }, async (ctx) => {
      const users: string[] = [];
      for await (const u of ctx.store.listUsers("tasks")) users.push(u);
      for (const u of users) await ctx.asUser(u).store.create("reminders", { note: "due soon" });
      return { users, all: (await ctx.store.queryAll("tasks")).map((d) => d.userId) };
    });
    const sys = createTestContext({
      ext,
      kind: "system",
      users: { dave: { tasks: [{ t: 1 }, { t: 2 }] }, erin: { tasks: [{ t: 3 }] } },
    });
    expect(sys.user.imperalId).toBe("__system__");
    expect(sys.tenant.tenantId).toBe("default");
    const run = await invokeSchedule(ext, "deadline_check", { ctx: sys });
    expect(run).toEqual({
      name: "deadline_check",
      status: "executed",
      result: { users: ["dave", "erin"], all: ["dave", "dave", "erin"] },
    });
    expect(await sys.asUser("dave").store.count("reminders")).toBe(1);
    expect(await sys.store.count("reminders")).toBe(0); // the system partition is its own
    const user = createTestContext({ ext });
    expect(() => (user as unknown as { asUser(u: string): unknown }).asUser("dave")).toThrow(
      expect.objectContaining({ code: "SYSTEM_ONLY" }),
    );
    const denied = await invoke(ext, "ping", {}, { ctx: user });
    expect(JSON.stringify(denied)).toContain("SYSTEM_ONLY");
    expect(() => ext.schedule("ping", { cron: "0 * * * *" }, async () => {})).toThrow(/already the name of a tool/);
    expect(() => ext.schedule("slow", { cron: "0 * * * *", timeoutSeconds: 0 }, async () => {})).toThrow(
      /timeoutSeconds/,
    );
    await expect(invokeSchedule(ext, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("events, webhooks and exposed methods (SPEC 7.4-7.6)", () => {
  it("ext.emits + ctx.events.emit (declared only), onEvent patterns, skeleton refreshOn, manifest events", async () => {
    const { generateManifest } = await import("../src/index.js");
    const ext = new Extension("notes", { version: "1.0.0" });
    const chat = new ChatExtension(ext, { toolName: "notes" });
    ext.emits("notes.synced", { description: "A sync finished." });
    expect(() => ext.emits("other.synced")).toThrow(/must start with "notes\."/);
    ext.onEvent("notes.*", async () => {});
    ext.onEvent("tasks.created")(async () => {});
    expect(() => ext.onEvent("notes.*.x", async () => {})).toThrow(/pattern ending in/);
    ext.skeleton("counts", { ttl: 60, refreshOn: ["notes.created", "notes.*"] }, async () => ({ response: {} }));
    chat.function(
      "sync",
      { description: "Syncs the notes now.", actionType: "write", params: z.object({}) },
      async (ctx) => {
        await ctx.events.emit("notes.synced", { n: 3 });
        // a bare type is not qualified silently (V33 reports it statically; at run time it is undeclared)
        await expect(ctx.events.emit("synced", {})).rejects.toMatchObject({ code: "EVENT_NOT_DECLARED" });
        await ctx.events.emit("notes.undeclared", {});
        return ActionResult.success({}, "synced");
      },
    );
    const ctx = createTestContext({ ext });
    const out = await invoke(ext, "sync", {}, { ctx });
    expect(ctx.test.events).toEqual([{ type: "notes.synced", data: { n: 3 } }]);
    expect(JSON.stringify(out)).toContain("EVENT_NOT_DECLARED");
    const m = generateManifest(ext) as Record<string, any>;
    expect(m.events).toEqual({
      emits: [{ type: "notes.synced", description: "A sync finished." }],
      subscribes: ["notes.*", "tasks.created"],
    });
  });

  it("webhooks: secretHeader gives 401 before the handler; the reply forms; the manifest lists them", async () => {
    const { invokeWebhook } = await import("../src/testing/index.js");
    const { generateManifest } = await import("../src/index.js");
    const ext = new Extension("trello", { version: "1.0.0" });
    let ran = 0;
    ext.webhook("cards", { secretHeader: "X-Trello-Webhook" }, async (ctx, req) => {
      ran++;
      await ctx.asUser("dave").store.create("cards", req.json() as Record<string, unknown>);
      return { received: true, by: ctx.user.imperalId };
    });
    ext.webhook("ping", { method: "GET" })(async () => ({ status: 204 }));
    expect(await invokeWebhook(ext, "cards", { body: { id: "c1" } })).toMatchObject({ status: 401 });
    expect(ran).toBe(0);
    const ok = await invokeWebhook(ext, "cards", { headers: { "x-trello-webhook": "sig" }, body: { id: "c1" } });
    expect(ok).toEqual({ status: 200, headers: {}, body: { received: true, by: "__webhook__" } });
    expect((await invokeWebhook(ext, "ping", { method: "GET" })).status).toBe(204);
    expect((await invokeWebhook(ext, "nope")).status).toBe(404);
    expect(() => ext.webhook("../etc", {}, async () => ({}))).toThrow(/paths are lowercase segments/);
    expect((generateManifest(ext) as Record<string, any>).webhooks).toEqual([
      { path: "cards", method: "POST", secret_header: "X-Trello-Webhook" },
      { path: "ping", method: "GET" },
    ]);
  });

  it("expose: read/write only, params schema and sensitive in the manifest; ctx.extensions.call in the testing kit", async () => {
    const { generateManifest } = await import("../src/index.js");
    const ext = new Extension("cards", { version: "1.0.0" });
    ext.expose(
      "find_card",
      {
        actionType: "read",
        params: z.object({ title: z.string(), token: z.string().optional() }),
        sensitive: ["title"],
      },
      async (_c, p) => ActionResult.success({ id: `card-${p.title}` }, "found"),
    );
    expect(() =>
      ext.expose("wipe", { actionType: "destructive" as never }, async () => ActionResult.success({}, "x")),
    ).toThrow(/not exposed across extensions/);
    const m = generateManifest(ext) as Record<string, any>;
    expect(m.exposed[0]).toMatchObject({ name: "find_card", action_type: "read", sensitive: ["title"] });
    expect(m.exposed[0].params_schema.properties.title).toEqual({ type: "string" });
    const ctx = createTestContext({
      extensions: (app, name, params) => ({ status: "success", summary: `${app}.${name}`, data: params }),
    });
    expect(await ctx.extensions.call("cards", "find_card", { title: "x" })).toEqual({
      status: "success",
      summary: "cards.find_card",
      data: { title: "x" },
    });
    await expect(createTestContext().extensions.call("cards", "find_card")).rejects.toMatchObject({
      code: "CLIENT_UNAVAILABLE",
    });
  });
});
