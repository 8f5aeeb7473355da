// note_save: the panels' auto-save entry point, one field per call (SPEC 6.1 function 19).
import { ActionResult, z } from "@imperal/sdk";
import { CONTENT, FIELD, FOLDER_ID, NOTE_ID, TAGS, TITLE, withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { invalidate } from "./cache.js";
import { CODES, fail, guarded } from "./errors.js";
import { noteId } from "./fields.js";
import { folderById, loadNote } from "./lookup.js";
import { patchNote, type Note } from "./store.js";
import { wordCount } from "./text.js";

const FIELDS = ["title", "content", "tags", "folder", "archive", "unarchive", "pin"] as const;
type Field = (typeof FIELDS)[number];

/** Which panels re-render after each kind of save: none while typing, the sidebar when a listed value changes. */
const REFRESH: Record<Field, string[]> = {
  title: ["sidebar"],
  content: [],
  tags: ["sidebar"],
  folder: ["sidebar"],
  archive: ["sidebar", "editor"],
  unarchive: ["sidebar", "editor"],
  pin: ["sidebar", "editor"],
};

const SaveParams = z.object({
  note_id: noteId(),
  field: z.string().describe(`What to save: ${FIELDS.join(", ")} (also: action, kind, type).`),
  title: z.string().optional().describe("field=title: the new title (also: name, subject, heading)."),
  content_text: z.string().optional().describe("field=content: the body (also: content, body, text, html)."),
  tags: z.array(z.string()).optional().describe("field=tags: the tags (also: labels, tag_list)."),
  folder_id: z.string().optional().describe('field=folder: the folder id, "" = root (also: folder, folderId).'),
});
withAliases(
  SaveParams,
  {
    note_id: NOTE_ID,
    field: FIELD,
    title: TITLE,
    content_text: [...CONTENT, "html"],
    tags: TAGS,
    folder_id: FOLDER_ID,
  },
  { lists: ["tags"] },
);

chat.function(
  "note_save",
  {
    description: "Save one field of a note from the editor: title, content, tags, folder, archive, unarchive or pin.",
    actionType: "write",
    event: "updated",
    idProjection: "note_id",
    params: SaveParams,
  },
  async (ctx, p) =>
    guarded("note_save", async () => {
      const field = p.field.trim().toLowerCase() as Field;
      if (!FIELDS.includes(field))
        return fail(`Unknown field: '${p.field}' — use one of ${FIELDS.join(", ")}.`, CODES.unknownField);
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      const n = r.value;
      let patch: Partial<Note>;
      switch (field) {
        case "title": {
          const title = (p.title ?? "").trim();
          if (title === "") return fail("Title cannot be empty — pass title.", CODES.titleEmpty);
          patch = { title };
          break;
        }
        case "content": {
          const content = p.content_text ?? "";
          patch = { content_text: content, word_count: wordCount(content) };
          break;
        }
        case "tags":
          patch = { tags: p.tags ?? [] };
          break;
        case "folder": {
          const f = await folderById(ctx, p.folder_id ?? "");
          if (!f.ok) return f.error;
          patch = { folder_id: f.value?.id ?? null };
          break;
        }
        case "archive":
        case "unarchive":
          patch = { is_archived: field === "archive", is_trashed: false };
          break;
        case "pin":
          patch = { is_pinned: !n.is_pinned };
          break;
      }
      await patchNote(ctx, n.id, patch);
      if (field !== "content") await invalidate(ctx);
      const refresh = REFRESH[field];
      const what = field === "pin" ? (patch.is_pinned ? "pinned" : "unpinned") : `${field} saved`;
      return ActionResult.success({ note_id: n.id, saved: field, refresh_panels: refresh }, `'${n.title}': ${what}`, {
        refreshPanels: refresh,
      });
    }),
);
