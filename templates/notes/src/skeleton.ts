import { ext } from "./app.js";
import { listNotes } from "./store.js";

// What the assistant always knows about the user's notes, compressed into its prompt: counts and at most
// five recent titles (a list of <= 5 small objects renders as `[title (#note_id), ...]`).
ext.skeleton(
  "notes",
  { ttl: 300, alert: false, description: "Note counts and the five most recently edited titles." },
  async (ctx) => {
    const active = await listNotes(ctx.store, "active", 5);
    const trash = await listNotes(ctx.store, "trash", 0);
    return {
      response: {
        total_notes: active.total,
        in_trash: trash.total,
        recent: active.notes.map((n) => ({ note_id: n.note_id, title: n.title })),
      },
    };
  },
);
