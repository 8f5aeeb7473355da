import { ActionResult, ChatExtension, Extension, ui, z } from "../src/index.js";

/** The SPEC 1.1 notes example, built fresh for each test. */
export function makeNotes() {
  const ext = new Extension("notes", {
    version: "1.0.0",
    displayName: "Notes",
    description: "Notes extension — create, organize, and search your notes with AI.",
    icon: "icon.svg",
    actionsExplicit: true,
    capabilities: ["notes:read", "notes:write"],
    system: false,
  });
  const chat = new ChatExtension(ext, { toolName: "notes", description: "Notes chat tools." });
  const CreateNote = z.object({ title: z.string().min(1).describe("Note title"), body: z.string().default("") });
  const NoteOut = z.object({ note_id: z.string(), title: z.string() });
  const DeleteNote = z.object({ note_id: z.string() });
  chat.function(
    "create_note",
    {
      description: "Create a new note with a title and an optional body.",
      actionType: "write",
      params: CreateNote,
      dataModel: NoteOut,
      event: "notes.created",
      effects: ["create:note"],
      chainCallable: true,
    },
    async (ctx, p) => {
      const doc = await ctx.store.create("notes", { title: p.title, body: p.body });
      return ActionResult.success({ note_id: doc.id, title: p.title }, `Created note "${p.title}"`);
    },
  );
  chat.function(
    "delete_note",
    { description: "Delete a note by its id.", actionType: "destructive", params: DeleteNote, idProjection: "note_id" },
    async (ctx, p) => {
      const ok = await ctx.store.delete("notes", p.note_id);
      return ok
        ? ActionResult.success({ deleted: p.note_id }, "Deleted")
        : ActionResult.error("No such note", { code: "NOTE_NOT_FOUND" });
    },
  );
  ext.skeleton("notes", { ttl: 300, alert: true, description: "Note counts and recent titles." }, async (ctx) => ({
    response: { total_notes: await ctx.store.count("notes") },
  }));
  ext.tool("skeleton_alert_notes", { description: "Alert when notes change." }, async (_ctx, { old, new: next }) => ({
    response: JSON.stringify(old) === JSON.stringify(next) ? "" : "Notes changed",
  }));
  ext.panel(
    "sidebar",
    { slot: "left", title: "Notes", icon: "NotebookPen", refresh: "on_event:notes.created" },
    async () => ui.stack([ui.text("Hello")]),
  );
  return { ext, chat, CreateNote, NoteOut };
}
