import { describe, expect, it } from "vitest";
import { z as z3 } from "zod3";
import {
  ActionResult,
  ChatExtension,
  Extension,
  REGISTRY_KEY,
  RegistrationError,
  callableSurface,
  findCallable,
  isExtension,
  summarizeSurface,
  ui,
  z,
} from "../src/index.js";
import { makeNotes } from "./helpers.js";

const P = z.object({ q: z.string() });
const fresh = () => {
  const ext = new Extension("demo-app", { version: "1.2.3" });
  return { ext, chat: new ChatExtension(ext) };
};
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe("registration call forms", () => {
  it("chat.function: handler argument returns the handler and registers it", () => {
    const { chat, ext } = fresh();
    const h = async () => ActionResult.success({}, "ok");
    expect(chat.function("find", { description: "Find things by query.", actionType: "read", params: P }, h)).toBe(h);
    expect(callableSurface(ext).map((t) => [t.name, t.kind, t.ownerChatTool])).toEqual([
      ["find", "chat_function", "demo_app"],
    ]);
  });

  it("chat.function: decorator applied to a function", () => {
    const { chat, ext } = fresh();
    const h = async () => ActionResult.success({}, "ok");
    const dec = chat.function("find", { description: "Find things by query.", actionType: "read", params: P });
    expect(callableSurface(ext)).toHaveLength(0);
    expect(dec(h)).toBe(h);
    expect(callableSurface(ext)[0].handler).toBe(h);
  });

  it("chat.fn and every ext method work as TC39 method decorators", async () => {
    const { chat, ext } = fresh();
    class Handlers {
      @chat.fn("find", { description: "Find things by query.", actionType: "read", params: P })
      async find(_ctx: unknown, p: { q: string }) {
        return ActionResult.success({ q: p.q }, "found");
      }
      @ext.tool("sync", { description: "Sync everything now." })
      async sync() {
        return "synced";
      }
      @ext.skeleton("counts", { ttl: 60 })
      async counts() {
        return { response: { n: 1 } };
      }
      @ext.panel("side", { slot: "right" })
      async side() {
        return ui.text("x");
      }
      @ext.schedule("nightly", { cron: "0 3 * * *" })
      async nightly() {}
    }
    expect(new Handlers()).toBeInstanceOf(Handlers);
    expect(callableSurface(ext).map((t) => t.name)).toEqual([
      "find",
      "sync",
      "skeleton_refresh_counts",
      "__panel__side",
    ]);
    const res = (await findCallable(ext, "find")!.handler({}, { q: "a" })) as ActionResult;
    expect(res.data).toEqual({ q: "a" });
    expect(ext[REGISTRY_KEY].schedules.map((s) => s.cron)).toEqual(["0 3 * * *"]);
  });

  it("ext.tool / skeleton / panel / schedule: handler and decorator forms", () => {
    const { ext } = fresh();
    const t = async () => "x";
    expect(ext.tool("a_tool", { description: "A tool that does things." }, t)).toBe(t);
    expect(ext.tool("b_tool", { description: "Another tool here." })(t)).toBe(t);
    const s = async () => ({ response: {} });
    expect(ext.skeleton("one", {}, s)).toBe(s);
    expect(ext.skeleton("two")(s)).toBe(s);
    const p = async () => ui.text("p");
    expect(ext.panel("p_one", { slot: "left" }, p)).toBe(p);
    expect(ext.panel("p_two", { slot: "center" })(p)).toBe(p);
    const j = async () => {};
    expect(ext.schedule("job_a", { cron: "*/5 * * * *" }, j)).toBe(j);
    expect(ext.schedule("job_b", { cron: "0 0 1 1 0" })(j)).toBe(j);
    expect(callableSurface(ext).map((x) => x.name)).toEqual([
      "a_tool",
      "b_tool",
      "skeleton_refresh_one",
      "skeleton_refresh_two",
      "__panel__p_one",
      "__panel__p_two",
    ]);
    expect(ext[REGISTRY_KEY].schedules.map((x) => x.name)).toEqual(["job_a", "job_b"]);
  });

  it("a decorator on a field or class is rejected", () => {
    const { chat } = fresh();
    const dec = chat.function("f_x", { description: "Describe f_x here.", actionType: "read" });
    expect(codeOf(() => (dec as (v: unknown, c: unknown) => unknown)(() => {}, { kind: "field" }))).toBe(
      "DECORATOR_TARGET",
    );
    expect(codeOf(() => (dec as (v: unknown) => unknown)("not a function"))).toBe("HANDLER_NOT_FUNCTION");
  });

  it("ext.secret declares secrets with defaults", () => {
    const { ext } = fresh();
    expect(ext.secret("api_key", { description: "The API key." })).toEqual({
      name: "api_key",
      description: "The API key.",
      required: false,
      writeMode: "user",
      maxBytes: 4096,
    });
    ext.secret("token", { description: "Token.", writeMode: "both", required: true, maxBytes: 100 });
    expect(ext[REGISTRY_KEY].secrets.map((s) => s.writeMode)).toEqual(["user", "both"]);
  });
});

