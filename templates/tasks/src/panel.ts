import { ui } from "@imperal/sdk";
import { ext } from "./app.js";
import { allTasks, type TaskView } from "./tasks.js";

const TABS = ["open", "overdue", "done"] as const;

/** One task row with the actions that fit its status. */
function row(t: TaskView) {
  return ui.listItem({
    title: t.title,
    subtitle: t.due ? `due ${t.due}` : "no due date",
    badge: t.overdue
      ? ui.badge("overdue", { color: "red" })
      : t.status === "in_progress"
        ? ui.badge("in progress", { color: "blue" })
        : undefined,
    meta: t.priority === "normal" ? undefined : t.priority,
    actions:
      t.status === "done"
        ? [
            ui.button("Delete", {
              size: "sm",
              variant: "danger",
              icon: "Trash2",
              onClick: ui.call("delete_task", { task_id: t.task_id }),
            }),
          ]
        : [
            ui.button("Done", { size: "sm", icon: "Check", onClick: ui.call("complete_task", { task_id: t.task_id }) }),
            t.status === "todo"
              ? ui.button("Start", {
                  size: "sm",
                  variant: "ghost",
                  onClick: ui.call("update_task", { task_id: t.task_id, status: "in_progress" }),
                })
              : null,
          ],
  });
}

// One panel, three tabs. `props.tab` picks the open tab, so ui.call("__panel__board", { tab }) re-renders on it.
ext.panel(
  "board",
  {
    slot: "center",
    title: "Tasks",
    icon: "ListTodo",
    refresh: "on_event:tasks.created,tasks.updated,tasks.completed,tasks.deleted",
  },
  async (ctx, props) => {
    const tab = TABS.find((t) => t === props.tab) ?? "open";
    const tasks = await allTasks(ctx.store);
    const open = tasks.filter((t) => t.status !== "done");
    const overdue = open.filter((t) => t.overdue);
    const done = tasks.filter((t) => t.status === "done");
    return ui.stack([
      ui.stats(
        [
          ui.stat("Open", open.length, { icon: "Circle" }),
          ui.stat("Overdue", overdue.length, { icon: "AlertTriangle", color: overdue.length ? "red" : "gray" }),
          ui.stat("Done", done.length, { icon: "CheckCircle", color: "green" }),
        ],
        { columns: 3 },
      ),
      ui.form(
        [
          ui.input("title", { placeholder: "Add a task", required: true }),
          ui.datePicker("due", { label: "Due", mode: "date" }),
        ],
        { onSubmit: ui.call("create_task"), submitLabel: "Add" },
      ),
      ui.tabs(
        [
          {
            id: "open",
            label: `Open (${open.length})`,
            content: ui.list(open.map(row), { emptyMessage: "Nothing open. Nice." }),
          },
          {
            id: "overdue",
            label: `Overdue (${overdue.length})`,
            content: ui.list(overdue.map(row), { emptyMessage: "Nothing overdue." }),
          },
          {
            id: "done",
            label: `Done (${done.length})`,
            content: ui.list(done.map(row), { emptyMessage: "Nothing done yet." }),
          },
        ],
        { defaultTab: tab },
      ),
      ui.button("Refresh", {
        size: "sm",
        variant: "ghost",
        icon: "RefreshCw",
        onClick: ui.call("__panel__board", { tab }),
      }),
    ]);
  },
);
