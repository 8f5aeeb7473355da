import { describe, expect, it } from "vitest";
import {
  ActionResult,
  ChatExtension,
  Extension,
  TaskCancelled,
  buildContext,
  executeTool,
  ui,
  z,
} from "../src/index.js";
import { createTestContext } from "../src/testing/index.js";
import { makeNotes } from "./helpers.js";

const user = { imperalId: "u", email: "", tenantId: "t", role: "user", scopes: [] };

function edgeExt() {
  const ext = new Extension("edge", { version: "1.0.0" });
  const chat = new ChatExtension(ext);
  chat.function("throws", { description: "Always throws an error.", actionType: "read" }, async () => {
    throw new Error("db down\n    at x (/srv/app/x.js:1:1)");
  });
  chat.function("plain", { description: "Returns a plain object.", actionType: "read" }, (async () => ({
    a: 1,
  })) as never);
  chat.function("json_result", { description: "Returns ActionResult JSON.", actionType: "read" }, (async () =>
    ActionResult.success({ a: 1 }, "ok").toJSON()) as never);
  chat.function("errors", { description: "Returns a handled error.", actionType: "read" }, async () =>
    ActionResult.error("nope", { code: "NOPE_CODE" }),
  );
  chat.function("cancelled", { description: "Cancels itself.", actionType: "read" }, async () => {
    throw new TaskCancelled();
  });
  ext.skeleton("inner", {}, (async () => ({ total: 1 })) as never);
  ext.skeleton("arr", {}, (async () => ({ response: [1] })) as never);
  ext.tool("plain_tool", { description: "Returns a bare value." }, async () => [1, 2]);
  ext.tool("skeleton_alert_inner", { description: "Alert as plain string." }, async () => "changed!");
  ext.tool("skeleton_alert_arr", { description: "Alert with a bad return." }, async () => 5);
  ext.panel("bad_panel", { slot: "left" }, (async () => "not a node") as never);
  ext.panel("good_panel", { slot: "left" }, async (_ctx, props) => ui.text(`page ${String(props.page ?? 1)}`));
  return ext;
}