describe("registration errors", () => {
  it("duplicate names across functions, tools, skeletons and panels", () => {
    const { ext, chat } = fresh();
    chat.function("dup", { description: "First registration.", actionType: "read" }, async () =>
      ActionResult.success(null, ""),
    );
    expect(codeOf(() => ext.tool("dup", { description: "Second registration." }, async () => 1))).toBe(
      "DUPLICATE_NAME",
    );
    ext.skeleton("s", {}, async () => ({ response: {} }));
    expect(codeOf(() => ext.skeleton("s", {}, async () => ({ response: {} })))).toBe("DUPLICATE_NAME");
    ext.panel("p", { slot: "left" }, async () => ui.text(""));
    expect(codeOf(() => ext.panel("p", { slot: "right" }, async () => ui.text("")))).toBe("DUPLICATE_NAME");
    ext.secret("k", { description: "k" });
    expect(codeOf(() => ext.secret("k", { description: "k" }))).toBe("DUPLICATE_NAME");
  });

  it("errors are RegistrationErrors with a message naming the call and a fix", () => {
    const { ext } = fresh();
    try {
      ext.panel("main_panel", { slot: "main" as never }, async () => ui.text(""));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RegistrationError);
      expect((e as RegistrationError).code).toBe("INVALID_SLOT");
      expect((e as Error).message).toContain('ext.panel("main_panel")');
      expect((e as RegistrationError).fix).toContain('use "center"');
    }
  });

  it("bad section names, slots, refresh and cron", () => {
    const { ext } = fresh();
    for (const bad of ["Notes", "1x", "a-b", "", "x*"])
      expect(codeOf(() => ext.skeleton(bad, {}, async () => ({ response: {} })))).toBe("INVALID_SECTION");
    expect(codeOf(() => ext.panel("x", { slot: "sidebar" as never }, async () => ui.text("")))).toBe("INVALID_SLOT");
    expect(codeOf(() => ext.panel("x", { slot: "left", refresh: "always" }, async () => ui.text("")))).toBe(
      "INVALID_REFRESH",
    );
    expect(codeOf(() => ext.schedule("x", { cron: "0 3 * *" }, async () => {}))).toBe("INVALID_CRON");
    expect(codeOf(() => ext.schedule("x", { cron: "61 3 * * *" }, async () => {}))).toBe("INVALID_CRON");
    expect(codeOf(() => ext.tool("skeleton_refresh_x", { description: "Refresh x now." }, async () => 1))).toBe(
      "SKELETON_VIA_TOOL",
    );
  });

  it("params must be a z.object (zod 3 or 4)", () => {
    const { chat } = fresh();
    const base = { description: "Describe it here.", actionType: "read" as const };
    expect(
      codeOf(() =>
        chat.function("a", { ...base, params: z.string() as never }, async () => ActionResult.success(1, "")),
      ),
    ).toBe("PARAMS_NOT_OBJECT");
    expect(
      codeOf(() =>
        chat.function("b", { ...base, params: { q: "string" } as never }, async () => ActionResult.success(1, "")),
      ),
    ).toBe("PARAMS_NOT_OBJECT");
    expect(
      codeOf(() =>
        chat.function("c", { ...base, params: z3.array(z3.string()) as never }, async () =>
          ActionResult.success(1, ""),
        ),
      ),
    ).toBe("PARAMS_NOT_OBJECT");
    chat.function("d", { ...base, params: z3.object({ q: z3.string() }) }, async () => ActionResult.success(1, ""));
    chat.function("e", { ...base, params: z.object({ q: z.string() }) }, async () => ActionResult.success(1, ""));
  });

  it("options are checked before the decorator is applied", () => {
    const { chat, ext } = fresh();
    expect(
      codeOf(() => chat.function("bad", { description: "Describe it here.", actionType: "delete" as never })),
    ).toBe("INVALID_ACTION_TYPE");
    expect(codeOf(() => chat.function("bad", { description: "  ", actionType: "read" }))).toBe("DESCRIPTION_MISSING");
    expect(codeOf(() => chat.function("Bad", { description: "Describe it here.", actionType: "read" }))).toBe(
      "INVALID_NAME",
    );
    expect(
      codeOf(() =>
        chat.function("x", {
          description: "Describe it here.",
          actionType: "read",
          params: P,
          idProjection: "note_id",
        }),
      ),
    ).toBe("INVALID_ID_PROJECTION");
    expect(
      codeOf(() =>
        chat.function("x", { description: "Describe it here.", actionType: "read", event: "Notes Created" }),
      ),
    ).toBe("INVALID_EVENT");
    expect(callableSurface(ext)).toHaveLength(0);
  });

  it("constructor validates app id, version and capabilities", () => {
    expect(codeOf(() => new Extension("Notes", { version: "1.0.0" }))).toBe("INVALID_APP_ID");
    expect(codeOf(() => new Extension("notes-", { version: "1.0.0" }))).toBe("INVALID_APP_ID");
    expect(codeOf(() => new Extension("notes", { version: "1.0" }))).toBe("INVALID_VERSION");
    expect(codeOf(() => new Extension("notes", { version: "1.0.0", capabilities: ["notes"] }))).toBe(
      "INVALID_CAPABILITY",
    );
    expect(new Extension("n2", { version: "1.0.0-beta.1", capabilities: ["*", "notes:read"] }).appId).toBe("n2");
  });
});

