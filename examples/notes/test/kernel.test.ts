// Notes in a real kernel over HTTP on 127.0.0.1: built with `imperal build`, real SQLite store, bearer token,
// X-Acting-User. The same acceptance scenarios as the testing-kit tests, through the wire.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKernel } from "@imperal/local-kernel";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(dirname(createRequire(import.meta.url).resolve("@imperal/cli/package.json")), "bin", "imperal.mjs");

let dir: string;
let kernel: Awaited<ReturnType<typeof createKernel>>;
let url: string;
let token: string;

async function post(path: string, body: unknown, user = "dev", headers: Record<string, string> = {}) {
  const res = await fetch(url + path, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "x-acting-user": user,
      "content-type": "application/json",
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** Calls a function; a destructive one is accepted when it asks. Returns the turn and its first result. */
async function call(tool: string, args: Record<string, unknown> = {}, user = "dev") {
  let r = await post(`/v1/call/${tool}`, { args }, user);
  expect(r.status).toBe(200);
  if (r.json.outcome === "needs_confirmation")
    r = await post(`/v1/confirmations/${r.json.confirmation.id}/accept`, undefined, user);
  return { turn: r.json, result: r.json.results?.[0] as any };
}
const panel = async (id: string, props: Record<string, unknown> = {}, user = "dev") =>
  (await post(`/v1/panels/${id}`, { props }, user)).json;
const skeleton = async (user = "dev") => (await post("/v1/skeleton/notes/refresh", undefined, user)).json;

beforeAll(async () => {
  execFileSync(process.execPath, [cli, "build", root], { stdio: "pipe" });
  dir = mkdtempSync(join(tmpdir(), "notes-kernel-"));
  cpSync(join(root, "dist"), join(dir, "dist"), { recursive: true });
  cpSync(join(root, "imperal.json"), join(dir, "imperal.json"));
  kernel = await createKernel({ extensionDir: dir, port: 0, users: [{ id: "dev" }, { id: "bob" }] });
  url = kernel.url!;
  token = kernel.token;
}, 120_000);
afterAll(async () => {
  await kernel?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("notes through a real kernel", () => {
  it("serves 23 functions, the notes skeleton and 2 panels; refuses a call without the token", async () => {
    const res = await fetch(`${url}/v1/tools`, { headers: { authorization: `Bearer ${token}` } });
    const tools = (await res.json()) as { app_id: string; tools: Array<{ name: string }>; panels: any[] };
    expect(tools.app_id).toBe("notes");
    expect(tools.tools.filter((t) => !t.name.startsWith("skeleton_")).length).toBe(23);
    expect(tools.tools.map((t) => t.name)).toContain("skeleton_refresh_notes");
    expect(tools.panels.map((p) => p.panel_id).sort()).toEqual(["editor", "sidebar"]);
    const anon = await fetch(`${url}/v1/call/list_notes`, { method: "POST", body: "{}" });
    expect(anon.status).toBe(401);
  });

  it("create -> list shows it -> skeleton counts; title bleed stripped; users isolated", async () => {
    const a = await call("create_note", { title: "Standup", content_text: "Standup: yesterday, today" });
    expect(a.turn.outcome).toBe("completed");
    expect(a.result.summary).toBe("Note created: Standup");
    const id = a.result.data.note_id;
    expect((await call("get_note", { id })).result.data.content).toBe("yesterday, today"); // alias id, in the worker
    await call("note_save", { note_id: id, field: "pin" });
    const list = await call("list_notes");
    expect(list.result.data.notes.map((n: any) => n.note_id)).toContain(id);
    const sk = await skeleton();
    expect(JSON.stringify(sk)).toContain('"pinned_notes":1');
    expect(JSON.stringify(sk)).toContain(`"recent_notes":[{"note_id":"${id}","title":"Standup"}]`);
    expect((await call("list_notes", {}, "bob")).result.data.notes).toEqual([]);
    // bob never saw dev's id: the kernel's fabricated-id guard refuses it before the handler runs
    const peek = await call("get_note", { note_id: id }, "bob");
    expect(peek.turn).toMatchObject({ outcome: "rejected", code: "FABRICATED_ID" });
  });

  it("update with nothing is an error with its code", async () => {
    const id = (await call("create_note", { title: "Still" })).result.data.note_id;
    const r = await call("update_note", { note_id: id });
    expect(r.result).toMatchObject({ status: "error", error_code: "NO_FIELDS_TO_UPDATE" });
  });

  it("move to a folder found by resolve_folder -> sidebar counts", async () => {
    const f = (await call("create_folder", { name: "Kernel Projects" })).result.data.folder_id;
    const id = (await call("create_note", { title: "Filed" })).result.data.note_id;
    const found = (await call("resolve_folder", { name: "kernel proj" })).result.data;
    expect(found).toEqual({ folder_id: f, name: "Kernel Projects", match_quality: "prefix" });
    const moved = await call("move_note", { note_id: id, folder_id: found.folder_id });
    expect(moved.turn.refresh_panels).toEqual(["sidebar"]); // notes.moved matches the sidebar's on_event
    const side = await panel("sidebar", { active_note_id: id });
    expect(side.outcome).toBe("completed");
    expect(JSON.stringify(side.ui)).toContain('"title":"Kernel Projects","icon":"Folder","meta":"1"');
  });

  it("delete_folder (after confirmation) keeps its notes at the root", async () => {
    const f = (await call("create_folder", { name: "Scratch" })).result.data.folder_id;
    const id = (await call("create_note", { title: "Survivor", folder_id: f })).result.data.note_id;
    const ask = await post("/v1/call/delete_folder", { args: { folder_id: f } });
    expect(ask.json.outcome).toBe("needs_confirmation");
    const ok = await post(`/v1/confirmations/${ask.json.confirmation.id}/accept`, undefined);
    expect(ok.json.results[0].summary).toBe("Folder deleted, notes moved to root");
    expect((await call("get_note", { note_id: id })).result.data.folder_id).toBeNull();
  });

  it("delete_folder_with_contents by name; trash / restore / empty", async () => {
    const f = (await call("create_folder", { name: "Doomed Folder" })).result.data.folder_id;
    const a = (await call("create_note", { title: "d1", folder_id: f })).result.data.note_id;
    await call("create_note", { title: "d2", folder_id: f });
    const r = await call("delete_folder_with_contents", { name: "doomed" });
    expect(r.result.data).toEqual({ folder_id: f, deleted_count: 2, permanent: false, refresh_panels: ["sidebar"] });
    const trash = (await call("list_trash")).result.data;
    expect(trash.notes.map((n: any) => n.title).sort()).toEqual(["d1", "d2"]);
    expect((await call("restore_note", { note_id: a })).result.data.folder_id).toBeNull();
    const emptied = await call("empty_trash");
    expect(emptied.result.data).toEqual({ deleted_count: 1 });
    expect((await call("list_trash")).result.data.total).toBe(0);
    expect((await call("get_note", { note_id: a })).result.status).toBe("success");
  });

  it("note_save pin twice is back; search pages with has_more / next_offset", async () => {
    const id = (await call("create_note", { title: "Toggle" })).result.data.note_id;
    await call("note_save", { note_id: id, type: "pin" });
    await call("note_save", { note_id: id, type: "pin" });
    expect((await call("get_note", { note_id: id })).result.data.is_pinned).toBe(false);
    for (let i = 0; i < 3; i++) await call("create_note", { title: `Zebra ${i}`, content_text: "stripes" });
    const p1 = (await call("search_notes", { q: "zebra stripes", limit: 2 })).result.data;
    expect(p1).toMatchObject({ total_count: 3, page_size: 2, has_more: true, next_offset: 2 });
    const p2 = (await call("search_notes", { q: "zebra stripes", limit: 2, offset: p1.next_offset })).result.data;
    expect(p2).toMatchObject({ page_size: 1, has_more: false, next_offset: null });
  });

  it("export_markdown returns the data-URI download button", async () => {
    const id = (await call("create_note", { title: "Export me", content_text: "<p>Hello <em>world</em></p>" })).result
      .data.note_id;
    const r = (await call("export_markdown", { note_id: id })).result;
    expect(r.data.markdown).toBe("# Export me\n\nHello *world*\n");
    expect(r.data.ui.props.children[0].props.onClick).toEqual({
      action: "open",
      url: "data:text/markdown;charset=utf-8," + encodeURIComponent("# Export me\n\nHello *world*\n"),
    });
  });

  it("sidebar views render; the sidebar auto-opens its first note in the editor", async () => {
    for (const view of ["notes", "archived", "trash", "new_folder"]) {
      const p = await panel("sidebar", { view }, "bob");
      expect(p.outcome).toBe("completed");
      expect(p.ui.props.children[0].props.children.map((b: any) => b.props.label)).toEqual([
        "New Note",
        "New Folder",
        "Archived",
        "Trash",
      ]);
    }
    const created = (await call("create_note", { title: "Bob's first" }, "bob")).result.data.note_id;
    const side = await panel("sidebar", {}, "bob");
    expect(side.ui.props.autoAction).toEqual({
      action: "call",
      function: "__panel__editor",
      params: { note_id: created },
    });
    const ed = await panel("editor", side.ui.props.autoAction.params, "bob");
    expect(ed.outcome).toBe("completed");
    expect(ed.ui.props.children[1].props).toMatchObject({ name: "title", value: "Bob's first" });
  });

  it('editor "new": creates exactly one note in the kernel too (panel props are not judged as fabricated ids)', async () => {
    const before = (await call("list_notes", {}, "bob")).result.data.total_count;
    const ed = await panel("editor", { note_id: "new" }, "bob");
    expect(ed.outcome).toBe("completed");
    expect((await call("list_notes", {}, "bob")).result.data.total_count).toBe(before + 1);
  });

  it("attachments: bytes in the kernel's storage, removed with the note", async () => {
    const id = (await call("create_note", { title: "Files" })).result.data.note_id;
    const up = (
      await call("upload_attachment", {
        note_id: id,
        files: [
          { data_base64: Buffer.from("kernel bytes").toString("base64"), name: "k.txt", mime_type: "text/plain" },
        ],
      })
    ).result;
    expect(up.data.attachment).toMatchObject({ filename: "k.txt", content_type: "text/plain", size: 12 });
    const bad = (await call("upload_attachment", { note_id: id, files: [{ data_base64: "%%%", name: "x" }] })).result;
    expect(bad.error_code).toBe("INVALID_FILE");
    expect((await call("permanent_delete_note", { note_id: id })).result.summary).toBe("Note permanently deleted");
    const gone = await call("delete_attachment", { note_id: id, att_id: up.data.attachment.attachment_id });
    expect(gone.result.error_code).toBe("NOTE_NOT_FOUND");
  });

  it("refresh routing: content saves name no panel themselves; the sidebar still follows notes.updated", async () => {
    const id = (await call("create_note", { title: "Typing" })).result.data.note_id;
    const r = await post(
      "/v1/call/note_save",
      { args: { note_id: id, field: "content", content_text: "a b" } },
      "dev",
      { "x-imperal-origin": "panel" },
    );
    expect(r.json.results[0].refresh_panels).toEqual([]);
    // SPEC 7.4 adds every on_event panel matching the published event to the result's own list.
    expect(r.json.refresh_panels).toEqual(["sidebar"]);
    const t = await post("/v1/call/note_save", { args: { note_id: id, field: "title", title: "Typed" } }, "dev", {
      "x-imperal-origin": "panel",
    });
    expect(t.json.refresh_panels).toEqual(["sidebar"]);
  });
});
