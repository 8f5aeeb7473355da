import { z } from "@imperal/sdk";
import { ext } from "./app.js";
import { allTasks, today } from "./tasks.js";

/** Most overdue ids remembered for the alert diff (fields starting with `_` are not shown to the classifier). */
const MAX_TRACKED = 200;

ext.skeleton(
  "tasks",
  { ttl: 300, alert: true, description: "Open, overdue and due-today counts, with up to five overdue tasks." },
  async (ctx) => {
    const day = today();
    const tasks = await allTasks(ctx.store, day);
    const open = tasks.filter((t) => t.status !== "done");
    const overdue = open.filter((t) => t.overdue);
    return {
      response: {
        open: open.length,
        overdue: overdue.length,
        due_today: open.filter((t) => t.due === day).length,
        done: tasks.length - open.length,
        overdue_tasks: overdue.slice(0, 5).map((t) => ({ task_id: t.task_id, title: t.title, due: t.due })),
        _overdue_ids: overdue.slice(0, MAX_TRACKED).map((t) => t.task_id),
      },
    };
  },
);

// The kernel calls this with the previous and the new snapshot whenever the section changes; a non-empty
// answer becomes an ambient alert in the assistant's next prompt.
const Snapshot = z.object({
  overdue_tasks: z.array(z.object({ task_id: z.string(), title: z.string(), due: z.string().nullable() })).default([]),
  _overdue_ids: z.array(z.string()).default([]),
});
const AlertArgs = z.object({
  old: Snapshot.nullish().describe("Previous snapshot (absent on the first refresh)"),
  new: Snapshot.nullish().describe("New snapshot"),
});

ext.tool(
  "skeleton_alert_tasks",
  { description: "Report tasks that became overdue since the previous snapshot.", params: AlertArgs },
  async (_ctx, { old, new: next }) => {
    if (!next) return { response: "" };
    const before = new Set(old?._overdue_ids ?? []);
    const fresh = next._overdue_ids.filter((id) => !before.has(id));
    if (fresh.length === 0) return { response: "" };
    const named = next.overdue_tasks.filter((t) => fresh.includes(t.task_id)).map((t) => `"${t.title}" (due ${t.due})`);
    const more = fresh.length - named.length;
    const list = named.join(", ") + (more > 0 ? `${named.length ? " and " : ""}${more} more` : "");
    return { response: `${fresh.length} task(s) just became overdue: ${list}.` };
  },
);