describe("callable surface", () => {
  it("lists chat functions, tools, skeleton tools and panels in declaration order", () => {
    const { ext } = makeNotes();
    const s = callableSurface(ext);
    expect(s.map((t) => `${t.kind}:${t.name}`)).toEqual([
      "chat_function:create_note",
      "chat_function:delete_note",
      "skeleton_refresh:skeleton_refresh_notes",
      "skeleton_alert:skeleton_alert_notes",
      "panel:__panel__sidebar",
    ]);
    expect(s[2]).toMatchObject({ section: "notes", ttl: 300, alert: true, actionType: "read" });
    expect(s[3]).toMatchObject({ section: "notes", actionType: "read" });
    expect(s[4]).toMatchObject({ panelId: "sidebar", slot: "left", title: "Notes", refresh: "on_event:notes.created" });
    expect(s[1]).toMatchObject({
      idProjection: "note_id",
      actionType: "destructive",
      chainCallable: true,
      ownerChatTool: "notes",
    });
  });

  it("summarizeSurface counts a chat-only extension correctly (no 'Tools: 0' bug)", () => {
    const { ext, chat } = fresh();
    chat.function("a", { description: "Read something here.", actionType: "read" }, async () =>
      ActionResult.success(1, ""),
    );
    chat.function("b", { description: "Write something here.", actionType: "write" }, async () =>
      ActionResult.success(1, ""),
    );
    expect(summarizeSurface(ext)).toEqual({
      functions: { read: 1, write: 1, destructive: 0 },
      tools: 0,
      skeletons: 0,
      panels: 0,
      total: 2,
    });
    expect(summarizeSurface(makeNotes().ext)).toEqual({
      functions: { read: 0, write: 1, destructive: 1 },
      tools: 1,
      skeletons: 1,
      panels: 1,
      total: 5,
    });
  });

  it("returns copies, so callers cannot corrupt the registry", () => {
    const { ext } = makeNotes();
    callableSurface(ext)[0].name = "hacked";
    expect(callableSurface(ext)[0].name).toBe("create_note");
  });

  it("works on an extension created by another copy of the SDK (brand + registry symbol, no instanceof)", () => {
    const { ext } = makeNotes();
    const foreign = Object.create(null) as Record<symbol, unknown>;
    foreign[Symbol.for("imperal.sdk.extension")] = true;
    foreign[Symbol.for("imperal.sdk.registry")] = ext[REGISTRY_KEY];
    expect(isExtension(foreign)).toBe(true);
    expect(callableSurface(foreign).map((t) => t.name)).toEqual(callableSurface(ext).map((t) => t.name));
    expect(isExtension({})).toBe(false);
    expect(isExtension(null)).toBe(false);
    expect(() => callableSurface({})).toThrow(/Extension/);
  });

  it("registering is side-effect free: nothing but the registry changes", () => {
    const before = Object.keys(globalThis).length;
    makeNotes();
    expect(Object.keys(globalThis).length).toBe(before);
  });
});
