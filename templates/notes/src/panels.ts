import { ui, type UIChild } from "@imperal/sdk";
import { ext } from "./app.js";
import { NOTES, listNotes, toView, type NoteView } from "./store.js";

const CHANGES = "notes.created,notes.updated,notes.trashed,notes.restored,notes.deleted";

/** Buttons that act on one note; every call re-renders panels through the host (summary shown, panels refreshed). */
function noteActions(n: NoteView): UIChild[] {
  return n.in_trash
    ? [
        ui.button("Restore", { size: "sm", icon: "Undo2", onClick: ui.call("restore_note", { note_id: n.note_id }) }),
        ui.button("Delete forever", {
          size: "sm",
          variant: "danger",
          icon: "Trash2",
          onClick: ui.call("delete_note", { note_id: n.note_id }),
        }),
      ]
    : [
        ui.button("Move to trash", {
          size: "sm",
          variant: "ghost",
          icon: "Trash",
          onClick: ui.call("trash_note", { note_id: n.note_id }),
        }),
      ];
}

// Left: the list of notes (or the trash). Switching views and opening a note are panel re-renders via ui.call.
ext.panel(
  "sidebar",
  { slot: "left", title: "Notes", icon: "NotebookPen", refresh: `on_event:${CHANGES}` },
  async (ctx, props) => {
    const view = props.view === "trash" ? "trash" : "active";
    const { notes, total } = await listNotes(ctx.store, view, 100);
    const items = notes.map((n) =>
      ui.listItem({
        title: n.title,
        subtitle: n.tags.length ? n.tags.join(", ") : undefined,
        meta: n.updated_at.slice(0, 10),
        onClick: ui.call("__panel__editor", { note_id: n.note_id }),
        ...(view === "trash" ? { actions: noteActions(n) } : {}),
      }),
    );
    return ui.stack(
      [
        ui.stack(
          [
            ui.button("New note", { variant: "primary", icon: "Plus", onClick: ui.call("__panel__editor", {}) }),
            view === "trash"
              ? ui.button("Back to notes", {
                  variant: "ghost",
                  icon: "ArrowLeft",
                  onClick: ui.call("__panel__sidebar", { view: "active" }),
                })
              : ui.button("Trash", {
                  variant: "ghost",
                  icon: "Trash2",
                  onClick: ui.call("__panel__sidebar", { view: "trash" }),
                }),
          ],
          { direction: "horizontal", gap: 2 },
        ),
        ui.divider({ label: view === "trash" ? `Trash (${total})` : `Notes (${total})` }),
        ui.list(items, {
          emptyMessage: view === "trash" ? "The trash is empty." : "No notes yet. Create one, or ask in chat.",
        }),
      ],
      { gap: 2 },
    );
  },
);

// Center: a new-note form, or the editor of one note (props.note_id).
ext.panel(
  "editor",
  { slot: "center", title: "Note", icon: "FileText", refresh: "on_event:notes.updated,notes.trashed,notes.restored" },
  async (ctx, props) => {
    const noteId = typeof props.note_id === "string" ? props.note_id : undefined;
    if (!noteId) {
      return ui.stack([
        ui.header("New note", { level: 2 }),
        ui.form(
          [
            ui.input("title", { label: "Title", required: true, placeholder: "What is it about?" }),
            ui.textArea("body", { label: "Text", rows: 12, placeholder: "Markdown is fine" }),
            ui.tagInput("tags", { label: "Tags" }),
          ],
          { onSubmit: ui.call("create_note"), submitLabel: "Create note" },
        ),
      ]);
    }
    const doc = await ctx.store.get(NOTES, noteId);
    if (!doc) {
      return ui.empty("This note no longer exists.", {
        icon: "FileX",
        action: ui.button("New note", { onClick: ui.call("__panel__editor", {}) }),
      });
    }
    const n = toView(doc);
    return ui.stack([
      ui.stack(
        [
          ui.header(n.title, { level: 2, subtitle: `Last changed ${n.updated_at.slice(0, 16).replace("T", " ")} UTC` }),
          n.in_trash ? ui.badge("in trash", { color: "orange" }) : null,
        ],
        { direction: "horizontal", align: "center", gap: 2 },
      ),
      ui.form(
        [
          ui.input("title", { label: "Title", value: n.title, required: true, disabled: n.in_trash }),
          ui.textArea("body", { label: "Text", value: n.body, rows: 16, disabled: n.in_trash }),
          ui.tagInput("tags", { label: "Tags", value: n.tags, disabled: n.in_trash }),
        ],
        { onSubmit: ui.call("update_note", { note_id: n.note_id }), submitLabel: "Save" },
      ),
      ui.stack(
        [
          ...noteActions(n),
          ui.button("Reload", {
            size: "sm",
            variant: "ghost",
            icon: "RefreshCw",
            onClick: ui.call("__panel__editor", { note_id: n.note_id }),
          }),
        ],
        {
          direction: "horizontal",
          gap: 2,
        },
      ),
    ]);
  },
);
