/** Every clause of V32 (ui.call targets), V33 (event types) and V34 (schedules): a failing and a passing case. */
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTemp } from "./helpers.js";
import { at, run } from "./platform-helpers.js";
import { cronProblem } from "@imperal/sdk/patterns";

afterAll(cleanupTemp);

const FN = `{ description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }`;
const createNote = `chat.function("create_note", ${FN}, async () => ActionResult.success({ ok: true }, "ok"));\n`;

describe("V32 ui.call targets", () => {
  it("a literal function name nobody registers is an error; a registered chat function, tool or skeleton tool passes", async () => {
    const body = `${createNote}ext.tool("sync_now", { description: "Sync now." }, async () => null);
ext.skeleton("counts", { ttl: 60, description: "Counts." }, async () => ({ response: {} }));
ext.panel("side", { slot: "left", title: "Side" }, async () =>
  ui.stack([ui.button("a", { onClick: ui.call("create_note") }), ui.button("b", { onClick: ui.call("sync_now") }),
    ui.button("c", { onClick: ui.call("skeleton_refresh_counts") }), ui.button("d", { onClick: ui.call("create_notes") })]),
);
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V32", body, 6, '"create_notes"')]);
    expect(r.findings[0]!.message).toContain('no function, tool or panel "create_notes" is registered');
    expect(r.findings[0]!.fix).toContain('did you mean "create_note"?');
  });

  it('ui.call("__panel__<id>") must name a registered panel', async () => {
    const body = `ext.panel("editor", { slot: "center", title: "Editor" }, async () => ui.text("x"));
ext.panel("side", { slot: "left", title: "Side" }, async () =>
  ui.stack([ui.button("a", { onClick: ui.call("__panel__editor") }), ui.button("b", { onClick: ui.call("__panel__editr") })]),
);
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V32", body, 3, '"__panel__editr"')]);
    expect(r.findings[0]!.message).toContain('no panel "editr" is registered');
    expect(r.findings[0]!.fix).toContain('did you mean "__panel__editor"?');
  });

  it("a panel id is not a function name and a function name with the panel prefix is not a panel", async () => {
    const body = `${createNote}ext.panel("editor", { slot: "center", title: "Editor" }, async () =>
  ui.stack([ui.button("a", { onClick: ui.call("editor") }), ui.button("b", { onClick: ui.call("__panel__create_note") })]),
);
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V32", body, 3, '"editor"'), at("V32", body, 3, '"__panel__create_note"')]);
  });

  it("a name passed through a helper's parameter is checked at each call site", async () => {
    const body = `${createNote}const btn = (label: string, fn: string) => ui.button(label, { onClick: ui.call(fn, {}, { confirm: "Sure?" }) });
ext.panel("side", { slot: "left", title: "Side" }, async () => ui.stack([btn("New", "create_note"), btn("Old", "delete_note")]));
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V32", body, 3, '"delete_note"')]);
    const ok = await run(body.replace('"delete_note"', '"create_note"'));
    expect(ok.brief).toEqual([]);
  });

  it("consts and both arms of a conditional are followed", async () => {
    const body = `${createNote}const TARGET = "create_note";
ext.panel("side", { slot: "left", title: "Side" }, async (_ctx, props: { edit?: boolean }) =>
  ui.stack([ui.button("a", { onClick: ui.call(TARGET) }), ui.button("b", { onClick: ui.call(props.edit ? "create_note" : "__panel__gone") })]),
);
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V32", body, 4, '"__panel__gone"')]);
  });

  it("a computed name is a cannot-verify warning, never a silent pass", async () => {
    const body = `ext.panel("side", { slot: "left", title: "Side" }, async (_ctx, props: { fn: string }) =>
  ui.button("go", { onClick: ui.call(props.fn) }),
);
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V32", body, 2, "props.fn", "warn")]);
    expect(r.findings[0]!.message).toMatch(/^cannot verify the function ui.call names/);
  });

  it("an unknown literal is only a warning while some registration's name is not statically known", async () => {
    const body = `declare const dynamicName: string;
ext.tool(dynamicName, { description: "Some tool." }, async () => null);
ext.panel("side", { slot: "left", title: "Side" }, async () => ui.button("go", { onClick: ui.call("maybe_tool") }));
`;
    const r = await run(body);
    expect(r.brief.filter((b) => b.startsWith("V32"))).toEqual([at("V32", body, 3, '"maybe_tool"', "warn")]);
  });

  it("names defined in other files count, and only the SDK's ui is checked", async () => {
    const fns = `import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
chat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: z.object({}), dataModel: z.object({ ok: z.boolean() }) }, async () => ActionResult.success({ ok: true }, "ok"));
`;
    const body = `import * as sdk from "@imperal/sdk";
const fake = { call: (name: string) => name };
fake.call("not_a_tool");
ext.panel("side", { slot: "left", title: "Side" }, async () =>
  sdk.ui.stack([sdk.ui.button("a", { onClick: sdk.ui.call("create_note") }), sdk.ui.button("b", { onClick: sdk.ui.call("nope") })]),
);
`;
    const r = await run(body, { "src/fns.ts": fns });
    expect(r.brief).toEqual([at("V32", body, 5, '"nope"')]);
  });
});

