// The original's param aliases (spec 6.1 "Aliases"), and the cache the functions read through.
import { describe, expect, it } from "vitest";
import { foldAliases } from "../src/aliases.js";
import { session } from "./helpers.js";

describe("aliases", () => {
  it("fold: canonical wins when set, the first present alias otherwise, comma strings become lists", () => {
    const A = { note_id: ["id", "noteId"], tags: ["labels"] };
    expect(foldAliases({ id: "a", noteId: "b" }, A)).toEqual({ note_id: "a" });
    expect(foldAliases({ note_id: "c", id: "a" }, A)).toEqual({ note_id: "c" });
    expect(foldAliases({ note_id: "", noteId: "b" }, A)).toEqual({ note_id: "b" });
    expect(foldAliases({ labels: " x, y ,,z" }, A, { lists: ["tags"] })).toEqual({ tags: ["x", "y", "z"] });
    expect(foldAliases("not an object", A)).toBe("not an object");
  });

  it("note id: id | noteId | uuid; title: name | subject | heading; body: content | body | text", async () => {
    const s = session();
    const a = await s.call("create_note", { name: "By name", body: "b1", labels: "x, y" });
    const b = await s.call("create_note", { subject: "By subject", content: "b2", tag_list: ["z"] });
    const c = await s.call("create_note", { heading: "By heading", text: "b3" });
    for (const [r, key] of [
      [a, "id"],
      [b, "noteId"],
      [c, "uuid"],
    ] as const) {
      const got = await s.call("get_note", { [key]: r.data.note_id });
      expect(got.status).toBe("success");
    }
    expect((await s.call("get_note", { id: a.data.note_id })).data).toMatchObject({
      title: "By name",
      content: "b1",
      tags: ["x", "y"],
    });
    expect((await s.call("get_note", { uuid: b.data.note_id })).data.tags).toEqual(["z"]);
    expect((await s.call("get_note", { noteId: c.data.note_id })).data.content).toBe("b3");
  });

  it("folder: folder | folderId (+ id | uuid | name for a folder-only target); permanent: hard_delete | force_delete", async () => {
    const s = session();
    const f = (await s.call("create_folder", { name: "Inbox" })).data.folder_id;
    const id = await s.note("n", { folder: f });
    expect((await s.call("get_note", { id })).data.folder_id).toBe(f);
    await s.call("move_note", { id, folderId: "" });
    expect((await s.call("get_note", { id })).data.folder_id).toBeNull();
    await s.call("move_note", { note_id: id, folder: f });
    const r = await s.call("delete_notes_from_folder", { name: "inbox", hard_delete: true });
    expect(r.data).toEqual({ deleted_count: 1, folder_id: f, permanent: true });
    const g = (await s.call("create_folder", { name: "G" })).data.folder_id;
    await s.note("m", { folderId: g });
    const w = await s.call("delete_folder_with_contents", { uuid: g, force_delete: true });
    expect(w.data).toMatchObject({ folder_id: g, deleted_count: 1, permanent: true });
    expect((await s.call("list_trash")).data.total).toBe(0);
    const h = (await s.call("create_folder", { name: "H" })).data.folder_id;
    expect((await s.call("rename_folder", { id: h, name: "H2" })).data.name).toBe("H2");
    expect((await s.call("delete_folder", { folderId: h })).status).toBe("success");
  });

  it("paging: page_size | per_page, skip; query: q | search | text", async () => {
    const s = session();
    for (let i = 0; i < 4; i++) await s.note(`alpha ${i}`);
    expect((await s.call("list_notes", { page_size: 3 })).data).toMatchObject({ limit: 3, page_size: 3 });
    expect((await s.call("list_notes", { per_page: 1, skip: 3 })).data).toMatchObject({
      limit: 1,
      offset: 3,
      has_more: false,
    });
    expect((await s.call("list_notes", { q: "alpha 2" })).data.total_count).toBe(1);
    for (const key of ["q", "search", "text"]) {
      const r = await s.call("search_notes", { [key]: "alpha", per_page: 2 });
      expect(r.data).toMatchObject({ query: "alpha", total_count: 4, page_size: 2, has_more: true });
    }
  });

  it("note_save: field | action | kind | type, body as html, att_id as attachment_id | id", async () => {
    const s = session();
    const id = await s.note("S");
    await s.call("note_save", { id, action: "pin" });
    await s.call("note_save", { noteId: id, kind: "content", html: "<p>one two three</p>" });
    await s.call("note_save", { uuid: id, type: "tags", labels: "p, q" });
    await s.call("note_save", { note_id: id, field: "title", heading: "S2" });
    expect((await s.call("get_note", { note_id: id })).data).toMatchObject({
      title: "S2",
      is_pinned: true,
      word_count: 3,
      tags: ["p", "q"],
    });
    const up = await s.call("upload_attachment", { note_id: id, files: [{ data_base64: "aGk=", name: "hi.txt" }] });
    const del = await s.call("delete_attachment", { noteId: id, id: up.data.attachment.attachment_id });
    expect(del.status).toBe("success");
  });

  it("a missing required param is still a validation error after the fold", async () => {
    const s = session();
    const r = await s.attempt("get_note", { note: "x" });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
  });
});

describe("cache", () => {
  it("folders, stats and tags are cached per user with their ttl, and dropped by a write", async () => {
    const s = session();
    await s.call("create_folder", { name: "A" });
    await s.note("t", { tags: ["red"] });
    await s.panel("editor", { note_id: await s.note("u", { tags: ["blue"] }) });
    await s.panel("sidebar");
    expect(await s.ctx.cache.get("folders:alice")).toEqual([{ folder_id: expect.any(String), name: "A" }]);
    expect(await s.ctx.cache.get("tags:alice")).toEqual(["blue", "red"]);
    expect(await s.ctx.cache.get("stats:alice")).toEqual({ __all__: 2, __unfiled__: 2 });
    s.backends.clock.advance(31_000); // stats live 30 s, folders 60 s, tags 120 s
    expect(await s.ctx.cache.get("stats:alice")).toBeNull();
    expect(await s.ctx.cache.get("folders:alice")).not.toBeNull();
    await s.call("create_folder", { name: "B" });
    expect(await s.ctx.cache.get("folders:alice")).toBeNull();
    expect((await s.call("list_folders")).data.folders.map((f: any) => f.name)).toEqual(["A", "B"]);
  });

  it("a cached value that does not match its model is fetched again", async () => {
    const s = session();
    await s.call("create_folder", { name: "Real" });
    await s.ctx.cache.set("folders:alice", { not: "a folder list" }, { ttlSeconds: 60 });
    expect((await s.call("list_folders")).data.folders.map((f: any) => f.name)).toEqual(["Real"]);
  });
});