describe("executeTool", () => {
  it("runs a chat function and returns ActionResult JSON", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    const out = await executeTool(ext, "create_note", { title: "Milk" }, ctx);
    expect(out).toMatchObject({
      ok: true,
      kind: "chat_function",
      tool: "create_note",
      result: { status: "success", summary: 'Created note "Milk"', data: { title: "Milk" } },
    });
    expect(await ctx.store.count("notes")).toBe(1);
  });

  it("unknown tools and non-object args are rejected before dispatch", async () => {
    const { ext } = makeNotes();
    const ctx = buildContext("chat", { user });
    expect(await executeTool(ext, "nope", {}, ctx)).toMatchObject({ ok: false, code: "UNKNOWN_TOOL" });
    expect(await executeTool(ext, "create_note", [1], ctx)).toMatchObject({ ok: false, code: "INVALID_ARGS" });
  });

  it("guards run before the handler: placeholders, fabricated ids (when seen is given), schema", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    expect(await executeTool(ext, "create_note", { title: "<TITLE>" }, ctx)).toMatchObject({
      ok: false,
      code: "PLACEHOLDER_ARG",
    });
    expect(await executeTool(ext, "delete_note", { note_id: "n_1" }, ctx, { seen: ["delete n_2"] })).toMatchObject({
      ok: false,
      code: "FABRICATED_ID",
    });
    expect(await executeTool(ext, "delete_note", { note_id: "n_2" }, ctx, { seen: ["delete n_2"] })).toMatchObject({
      ok: true,
      result: { status: "error", error_code: "NOTE_NOT_FOUND" },
    });
    const v = await executeTool(ext, "create_note", { title: "" }, ctx, { attempt: 2 });
    expect(v).toMatchObject({ ok: false, code: "VALIDATION_MISSING_FIELD", retryable: false });
    expect(await ctx.store.count("notes")).toBe(0);
  });

  it("handler exceptions become HANDLER_ERROR with a clean message and the stack in detail", async () => {
    const ext = edgeExt();
    const out = await executeTool(ext, "throws", {}, buildContext("chat", { user }));
    expect(out).toMatchObject({ ok: false, code: "HANDLER_ERROR", message: "db down" });
    expect(!out.ok && out.detail).toContain("db down");
    expect(await executeTool(ext, "cancelled", {}, buildContext("chat", { user }))).toMatchObject({
      ok: false,
      code: "TASK_CANCELLED",
    });
  });

  it("normalises returns per kind", async () => {
    const ext = edgeExt();
    const chat = buildContext("chat", { user });
    expect(await executeTool(ext, "plain", {}, chat)).toMatchObject({ ok: false, code: "BAD_RETURN" });
    expect(await executeTool(ext, "json_result", {}, chat)).toEqual({
      ok: true,
      kind: "chat_function",
      tool: "json_result",
      result: { status: "success", summary: "ok", data: { a: 1 } },
    });
    expect(await executeTool(ext, "errors", {}, chat)).toMatchObject({
      ok: true,
      result: { status: "error", error_code: "NOPE_CODE" },
    });
    expect(await executeTool(ext, "plain_tool", {}, chat)).toEqual({
      ok: true,
      kind: "tool",
      tool: "plain_tool",
      result: { status: "success", summary: "", data: [1, 2] },
    });
    const skel = buildContext("skeleton", { user });
    expect(await executeTool(ext, "skeleton_refresh_inner", {}, skel)).toMatchObject({
      ok: false,
      code: "SKELETON_BAD_RETURN",
    });
    expect(await executeTool(ext, "skeleton_refresh_arr", {}, skel)).toMatchObject({
      ok: false,
      code: "SKELETON_BAD_RETURN",
    });
    expect(await executeTool(ext, "skeleton_alert_inner", { old: {}, new: {} }, chat)).toEqual({
      ok: true,
      kind: "skeleton_alert",
      tool: "skeleton_alert_inner",
      result: { response: "changed!" },
    });
    expect(await executeTool(ext, "skeleton_alert_arr", { old: {}, new: {} }, chat)).toMatchObject({
      ok: false,
      code: "ALERT_BAD_RETURN",
    });
    const panel = buildContext("panel", { user });
    expect(await executeTool(ext, "__panel__bad_panel", {}, panel)).toMatchObject({
      ok: false,
      code: "PANEL_BAD_RETURN",
    });
    expect(await executeTool(ext, "__panel__good_panel", { page: 3 }, panel)).toEqual({
      ok: true,
      kind: "panel",
      tool: "__panel__good_panel",
      result: { type: "text", props: { content: "page 3" } },
    });
  });

  it("outcomes are plain JSON (survive structuredClone / postMessage)", async () => {
    const { ext } = makeNotes();
    const out = await executeTool(ext, "create_note", { title: "A" }, createTestContext({ ext }));
    expect(structuredClone(out)).toEqual(out);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it("a chat function that touches ctx.skeleton fails with the guard's message", async () => {
    const ext = new Extension("peek", { version: "1.0.0" });
    new ChatExtension(ext).function(
      "peek",
      { description: "Peeks at the skeleton.", actionType: "read", params: z.object({}) },
      async (ctx) => {
        await (ctx as unknown as { skeleton: { get(s: string): Promise<unknown> } }).skeleton.get("x");
        return ActionResult.success(1, "");
      },
    );
    const out = await executeTool(ext, "peek", {}, createTestContext({ ext }));
    expect(out).toMatchObject({ ok: false, code: "HANDLER_ERROR" });
    expect(!out.ok && out.message).toMatch(/only available inside ext.skeleton/);
  });
});

describe("executeTool and cancellation", () => {
  it("does not start a handler whose signal is already aborted", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    ctx.test.abort();
    expect(await executeTool(ext, "create_note", { title: "x" }, ctx)).toMatchObject({
      ok: false,
      code: "TASK_CANCELLED",
    });
    expect(await ctx.store.count("notes")).toBe(0);
  });
});

describe("executeTool guard scope", () => {
  it("alert tools get snapshots verbatim, even ones that look like placeholders", async () => {
    const { ext } = makeNotes();
    const out = await executeTool(
      ext,
      "skeleton_alert_notes",
      { old: { t: "<TODO>" }, new: { t: "x" } },
      createTestContext({ ext }),
    );
    expect(out).toEqual({
      ok: true,
      kind: "skeleton_alert",
      tool: "skeleton_alert_notes",
      result: { response: "Notes changed" },
    });
  });

  it("validation messages name the tool", async () => {
    const { ext } = makeNotes();
    const ctx = createTestContext({ ext });
    expect(await executeTool(ext, "create_note", {}, ctx)).toMatchObject({
      message: "Invalid arguments for create_note.",
    });
    expect(await executeTool(ext, "create_note", {}, ctx, { attempt: 2 })).toMatchObject({
      message: "Invalid arguments for create_note after 2 retries.",
    });
  });
});
