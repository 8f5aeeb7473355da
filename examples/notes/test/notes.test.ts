// The acceptance scenarios of spec 6.1 through the testing kit (@imperal/sdk/testing).
import { describe, expect, it } from "vitest";
import { MemoryStoreBackend, createTestBackends, type StoreScope } from "@imperal/sdk/testing";
import { NoteDetail, NoteList, SearchResults, FolderMatch, TrashList, MarkdownExport } from "../src/models.js";
import { session } from "./helpers.js";

describe("notes: create, list, skeleton", () => {
  it("create -> list shows it -> skeleton counts", async () => {
    const s = session();
    const a = await s.call("create_note", { title: "Groceries", content_text: "milk eggs bread", tags: ["home"] });
    expect(a.status).toBe("success");
    expect(a.summary).toBe("Note created: Groceries");
    expect(a.data).toEqual({ note_id: expect.any(String), title: "Groceries", folder_id: null });
    const b = await s.note("Pinned idea");
    await s.call("update_note", { note_id: b, is_pinned: true });
    const list = await s.call("list_notes");
    expect(NoteList.parse(list.data)).toEqual(list.data);
    expect(list.data.notes.map((n: any) => n.title)).toEqual(["Pinned idea", "Groceries"]);
    expect(list.data.notes[1]).toMatchObject({ note_id: a.data.note_id, word_count: 3, tags: ["home"] });
    expect(list.summary).toBe("2 note(s) on this page of 2 total");
    await s.call("delete_note", { note_id: a.data.note_id });
    expect(await s.skeleton()).toEqual({
      total_notes: 1,
      pinned_notes: 1,
      trash_count: 1,
      recent_notes: [{ note_id: b, title: "Pinned idea" }],
    });
    const got = await s.call("get_note", { note_id: b });
    expect(NoteDetail.parse(got.data)).toMatchObject({ title: "Pinned idea", is_pinned: true, content: "" });
    expect(got.summary).toBe("Note: Pinned idea");
  });

  it("the skeleton's recent notes are the 5 most recently updated", async () => {
    const s = session();
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) ids.push(await s.note(`n${i}`));
    await s.call("update_note", { note_id: ids[0], content_text: "touched" });
    const sk = await s.skeleton();
    expect(sk.total_notes).toBe(7);
    expect(sk.recent_notes.map((r: any) => r.title)).toEqual(["n1", "n7", "n6", "n5", "n4"]);
  });

  it("a title repeated at the start of the content is stripped (title bleed)", async () => {
    const s = session();
    const id = await s.note("Meeting notes", { content_text: "Meeting notes: \n  agenda first" });
    expect((await s.call("get_note", { note_id: id })).data.content).toBe("agenda first");
    const short = await s.note("Hi", { content_text: "Hi there" });
    expect((await s.call("get_note", { note_id: short })).data.content).toBe("Hi there"); // < 3 chars: kept
  });

  it("a note needs a title or content; update with nothing is an error", async () => {
    const s = session();
    const empty = await s.call("create_note", { title: "  ", content_text: "" });
    expect(empty).toMatchObject({ status: "error", error_code: "EMPTY_NOTE" });
    expect(empty.error).toMatch(/^Note must have a title or content/);
    const id = await s.note("Keep");
    const none = await s.call("update_note", { note_id: id });
    expect(none).toMatchObject({ status: "error", error_code: "NO_FIELDS_TO_UPDATE" });
    expect(none.error).toMatch(/^No fields to update/);
    const ok = await s.call("update_note", { note_id: id, title: "Kept", tags: [] });
    expect(ok.data).toEqual({ note_id: id, title: "Kept", fields_updated: ["title", "tags"] });
  });

  it("ids that are not note ids, or name no note, get the corrective wording", async () => {
    const s = session();
    for (const bad of ["", "note-1", "<id>"]) {
      const r = await s.call("get_note", { note_id: bad });
      expect(r.error_code).toBe("INVALID_NOTE_ID");
      expect(r.error).toContain(`'${bad}' is not a valid note ID`);
      expect(r.error).toContain("call list_notes() or search_notes() first");
      expect(r.error).toContain("never guess them");
    }
    const unknown = await s.call("delete_note", { note_id: "0123456789abcdef0123" });
    expect(unknown.error_code).toBe("NOTE_NOT_FOUND");
    expect(unknown.error).toContain("never guess them");
    // another user's note is unknown too
    const bobs = await session("bob", s.backends).note("Bob's");
    expect((await s.call("get_note", { note_id: bobs })).error_code).toBe("NOTE_NOT_FOUND");
  });
});

