import { describe, expect, it } from "vitest";
import { callableSurface } from "@imperal/sdk";
import { createTestContext, invoke } from "@imperal/sdk/testing";
import { ext } from "../src/index.js";

/** One in-memory user whose store persists across the calls of a test. */
function session() {
  const ctx = createTestContext({ ext });
  const call = async (tool: string, args: Record<string, unknown> = {}) => {
    const out = await invoke(ext, tool, args, { ctx });
    if (!out.ok) throw new Error(`${tool} failed: ${out.code} ${out.message}`);
    return out.result as { status: string; summary: string; data: any; error_code?: string };
  };
  return { ctx, call };
}

describe("notes functions", () => {
  it("creates, lists, reads and updates a note", async () => {
    const { call } = session();
    const created = await call("create_note", { title: "Groceries", body: "milk, eggs", tags: ["home"] });
    expect(created.status).toBe("success");
    const id = created.data.note_id as string;

    const list = await call("list_notes");
    expect(list.data.total).toBe(1);
    expect(list.data.notes[0]).toMatchObject({ note_id: id, title: "Groceries", tags: ["home"] });

    const got = await call("get_note", { note_id: id });
    expect(got.data).toMatchObject({ title: "Groceries", body: "milk, eggs", in_trash: false });

    const updated = await call("update_note", { note_id: id, body: "milk, eggs, bread" });
    expect(updated.summary).toContain("Updated");
    expect((await call("get_note", { note_id: id })).data.body).toBe("milk, eggs, bread");
  });

  it("moves a note to the trash and restores it", async () => {
    const { call } = session();
    const id = (await call("create_note", { title: "Draft" })).data.note_id;
    await call("trash_note", { note_id: id });
    expect((await call("list_notes")).data.total).toBe(0);
    expect((await call("list_notes", { view: "trash" })).data.notes[0].note_id).toBe(id);

    await call("restore_note", { note_id: id });
    expect((await call("list_notes")).data.total).toBe(1);
    expect((await call("list_notes", { view: "trash" })).data.total).toBe(0);
  });

  it("deletes a note permanently (a destructive function)", async () => {
    const { call } = session();
    const id = (await call("create_note", { title: "Old" })).data.note_id;
    const del = await call("delete_note", { note_id: id });
    expect(del.data).toEqual({ note_id: id, deleted: true });
    const missing = await call("get_note", { note_id: id });
    expect(missing).toMatchObject({ status: "error", error_code: "NOTE_NOT_FOUND" });
  });

  it("declares the right action types (hard delete is destructive, so the kernel asks first)", () => {
    const types = Object.fromEntries(callableSurface(ext).map((t) => [t.name, t.actionType]));
    expect(types).toMatchObject({
      create_note: "write",
      list_notes: "read",
      get_note: "read",
      update_note: "write",
      trash_note: "write",
      restore_note: "write",
      delete_note: "destructive",
    });
  });

  it("rejects invalid params before the handler runs", async () => {
    const out = await invoke(ext, "create_note", { title: "" });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.code).toMatch(/^VALIDATION_/);
  });

  it("refuses an update with nothing to change", async () => {
    const { call } = session();
    const id = (await call("create_note", { title: "Same" })).data.note_id;
    expect(await call("update_note", { note_id: id })).toMatchObject({
      status: "error",
      error_code: "NOTHING_TO_UPDATE",
    });
  });
});

describe("notes skeleton", () => {
  it("returns counts and at most five recent titles under `response`", async () => {
    const { ctx, call } = session();
    for (let i = 1; i <= 7; i++) await call("create_note", { title: `Note ${i}` });
    const trashed = (await call("list_notes")).data.notes[0].note_id;
    await call("trash_note", { note_id: trashed });

    const out = await invoke(
      ext,
      "skeleton_refresh_notes",
      {},
      { ctx: createTestContext({ ext, kind: "skeleton", backends: ctx.test.backends }) },
    );
    expect(out.ok).toBe(true);
    const snapshot = (out as { result: { response: any } }).result.response;
    expect(snapshot.total_notes).toBe(6);
    expect(snapshot.in_trash).toBe(1);
    expect(snapshot.recent).toHaveLength(5);
    expect(snapshot.recent[0]).toEqual({ note_id: expect.any(String), title: expect.any(String) });
  });
});

describe("notes panels", () => {
  it("renders the sidebar with items that open the editor panel", async () => {
    const { ctx, call } = session();
    const id = (await call("create_note", { title: "Pinned" })).data.note_id;
    const panelCtx = createTestContext({ ext, kind: "panel", backends: ctx.test.backends });
    const out = await invoke(ext, "__panel__sidebar", {}, { ctx: panelCtx });
    expect(out.ok).toBe(true);
    const tree = JSON.stringify((out as { result: unknown }).result);
    expect(tree).toContain('"function":"__panel__editor"');
    expect(tree).toContain(id);
    expect(tree).toContain('"function":"__panel__sidebar"');
  });

  it("renders the editor for a note, and a form for a new one", async () => {
    const { ctx, call } = session();
    const id = (await call("create_note", { title: "Edit me", body: "text" })).data.note_id;
    const panelCtx = createTestContext({ ext, kind: "panel", backends: ctx.test.backends });

    const editor = JSON.stringify(
      (await invoke(ext, "__panel__editor", { note_id: id }, { ctx: panelCtx })) as unknown,
    );
    expect(editor).toContain('"function":"update_note"');
    expect(editor).toContain('"function":"trash_note"');

    const blank = JSON.stringify(await invoke(ext, "__panel__editor", {}, { ctx: panelCtx }));
    expect(blank).toContain('"function":"create_note"');

    const gone = JSON.stringify(await invoke(ext, "__panel__editor", { note_id: "missing" }, { ctx: panelCtx }));
    expect(gone).toContain("no longer exists");
  });
});
