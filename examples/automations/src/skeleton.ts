// The `rules` skeleton: the caller's rule counts, five rules, and the event catalog. A gateway failure degrades to
// zeros and empty lists (the classifier must never see a stale "3 active" from an error).
import { ext } from "./app.js";
import { loadVisible } from "./access.js";
import { eventCatalog } from "./catalog.js";
import { cut } from "./rules.js";

ext.skeleton(
  "rules",
  { ttl: 300, alert: false, description: "The user's automation rules (counts, five rules) and the event catalog." },
  async (ctx) => {
    const v = await loadVisible(ctx);
    const mine = v.all.filter((r) => r.owner_is_caller);
    return {
      response: {
        total: mine.length,
        active: mine.filter((r) => r.status === "active").length,
        paused: mine.filter((r) => r.status === "paused").length,
        errored: mine.filter((r) => r.status === "error").length,
        rules_summary: mine
          .slice(0, 5)
          .map((r) => ({ rule_id: r.rule_id, prompt: cut(r.prompt, 80), status: r.status })),
        available_events: eventCatalog(ctx).map((e) => ({
          event_type: e.event_type,
          description: cut(e.description, 100),
        })),
      },
    };
  },
);