describe("V33 event types", () => {
  it("ext.emits of a type outside {app_id}. is an error; a prefixed type passes", async () => {
    const body = `ext.emits("synced");\next.emits("notes.synced");\n`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V33", body, 1, '"synced"')]);
    expect(r.findings[0]!.fix).toContain('"notes.synced"');
  });

  it("ctx.events.emit of a type outside {app_id}. is an error", async () => {
    const body = `ext.emits("notes.synced");
ext.tool("sync", { description: "Sync notes." }, async (ctx) => { await ctx.events.emit("synced", {}); await ctx.events.emit("notes.synced", {}); return null; });
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V33", body, 2, '"synced"')]);
    expect(r.findings[0]!.message).toContain('does not start with "notes."');
  });

  it("ctx.events.emit of an undeclared type is an error; ext.emits or a function's own event declares it", async () => {
    const body = `chat.function("create_note", { ...${FN}, event: "created" }, async () => ActionResult.success({ ok: true }, "ok"));
chat.function("rename_note", { ...${FN}, event: "notes.renamed" }, async () => ActionResult.success({ ok: true }, "ok"));
ext.emits("notes.synced");
ext.tool("sync", { description: "Sync notes." }, async (ctx) => {
  const { events } = ctx;
  await events.emit("notes.synced", {});
  await ctx.events.emit("notes.created", {});
  await ctx.events.emit("notes.renamed", {});
  await ctx.events.emit("notes.deleted", {});
  return null;
});
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V33", body, 9, '"notes.deleted"')]);
    expect(r.findings[0]!.fix).toContain('ext.emits("notes.deleted"');
  });

  it("a computed type is a cannot-verify warning; a helper's parameter is followed to its call sites", async () => {
    const body = `import type { ChatContext } from "@imperal/sdk";
ext.emits("notes.synced");
async function publish(ctx: ChatContext, type: string) { await ctx.events.emit(type, {}); }
ext.tool("sync", { description: "Sync notes." }, async (ctx, p: { t: string }) => {
  await publish(ctx, "notes.synced");
  await ctx.events.emit(p.t, {});
  return null;
});
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V33", body, 6, "p.t", "warn")]);
    const bad = body.replace('publish(ctx, "notes.synced")', 'publish(ctx, "notes.lost")');
    expect((await run(bad)).brief).toEqual([at("V33", bad, 5, '"notes.lost"'), at("V33", bad, 6, "p.t", "warn")]);
  });

  it("while an ext.emits type is computed, an undeclared emit is a warning, not an error", async () => {
    const body = `declare const T: string;
ext.emits(T);
ext.tool("sync", { description: "Sync notes." }, async (ctx) => { await ctx.events.emit("notes.other", {}); return null; });
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V33", body, 2, "T", "warn"), at("V33", body, 3, '"notes.other"', "warn")]);
  });
});

describe("V34 schedules", () => {
  const sched = (cron: string, name = "nightly") => `ext.schedule("${name}", { cron: "${cron}" }, async () => null);\n`;

  it("a cron that is not 5 fields, or has a value out of its field's range, is an error", async () => {
    for (const cron of [
      "0 3 * *",
      "every night",
      "60 * * * *",
      "0 24 * * *",
      "0 0 0 * *",
      "0 0 * 13 *",
      "0 0 * * 8",
      "*/0 * * * *",
      "0  3 * * *",
    ]) {
      const body = sched(cron);
      const r = await run(body);
      expect(r.brief, cron).toEqual([at("V34", body, 1, `"${cron}"`)]);
      expect(cronProblem(cron), cron).not.toBeNull();
    }
  });

  it("lists, ranges, steps and * pass (the SDK's parser accepts exactly these)", async () => {
    for (const cron of ["0 3 * * *", "*/15 8-18 * * 1-5", "0,30 * 1,15 * *", "5 4 * 1-12/2 0", "0 0 31 12 7"]) {
      const r = await run(sched(cron));
      expect(r.brief, cron).toEqual([]);
      expect(cronProblem(cron), cron).toBeNull();
    }
  });

  it("month and day names are rejected consistently with the SDK's registry", async () => {
    const body = sched("0 3 * JAN MON");
    expect((await run(body)).brief).toEqual([at("V34", body, 1, '"0 3 * JAN MON"')]);
    expect(cronProblem("0 3 * JAN MON")).not.toBeNull();
  });

  it("a computed cron is a cannot-verify warning", async () => {
    const body = `declare const CRON: string;\next.schedule("nightly", { cron: CRON }, async () => null);\n`;
    expect((await run(body)).brief).toEqual([at("V34", body, 2, "CRON", "warn")]);
  });

  it("a schedule named like a chat function or tool is an error; its own name passes", async () => {
    const body = `${createNote}ext.tool("cleanup", { description: "Clean up." }, async () => null);
${sched("0 3 * * *", "create_note")}${sched("0 4 * * *", "cleanup")}${sched("0 5 * * *", "cleanup_job")}`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V34", body, 3, '"create_note"'), at("V34", body, 4, '"cleanup"')]);
    expect(r.findings[0]!.message).toContain('chat function "create_note"');
  });
});