describe("notes: folders", () => {
  it("move to a folder found by resolve_folder -> sidebar counts", async () => {
    const s = session();
    await s.call("create_folder", { name: "Projects" });
    const work = await s.call("create_folder", { name: "Work" });
    expect(work.data).toEqual({ folder_id: expect.any(String), name: "Work", refresh_panels: ["sidebar"] });
    const id = await s.note("Roadmap");
    await s.note("Loose");
    const before = await s.panel("sidebar", { active_note_id: id });
    expect(JSON.stringify(before)).toContain('"title":"Work","icon":"Folder","meta":"0"');
    const r = await s.call("resolve_folder", { name: "wor" });
    expect(FolderMatch.parse(r.data)).toEqual({
      folder_id: work.data.folder_id,
      name: "Work",
      match_quality: "prefix",
    });
    const moved = await s.call("move_note", { note_id: id, folder_id: r.data.folder_id });
    expect(moved.data).toEqual({
      note_id: id,
      title: "Roadmap",
      folder_id: work.data.folder_id,
      moved_to: work.data.folder_id,
    });
    const after = JSON.stringify(await s.panel("sidebar", { active_note_id: id }));
    expect(after).toContain('"title":"Work","icon":"Folder","meta":"1"');
    expect(after).toContain('"title":"Unfiled","icon":"Inbox","meta":"1"');
    expect(after).toContain('"title":"All Notes","icon":"StickyNote","meta":"2"');
    const inWork = await s.call("list_notes", { folder_id: work.data.folder_id });
    expect(inWork.data.notes.map((n: any) => n.title)).toEqual(["Roadmap"]);
    const root = await s.call("move_note", { note_id: id, folder_id: "" });
    expect(root.data).toMatchObject({ folder_id: null, moved_to: "All Notes" });
  });

  it("resolve_folder: exact before prefix before contains; no match lists candidates", async () => {
    const s = session();
    for (const name of ["Archive 2023", "Art", "Smart ideas"]) await s.call("create_folder", { name });
    expect((await s.call("resolve_folder", { name: "ART" })).data).toMatchObject({
      name: "Art",
      match_quality: "exact",
    });
    expect((await s.call("resolve_folder", { name: "arc" })).data).toMatchObject({ match_quality: "prefix" });
    expect((await s.call("resolve_folder", { name: "ideas" })).data).toMatchObject({ match_quality: "contains" });
    const none = await s.call("resolve_folder", { name: "Recipes" });
    expect(none.data).toMatchObject({ folder_id: null, name: null, match_quality: "none" });
    expect(none.data.candidates).toHaveLength(3);
    expect(none.summary).toBe("No folder named 'Recipes' — 3 folder(s) exist");
    expect((await s.call("list_folders")).data.total).toBe(3);
  });

  it("delete_folder keeps its notes, at the root", async () => {
    const s = session();
    const f = (await s.call("create_folder", { name: "Temp" })).data.folder_id;
    const id = await s.note("Inside", { folder_id: f });
    const del = await s.call("delete_folder", { folder_id: f });
    expect(del.summary).toBe("Folder deleted, notes moved to root");
    expect((await s.call("get_note", { note_id: id })).data.folder_id).toBeNull();
    expect((await s.call("list_folders")).data.folders).toEqual([]);
    const rename = await s.call("rename_folder", { folder_id: f, name: "x" });
    expect(rename.error_code).toBe("FOLDER_NOT_FOUND");
  });

  it("delete_folder_with_contents by name trashes its notes, then deletes the folder", async () => {
    const s = session();
    const f = (await s.call("create_folder", { name: "Old Stuff" })).data.folder_id;
    const a = await s.note("a", { folder_id: f });
    await s.note("b", { folder_id: f });
    const other = await s.note("elsewhere");
    const r = await s.call("delete_folder_with_contents", { folder_id: "old stuff" });
    expect(r.data).toEqual({ folder_id: f, deleted_count: 2, permanent: false, refresh_panels: ["sidebar"] });
    expect((await s.call("list_folders")).data.total).toBe(0);
    expect((await s.call("list_trash")).data.total).toBe(2);
    expect((await s.call("list_notes")).data.notes.map((n: any) => n.note_id)).toEqual([other]);
    // restored after its folder is gone: back at the root
    expect((await s.call("restore_note", { note_id: a })).data.folder_id).toBeNull();
    const missing = await s.call("delete_folder_with_contents", { folder_id: "nothing like it" });
    expect(missing.error_code).toBe("FOLDER_NOT_FOUND");
    expect(missing.error).toMatch(/^Folder not found/);
  });

  it("delete_notes_from_folder: trash, permanent, and an empty folder", async () => {
    const s = session();
    const f = (await s.call("create_folder", { name: "Box" })).data.folder_id;
    await s.note("one", { folder_id: f });
    expect((await s.call("delete_notes_from_folder", { folder_id: f })).summary).toBe("1 note(s) moved to trash");
    expect((await s.call("delete_notes_from_folder", { folder_id: "Box" })).summary).toBe(
      "No notes in folder — nothing to delete",
    );
    await s.note("two", { folder_id: f });
    const hard = await s.call("delete_notes_from_folder", { folder_id: "box", permanent: true });
    expect(hard.data).toEqual({ deleted_count: 1, folder_id: f, permanent: true });
    expect(hard.summary).toBe("1 note(s) permanently deleted");
    expect((await s.call("list_trash")).data.total).toBe(1); // only "one", trashed before
  });
});

