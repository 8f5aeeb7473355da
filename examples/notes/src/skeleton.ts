// The skeleton: note counts and the most recently updated notes, for the classifier.
import { ext } from "./app.js";
import { byRecent, C, listOwn, type Note } from "./store.js";

ext.skeleton(
  "notes",
  { ttl: 300, alert: false, description: "Note counts (total, pinned, in trash) and the 5 most recently updated." },
  async (ctx) => {
    try {
      const all = await listOwn<Note>(ctx, C.notes);
      const live = all.filter((n) => !n.is_trashed);
      const recent = [...live]
        .sort(byRecent)
        .slice(0, 5)
        .map((n) => ({ note_id: n.id, title: n.title }));
      return {
        response: {
          total_notes: live.length,
          pinned_notes: live.filter((n) => n.is_pinned).length,
          trash_count: all.length - live.length,
          recent_notes: recent,
        },
      };
    } catch (e) {
      // The original answers zeros and the error instead of failing the refresh.
      const error = (e as Error)?.message ?? String(e);
      return { response: { total_notes: 0, pinned_notes: 0, trash_count: 0, recent_notes: [], error } };
    }
  },
);
