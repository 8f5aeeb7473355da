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