describe("notes: trash, save, search, export", () => {
  it("trash -> restore -> trash -> empty", async () => {
    const s = session();
    const id = await s.note("Draft");
    const keep = await s.note("Keep");
    expect((await s.call("delete_note", { note_id: id })).summary).toBe("Note moved to trash");
    expect((await s.call("list_notes")).data.total_count).toBe(1);
    const trash = await s.call("list_trash");
    expect(TrashList.parse(trash.data)).toEqual({
      notes: [{ note_id: id, title: "Draft", word_count: 0, tags: [] }],
      total: 1,
    });
    expect((await s.call("restore_note", { note_id: id })).data).toEqual({
      note_id: id,
      title: "Draft",
      folder_id: null,
    });
    expect((await s.call("list_notes")).data.total_count).toBe(2);
    await s.call("delete_note", { note_id: id });
    expect((await s.call("empty_trash")).data).toEqual({ deleted_count: 1 });
    expect((await s.call("get_note", { note_id: id })).error_code).toBe("NOTE_NOT_FOUND");
    expect((await s.call("get_note", { note_id: keep })).status).toBe("success");
    expect((await s.call("list_trash")).data.total).toBe(0);
  });

  it("note_save pin toggles, and twice is back", async () => {
    const s = session();
    const id = await s.note("Pin me");
    const one = await s.call("note_save", { note_id: id, field: "pin" });
    expect(one.data).toEqual({ note_id: id, saved: "pin", refresh_panels: ["sidebar", "editor"] });
    expect((await s.call("get_note", { note_id: id })).data.is_pinned).toBe(true);
    await s.call("note_save", { note_id: id, field: "pin" });
    expect((await s.call("get_note", { note_id: id })).data.is_pinned).toBe(false);
  });

  it("note_save: title, content (no refresh), tags, folder, archive/unarchive, unknown field", async () => {
    const s = session();
    const id = await s.note("T");
    const f = (await s.call("create_folder", { name: "F" })).data.folder_id;
    expect((await s.call("note_save", { note_id: id, field: "title", title: "" })).error_code).toBe("TITLE_EMPTY");
    const content = await s.call("note_save", { note_id: id, field: "content", content_text: "<p>two words</p>" });
    expect(content.refresh_panels).toEqual([]);
    expect(content.data.refresh_panels).toEqual([]);
    await s.call("note_save", { note_id: id, field: "tags", tags: ["a", "b"] });
    await s.call("note_save", { note_id: id, field: "folder", folder_id: f });
    await s.call("note_save", { note_id: id, field: "archive" });
    let n = (await s.call("get_note", { note_id: id })).data;
    expect(n).toMatchObject({ word_count: 2, tags: ["a", "b"], folder_id: f, is_archived: true });
    expect((await s.call("list_notes")).data.notes[0].is_archived).toBe(true); // chat lists exclude trash only
    await s.call("delete_note", { note_id: id });
    await s.call("note_save", { note_id: id, field: "unarchive" }); // clears is_trashed too
    n = (await s.call("get_note", { note_id: id })).data;
    expect(n.is_archived).toBe(false);
    expect((await s.call("list_trash")).data.total).toBe(0);
    const bad = await s.call("note_save", { note_id: id, field: "colour" });
    expect(bad).toMatchObject({
      status: "error",
      error_code: "UNKNOWN_FIELD",
      error: expect.stringMatching(/^Unknown field: 'colour'/),
    });
  });

  it("search pagination: has_more and next_offset", async () => {
    const s = session();
    for (let i = 1; i <= 5; i++) await s.note(`Recipe ${i}`, { content_text: `<p>tomato soup number ${i}</p>` });
    await s.note("Unrelated", { content_text: "nothing here" });
    const p1 = await s.call("search_notes", { query: "tomato soup", limit: 2 });
    expect(SearchResults.parse(p1.data)).toBeTruthy();
    expect(p1.data).toMatchObject({
      page_size: 2,
      offset: 0,
      limit: 2,
      has_more: true,
      next_offset: 2,
      total_count: 5,
    });
    expect(p1.summary).toMatch(/more available \(next_offset=2\)$/);
    expect(p1.data.results[0].excerpt).toContain("tomato soup");
    const p3 = await s.call("search_notes", { query: "tomato soup", limit: 2, offset: 4 });
    expect(p3.data).toMatchObject({ page_size: 1, has_more: false, next_offset: null });
    const empty = await s.call("search_notes", { query: "  " });
    expect(empty).toMatchObject({ status: "error", error_code: "QUERY_REQUIRED" });
    expect(empty.error).toMatch(/^Search query is required/);
    const tooBig = await s.attempt("search_notes", { query: "x", limit: 51 });
    expect(tooBig).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
  });

  it("list_notes filters: text, tags (all, case-insensitive), paging", async () => {
    const s = session();
    await s.note("a", { tags: ["Work", "urgent"] });
    await s.note("b", { tags: ["work"] });
    await s.note("c", { content_text: "the quarterly plan" });
    expect((await s.call("list_notes", { tags: ["work", "URGENT"] })).data.notes.map((n: any) => n.title)).toEqual([
      "a",
    ]);
    expect((await s.call("list_notes", { tags: ["WORK"] })).data.total_count).toBe(2);
    expect((await s.call("list_notes", { search: "Quarterly" })).data.notes.map((n: any) => n.title)).toEqual(["c"]);
    const page = await s.call("list_notes", { limit: 2 });
    expect(page.summary).toBe("2 note(s) on this page of 3 total; more available (next_offset=2)");
  });

  it("export_markdown returns the data-URI download button", async () => {
    const s = session();
    const id = await s.note("Trip plan", {
      tags: ["travel", "summer"],
      content_text: "<h2>Day 1</h2><p>Fly to <strong>Lisbon</strong></p><ul><li>tickets</li><li>hotel</li></ul>",
    });
    const r = await s.call("export_markdown", { note_id: id });
    const md = "# Trip plan\n#travel #summer\n\n## Day 1\n\nFly to **Lisbon**\n\n- tickets\n- hotel\n";
    expect(MarkdownExport.parse(r.data).markdown).toBe(md);
    const [button, hint, code] = r.data.ui.props.children;
    expect(button.props).toMatchObject({ label: "Download Trip plan.md", icon: "Download", variant: "primary" });
    expect(button.props.onClick).toEqual({
      action: "open",
      url: `data:text/markdown;charset=utf-8,${encodeURIComponent(md)}`,
    });
    expect(hint.type).toBe("text");
    expect(code.props).toEqual({ content: md, language: "markdown" });
    expect(r.ui).toEqual(r.data.ui);
  });

  it("duplicate_note copies content, tags and folder", async () => {
    const s = session();
    const f = (await s.call("create_folder", { name: "F" })).data.folder_id;
    const id = await s.note("Base", { content_text: "body", tags: ["t"], folder_id: f });
    const dup = await s.call("duplicate_note", { note_id: id });
    expect(dup.data.refresh_panels).toEqual(["sidebar"]);
    const copy = (await s.call("get_note", { note_id: dup.data.note_id })).data;
    expect(copy).toMatchObject({ title: "Base (copy)", content: "body", tags: ["t"], folder_id: f });
  });
});

