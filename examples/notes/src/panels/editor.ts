// The editor panel (slot center): one note's toolbar, title, folder, facts, tags and body, each auto-saved through
// note_save.
import { ui, type UINode } from "@imperal/sdk";
import { ext } from "../app.js";
import { cachedFolders, cachedTags } from "../cache.js";
import { loadNote } from "../lookup.js";
import { createNote } from "../mutations.js";
import type { Doc, Note } from "../store.js";
import { htmlToMarkdown } from "../text.js";

const save = (note_id: string, field: string) => ui.call("note_save", { note_id, field });
const day = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** Back, Pin/Unpin, and the menu (Duplicate, Export Markdown, Archive/Unarchive, Delete). */
function toolbar(n: Doc<Note>): UINode {
  return ui.row(
    [
      ui.button("Back", {
        icon: "ArrowLeft",
        variant: "ghost",
        onClick: ui.call("__panel__sidebar", { active_note_id: n.id }),
      }),
      ui.button(n.is_pinned ? "Unpin" : "Pin", { icon: "Pin", variant: "outline", onClick: save(n.id, "pin") }),
      // The original's trigger is a ghost icon button; the kit's menu takes the trigger's icon.
      ui.menu(
        [
          { label: "Duplicate", icon: "Copy", onClick: ui.call("duplicate_note", { note_id: n.id }) },
          { label: "Export Markdown", icon: "Download", onClick: ui.call("export_markdown", { note_id: n.id }) },
          { separator: true },
          n.is_archived
            ? { label: "Unarchive", icon: "ArchiveRestore", onClick: save(n.id, "unarchive") }
            : { label: "Archive", icon: "Archive", onClick: save(n.id, "archive") },
          {
            label: "Delete",
            icon: "Trash2",
            danger: true,
            onClick: ui.call("delete_note", { note_id: n.id }, { confirm: `Move '${n.title}' to trash?` }),
          },
        ],
        { icon: "MoreHorizontal" },
      ),
    ],
    { sticky: true, gap: 4, justify: "between" },
  );
}

/** The whole editor for one note. */
async function editorFor(ctx: Parameters<typeof cachedFolders>[0], n: Doc<Note>): Promise<UINode> {
  const [folders, tags] = await Promise.all([cachedFolders(ctx), cachedTags(ctx)]);
  const options = [{ label: "No folder", value: "" }, ...folders.map((f) => ({ label: f.name, value: f.folder_id }))];
  const folder = options.some((o) => o.value === n.folder_id) ? (n.folder_id ?? "") : "";
  return ui.stack(
    [
      toolbar(n),
      ui.input("title", { value: n.title, placeholder: "Title", onSubmit: save(n.id, "title") }),
      ui.select("folder_id", options, { value: folder, label: "Folder", onChange: save(n.id, "folder") }),
      ui.keyValue(
        { Words: n.word_count, Created: day(n.created_at), Modified: day(n.updated_at), ID: n.id.slice(0, 12) },
        { columns: 2 },
      ),
      ui.tagInput("tags", { value: n.tags, suggestions: tags, label: "Tags", onChange: save(n.id, "tags") }),
      // The kit's rich editor holds Markdown (the original's held HTML): HTML content is shown converted.
      ui.richEditor("content_text", {
        value: htmlToMarkdown(n.content_text),
        placeholder: "Write…",
        onSave: save(n.id, "content"),
        onChange: save(n.id, "content"),
      }),
    ],
    { gap: 8 },
  );
}

ext.panel("editor", { slot: "center", title: "Editor", icon: "FileText" }, async (ctx, props) => {
  const id = typeof props.note_id === "string" ? props.note_id.trim() : "";
  if (id === "") return ui.empty("Select a note to edit", { icon: "StickyNote" });
  const retry = ui.call("__panel__editor", { note_id: id });
  try {
    if (id === "new") {
      const n = await createNote(ctx, { title: "Untitled", content_text: "", tags: [], folder_id: null });
      // The host re-renders with the real id, so a re-render never creates a second note.
      const tree = await editorFor(ctx, n);
      return { ...tree, props: { ...tree.props, autoAction: ui.call("__panel__editor", { note_id: n.id }) } };
    }
    const r = await loadNote(ctx, id);
    if (!r.ok) return ui.error(r.error.summary, { title: "Couldn't open the note", retry });
    return await editorFor(ctx, r.value);
  } catch (e) {
    return ui.error(`Couldn't load the note: ${(e as Error)?.message ?? String(e)}`, { retry });
  }
});
