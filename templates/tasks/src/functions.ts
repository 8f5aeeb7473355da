import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
import { STATUSES, TASKS, allTasks, toView, type Task } from "./tasks.js";

// Module-scope schemas (V17), declared before use (V18).
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");
const TaskId = z.string().min(1).describe("Id of the task (from a list or a previous result)");
const Priority = z.enum(["low", "normal", "high"]);

const CreateTask = z.object({
  title: z.string().trim().min(1).max(200).describe("What needs doing"),
  // An empty string (a cleared date picker in the panel form) means "no due day".
  due: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, "use YYYY-MM-DD")
    .optional()
    .describe("Due day, YYYY-MM-DD"),
  priority: Priority.default("normal").describe("low, normal or high"),
});
const TaskRef = z.object({ task_id: z.string(), title: z.string(), status: z.enum(STATUSES) });

const ListTasks = z.object({
  filter: z
    .enum(["open", "overdue", "todo", "in_progress", "done", "all"])
    .default("open")
    .describe("Which tasks to list"),
  limit: z.number().int().min(1).max(50).default(20),
});
const TaskItem = z.object({
  task_id: z.string(),
  title: z.string(),
  status: z.enum(STATUSES),
  due: z.string().nullable(),
  priority: Priority,
  overdue: z.boolean(),
});
const TaskList = z.object({ tasks: z.array(TaskItem), total: z.number().int() });

const UpdateTask = z.object({
  task_id: TaskId,
  title: z.string().trim().min(1).max(200).optional().describe("New title (omit to keep)"),
  due: Day.nullable().optional().describe("New due day YYYY-MM-DD, or null to clear (omit to keep)"),
  status: z.enum(STATUSES).optional().describe("todo, in_progress or done (omit to keep)"),
  priority: Priority.optional().describe("New priority (omit to keep)"),
});
const TaskTarget = z.object({ task_id: TaskId });
const Deleted = z.object({ task_id: z.string(), deleted: z.boolean() });

chat.function(
  "create_task",
  {
    description: "Add a task with an optional due day (YYYY-MM-DD) and priority.",
    actionType: "write",
    params: CreateTask,
    dataModel: TaskRef,
    event: "tasks.created",
    effects: ["create:task"],
  },
  async (ctx, p) => {
    const task: Task = {
      title: p.title,
      status: "todo",
      due: p.due || null,
      priority: p.priority,
      created_at: new Date().toISOString(),
    };
    const doc = await ctx.store.create(TASKS, { ...task });
    return ActionResult.success(
      { task_id: doc.id, title: p.title, status: task.status },
      `Added "${p.title}"${p.due ? ` (due ${p.due})` : ""}`,
    );
  },
);

chat.function(
  "list_tasks",
  {
    description: "List tasks: open (default), overdue, by status, or all; soonest due first.",
    actionType: "read",
    params: ListTasks,
    dataModel: TaskList,
  },
  async (ctx, p) => {
    const all = await allTasks(ctx.store);
    const matching = all.filter((t) =>
      p.filter === "all"
        ? true
        : p.filter === "open"
          ? t.status !== "done"
          : p.filter === "overdue"
            ? t.overdue
            : t.status === p.filter,
    );
    return ActionResult.success(
      { tasks: matching.slice(0, p.limit), total: matching.length },
      `${matching.length} ${p.filter} task(s)`,
    );
  },
);

chat.function(
  "update_task",
  {
    description: "Change a task's title, due day, status or priority; omitted fields stay as they are.",
    actionType: "write",
    params: UpdateTask,
    dataModel: TaskRef,
    event: "tasks.updated",
    effects: ["update:task"],
    idProjection: "task_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(TASKS, p.task_id);
    if (!doc) return ActionResult.error(`No task with id ${p.task_id}.`, { code: "TASK_NOT_FOUND" });
    if (p.title === undefined && p.due === undefined && p.status === undefined && p.priority === undefined) {
      return ActionResult.error("Nothing to change: give a title, due day, status or priority.", {
        code: "NOTHING_TO_UPDATE",
      });
    }
    const patch: Partial<Task> = {};
    if (p.title !== undefined) patch.title = p.title;
    if (p.due !== undefined) patch.due = p.due;
    if (p.status !== undefined) patch.status = p.status;
    if (p.priority !== undefined) patch.priority = p.priority;
    const t = toView(await ctx.store.update(TASKS, p.task_id, patch, { ifMatch: doc.etag }));
    return ActionResult.success({ task_id: t.task_id, title: t.title, status: t.status }, `Updated "${t.title}"`);
  },
);

chat.function(
  "complete_task",
  {
    description: "Mark a task as done.",
    actionType: "write",
    params: TaskTarget,
    dataModel: TaskRef,
    event: "tasks.completed",
    effects: ["complete:task"],
    idProjection: "task_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(TASKS, p.task_id);
    if (!doc) return ActionResult.error(`No task with id ${p.task_id}.`, { code: "TASK_NOT_FOUND" });
    const t = toView(await ctx.store.update(TASKS, p.task_id, { status: "done" }));
    return ActionResult.success({ task_id: t.task_id, title: t.title, status: t.status }, `Completed "${t.title}"`);
  },
);

chat.function(
  "delete_task",
  {
    description: "Permanently delete a task. This cannot be undone.",
    actionType: "destructive",
    params: TaskTarget,
    dataModel: Deleted,
    event: "tasks.deleted",
    effects: ["delete:task"],
    idProjection: "task_id",
  },
  async (ctx, p) => {
    const doc = await ctx.store.get(TASKS, p.task_id);
    if (!doc) return ActionResult.error(`No task with id ${p.task_id}.`, { code: "TASK_NOT_FOUND" });
    const title = toView(doc).title;
    const deleted = await ctx.store.delete(TASKS, p.task_id);
    return ActionResult.success({ task_id: p.task_id, deleted }, `Deleted "${title}"`);
  },
);