describe("notes: attachments and failures", () => {
  it("upload keeps the bytes in storage; delete removes them; permanent delete takes them along", async () => {
    const s = session();
    const id = await s.note("With file");
    const bytes = Buffer.from("hello attachment");
    const up = await s.call("upload_attachment", {
      note_id: id,
      files: [{ data_base64: `data:text/plain;base64,${bytes.toString("base64")}`, name: "hello.txt" }],
    });
    const att = up.data.attachment;
    expect(att).toMatchObject({
      filename: "hello.txt",
      content_type: "text/plain",
      size: bytes.length,
      path: `notes/${id}/${att.attachment_id}`,
    });
    expect(up.refresh_panels).toEqual(["editor"]);
    expect(Buffer.from(await s.ctx.storage.download(att.path)).toString()).toBe("hello attachment");
    const bad = await s.call("upload_attachment", { note_id: id, files: [{ data_base64: "not base64!!", name: "x" }] });
    expect(bad).toMatchObject({ error_code: "INVALID_FILE", error: expect.stringMatching(/^Invalid file data/) });
    const del = await s.call("delete_attachment", { note_id: id, attachment_id: att.attachment_id });
    expect(del.status).toBe("success");
    expect(await s.ctx.storage.list(`notes/${id}`)).toEqual([]);
    const again = await s.call("upload_attachment", {
      note_id: id,
      files: [{ data_base64: bytes.toString("base64"), name: "b.bin" }],
    });
    expect(again.data.attachment.content_type).toBe("application/octet-stream");
    await s.call("permanent_delete_note", { note_id: id });
    expect(await s.ctx.storage.list(`notes/${id}`)).toEqual([]);
    expect(
      (await s.call("delete_attachment", { note_id: id, att_id: again.data.attachment.attachment_id })).error_code,
    ).toBe("NOTE_NOT_FOUND");
  });

  it("a failing store becomes an error naming the operation; the skeleton answers zeros and the error", async () => {
    // The in-memory store with its queries failing, as a backend outage would.
    class DownStore extends MemoryStoreBackend {
      override client(scope: StoreScope) {
        const c = super.client(scope);
        return Object.assign(Object.create(Object.getPrototypeOf(c)), c, {
          query: async () => {
            throw new Error("backend returned 500: database is down");
          },
        });
      }
    }
    const backends = createTestBackends();
    const s = session("alice", { ...backends, store: new DownStore(backends.clock) });
    const r = await s.call("list_notes");
    expect(r).toMatchObject({ status: "error", error_code: "STORE_FAILED" });
    expect(r.error).toBe("list_notes store failed: backend returned 500: database is down");
    expect(await s.skeleton()).toEqual({
      total_notes: 0,
      pinned_notes: 0,
      trash_count: 0,
      recent_notes: [],
      error: "backend returned 500: database is down",
    });
    const sidebar = await s.panel("sidebar");
    expect(sidebar).toEqual({
      type: "empty",
      props: { message: "Couldn't load notes — try again in a moment.", icon: "AlertTriangle" },
    });
  });
});
