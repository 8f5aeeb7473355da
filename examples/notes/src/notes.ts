// One note at a time: create, read, update, move, trash, delete for good, duplicate.
import { ActionResult, z } from "@imperal/sdk";
import { CONTENT, FOLDER_ID, NOTE_ID, TAGS, TITLE, withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { invalidate } from "./cache.js";
import { CODES, fail, guarded } from "./errors.js";
import { noteId, optFolderId, tagList } from "./fields.js";
import { folderById, loadNote } from "./lookup.js";
import { NoteDetail } from "./models.js";
import { createNote, hardDeleteNote } from "./mutations.js";
import { patchNote, type Note } from "./store.js";
import { stripTitleBleed, wordCount } from "./text.js";

const CreateParams = z.object({
  title: z.string().default("").describe("Title (also: name, subject, heading)."),
  content_text: z.string().default("").describe("Body, HTML or plain text (also: content, body, text)."),
  tags: tagList().default([]),
  folder_id: optFolderId(),
});
withAliases(
  CreateParams,
  { title: TITLE, content_text: CONTENT, tags: TAGS, folder_id: FOLDER_ID },
  { lists: ["tags"] },
);

chat.function(
  "create_note",
  {
    description: "Create a note with a title and/or content, optional tags and folder.",
    actionType: "write",
    event: "created",
    effects: ["create:note"],
    params: CreateParams,
  },
  async (ctx, p) =>
    guarded("create_note", async () => {
      const title = p.title.trim();
      if (title === "" && p.content_text.trim() === "")
        return fail("Note must have a title or content — pass title and/or content_text.", CODES.emptyNote);
      const folder = await folderById(ctx, p.folder_id);
      if (!folder.ok) return folder.error;
      const note = await createNote(ctx, {
        title: title || "Untitled",
        content_text: stripTitleBleed(title, p.content_text),
        tags: p.tags,
        folder_id: folder.value?.id ?? null,
      });
      return ActionResult.success(
        { note_id: note.id, title: note.title, folder_id: note.folder_id },
        `Note created: ${note.title}`,
      );
    }),
);

const NoteIdParams = z.object({ note_id: noteId() });
withAliases(NoteIdParams, { note_id: NOTE_ID });

chat.function(
  "get_note",
  {
    description: "Read one note in full: title, content, tags, flags, word count and folder.",
    actionType: "read",
    params: NoteIdParams,
    dataModel: NoteDetail,
  },
  async (ctx, p) =>
    guarded("get_note", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const n = r.value;
      return ActionResult.success(
        {
          note_id: n.id,
          title: n.title,
          content: n.content_text,
          tags: n.tags,
          is_pinned: n.is_pinned,
          is_archived: n.is_archived,
          word_count: n.word_count,
          folder_id: n.folder_id,
        },
        `Note: ${n.title}`,
      );
    }),
);

const UpdateParams = z.object({
  note_id: noteId(),
  title: z.string().default("").describe("New title; empty = unchanged (also: name, subject, heading)."),
  content_text: z.string().default("").describe("New body; empty = unchanged (also: content, body, text)."),
  tags: tagList().nullable().default(null),
  is_pinned: z.boolean().nullable().default(null),
});
withAliases(UpdateParams, { note_id: NOTE_ID, title: TITLE, content_text: CONTENT, tags: TAGS }, { lists: ["tags"] });

chat.function(
  "update_note",
  {
    description: "Change a note's title, content, tags or pin; only the fields given are written.",
    actionType: "write",
    event: "updated",
    params: UpdateParams,
  },
  async (ctx, p) =>
    guarded("update_note", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const patch: Partial<Note> = {};
      if (p.title.trim() !== "") patch.title = p.title.trim();
      if (p.content_text !== "") {
        patch.content_text = p.content_text;
        patch.word_count = wordCount(p.content_text);
      }
      if (p.tags !== null) patch.tags = p.tags;
      if (p.is_pinned !== null) patch.is_pinned = p.is_pinned;
      const fields = Object.keys(patch).filter((k) => k !== "word_count");
      if (fields.length === 0)
        return fail("No fields to update — pass title, content_text, tags or is_pinned.", CODES.noFields);
      await patchNote(ctx, r.value.id, patch);
      await invalidate(ctx);
      const title = patch.title ?? r.value.title;
      return ActionResult.success(
        { note_id: r.value.id, title, fields_updated: fields },
        `Note updated: ${title} (${fields.join(", ")})`,
      );
    }),
);

const MoveParams = z.object({ note_id: noteId(), folder_id: optFolderId() });
// source_id / dragged_id: a note dropped on a folder row of the sidebar (the host names the dragged row so).
withAliases(MoveParams, { note_id: [...NOTE_ID, "source_id", "dragged_id"], folder_id: FOLDER_ID });

chat.function(
  "move_note",
  {
    description: 'Move a note into a folder, or to the root with folder_id "".',
    actionType: "write",
    event: "moved",
    params: MoveParams,
  },
  async (ctx, p) =>
    guarded("move_note", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const folder = await folderById(ctx, p.folder_id);
      if (!folder.ok) return folder.error;
      const folderId = folder.value?.id ?? null;
      await patchNote(ctx, r.value.id, { folder_id: folderId });
      await invalidate(ctx);
      return ActionResult.success(
        { note_id: r.value.id, title: r.value.title, folder_id: folderId, moved_to: folderId ?? "All Notes" },
        `Moved '${r.value.title}' to ${folder.value?.name ?? "All Notes"}`,
      );
    }),
);

chat.function(
  "delete_note",
  {
    description: "Move a note to the trash (it can be restored with restore_note).",
    actionType: "destructive",
    event: "deleted",
    effects: ["trash:note"],
    params: NoteIdParams,
  },
  async (ctx, p) =>
    guarded("delete_note", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      await patchNote(ctx, r.value.id, { is_trashed: true });
      await invalidate(ctx);
      return ActionResult.success({ note_id: r.value.id, title: r.value.title }, "Note moved to trash");
    }),
);

chat.function(
  "permanent_delete_note",
  {
    description: "Delete a note for good, with its attachments; this cannot be undone.",
    actionType: "destructive",
    event: "permanently_deleted",
    idProjection: "note_id",
    params: NoteIdParams,
  },
  async (ctx, p) =>
    guarded("permanent_delete_note", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      await hardDeleteNote(ctx, r.value.id);
      await invalidate(ctx);
      return ActionResult.success({ note_id: r.value.id, title: r.value.title }, "Note permanently deleted");
    }),
);

chat.function(
  "duplicate_note",
  {
    description: "Copy a note: same content, tags and folder, titled '<title> (copy)'.",
    actionType: "write",
    event: "notes.created",
    params: NoteIdParams,
  },
  async (ctx, p) =>
    guarded("duplicate_note", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const n = r.value;
      const copy = await createNote(ctx, {
        title: `${n.title} (copy)`,
        content_text: n.content_text,
        tags: [...n.tags],
        folder_id: n.folder_id,
      });
      return ActionResult.success(
        { note_id: copy.id, title: copy.title, refresh_panels: ["sidebar"] },
        `Note duplicated: ${copy.title}`,
        { refreshPanels: ["sidebar"] },
      );
    }),
);
