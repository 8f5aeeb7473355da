import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
import { NOTES, listNotes, toView, type Note } from "./store.js";

// Params and data models live at module scope (V17) and are declared before use (V18).
const NoteId = z.string().min(1).describe("Id of the note (from a list or a previous result)");

const CreateNote = z.object({
  title: z.string().trim().min(1).max(200).describe("Note title"),
  body: z.string().max(20_000).default("").describe("Note text (Markdown)"),
  tags: z.array(z.string().min(1).max(40)).max(10).default([]).describe("Optional tags"),
});
const NoteRef = z.object({ note_id: z.string(), title: z.string() });

const ListNotes = z.object({
  view: z.enum(["active", "trash"]).default("active").describe("active notes, or the trash"),
  tag: z.string().optional().describe("Only notes with this tag"),
  limit: z.number().int().min(1).max(50).default(20).describe("How many notes to return"),
});
const NoteSummary = z.object({
  note_id: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  updated_at: z.string(),
});
const NoteList = z.object({ notes: z.array(NoteSummary), total: z.number().int() });

const GetNote = z.object({ note_id: NoteId });
const NoteFull = z.object({
  note_id: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  in_trash: z.boolean(),
  updated_at: z.string(),
});

const UpdateNote = z.object({
  note_id: NoteId,
  title: z.string().trim().min(1).max(200).optional().describe("New title (omit to keep)"),
  body: z.string().max(20_000).optional().describe("New text (omit to keep)"),
  tags: z.array(z.string().min(1).max(40)).max(10).optional().describe("New tags (omit to keep)"),
});

const NoteTarget = z.object({ note_id: NoteId });
const Deleted = z.object({ note_id: z.string(), deleted: z.boolean() });

chat.function(
  "create_note",
  {
    description: "Create a new note with a title, an optional body and optional tags.",
    actionType: "write",
    params: CreateNote,
    dataModel: NoteRef,
    event: "notes.created",
    effects: ["create:note"],
  },
  async (ctx, p) => {
    const data: Note = {
      title: p.title,
      body: p.body,
      tags: p.tags,
      deleted_at: null,
      updated_at: new Date().toISOString(),
    };
    const doc = await ctx.store.create(NOTES, { ...data });
    return ActionResult.success({ note_id: doc.id, title: p.title }, `Created note "${p.title}"`);
  },
);

chat.function(
  "list_notes",
  {
    description: "List the user's notes (or the trash), newest first, optionally filtered by tag.",
    actionType: "read",
    params: ListNotes,
    dataModel: NoteList,
  },
  async (ctx, p) => {
    const { notes } = await listNotes(ctx.store, p.view, Infinity);
    const tag = p.tag;
    const filtered = tag ? notes.filter((n) => n.tags.includes(tag)) : notes;
    const shown = filtered
      .slice(0, p.limit)
      .map(({ note_id, title, tags, updated_at }) => ({ note_id, title, tags, updated_at }));
    const where = p.view === "trash" ? " in the trash" : "";
    // The summary is what the user reads in chat: say how many, then name the first few.
    const count = filtered.length === 1 ? "1 note" : `${filtered.length} notes`;
    const names = shown
      .slice(0, 5)
      .map((n) => `"${n.title}"`)
      .join(", ");
    const more = filtered.length > 5 ? ", ..." : "";
    return ActionResult.success(
      { notes: shown, total: filtered.length },
      filtered.length ? `${count}${where}: ${names}${more}` : `No notes${where} yet.`,
    );
  },
);

chat.function(
  "get_note",
  {
    description: "Open one note and return its full text and tags.",
    actionType: "read",
    params: GetNote,
    dataModel: NoteFull,
    idProjection: "note_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(NOTES, p.note_id);
    if (!doc) return ActionResult.error(`No note with id ${p.note_id}.`, { code: "NOTE_NOT_FOUND" });
    const note = toView(doc);
    return ActionResult.success(note, `Note "${note.title}"`);
  },
);

chat.function(
  "update_note",
  {
    description: "Change a note's title, text or tags; fields that are not given stay as they are.",
    actionType: "write",
    params: UpdateNote,
    dataModel: NoteRef,
    event: "notes.updated",
    effects: ["update:note"],
    idProjection: "note_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(NOTES, p.note_id);
    if (!doc) return ActionResult.error(`No note with id ${p.note_id}.`, { code: "NOTE_NOT_FOUND" });
    const patch: Partial<Note> = { updated_at: new Date().toISOString() };
    if (p.title !== undefined) patch.title = p.title;
    if (p.body !== undefined) patch.body = p.body;
    if (p.tags !== undefined) patch.tags = p.tags;
    if (p.title === undefined && p.body === undefined && p.tags === undefined)
      return ActionResult.error("Nothing to change: give a new title, body or tags.", { code: "NOTHING_TO_UPDATE" });
    // ifMatch: a concurrent edit makes this fail with StoreConflict instead of silently overwriting it.
    const updated = await ctx.store.update(NOTES, p.note_id, patch, { ifMatch: doc.etag });
    const title = toView(updated).title;
    return ActionResult.success({ note_id: updated.id, title }, `Updated note "${title}"`);
  },
);

chat.function(
  "trash_note",
  {
    description: "Move a note to the trash; it can be restored later with restore_note.",
    actionType: "write",
    params: NoteTarget,
    dataModel: NoteRef,
    event: "notes.trashed",
    effects: ["trash:note"],
    idProjection: "note_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(NOTES, p.note_id);
    if (!doc) return ActionResult.error(`No note with id ${p.note_id}.`, { code: "NOTE_NOT_FOUND" });
    const note = toView(doc);
    if (note.in_trash)
      return ActionResult.success(
        { note_id: note.note_id, title: note.title },
        `"${note.title}" is already in the trash`,
      );
    await ctx.store.update(NOTES, p.note_id, {
      deleted_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    });
    return ActionResult.success({ note_id: note.note_id, title: note.title }, `Moved "${note.title}" to the trash`);
  },
);

chat.function(
  "restore_note",
  {
    description: "Restore a note from the trash back to the active list.",
    actionType: "write",
    params: NoteTarget,
    dataModel: NoteRef,
    event: "notes.restored",
    effects: ["restore:note"],
    idProjection: "note_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(NOTES, p.note_id);
    if (!doc) return ActionResult.error(`No note with id ${p.note_id}.`, { code: "NOTE_NOT_FOUND" });
    const note = toView(doc);
    if (!note.in_trash)
      return ActionResult.success({ note_id: note.note_id, title: note.title }, `"${note.title}" is not in the trash`);
    await ctx.store.update(NOTES, p.note_id, { deleted_at: null, updated_at: new Date().toISOString() });
    return ActionResult.success({ note_id: note.note_id, title: note.title }, `Restored "${note.title}"`);
  },
);

chat.function(
  "delete_note",
  {
    description: "Permanently delete a note. This cannot be undone; use trash_note to keep a way back.",
    actionType: "destructive",
    params: NoteTarget,
    dataModel: Deleted,
    event: "notes.deleted",
    effects: ["delete:note"],
    idProjection: "note_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(NOTES, p.note_id);
    if (!doc) return ActionResult.error(`No note with id ${p.note_id}.`, { code: "NOTE_NOT_FOUND" });
    const title = toView(doc).title;
    const deleted = await ctx.store.delete(NOTES, p.note_id);
    return ActionResult.success({ note_id: p.note_id, deleted }, `Permanently deleted "${title}"`);
  },
);
