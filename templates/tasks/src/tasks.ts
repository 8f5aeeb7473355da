import type { Document, StoreClient } from "@imperal/sdk";

/** Store collection holding the tasks (the store is already partitioned per tenant, user and extension). */
export const TASKS = "tasks";

/** Task statuses, in board order. */
export const STATUSES = ["todo", "in_progress", "done"] as const;
export type Status = (typeof STATUSES)[number];

/** A task as stored in `ctx.store`. */
export interface Task {
  title: string;
  status: Status;
  /** Calendar day `YYYY-MM-DD`, or null for no due date. */
  due: string | null;
  priority: "low" | "normal" | "high";
  created_at: string;
}

/** A task as functions return it. */
export interface TaskView {
  task_id: string;
  title: string;
  status: Status;
  due: string | null;
  priority: "low" | "normal" | "high";
  overdue: boolean;
}

/** Today's date (`YYYY-MM-DD`, UTC), the reference for "overdue". */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** True when the task is not done and its due day is before `day`. */
export function isOverdue(t: Pick<Task, "status" | "due">, day = today()): boolean {
  return t.status !== "done" && t.due !== null && t.due < day;
}

/** Convert a stored document into the shape functions return. */
export function toView(doc: Document, day = today()): TaskView {
  const t = doc.data as unknown as Task;
  return {
    task_id: doc.id,
    title: t.title,
    status: t.status,
    due: t.due,
    priority: t.priority,
    overdue: isOverdue(t, day),
  };
}

/** Every task of the user, ordered by due day (tasks without one last). */
export async function allTasks(store: StoreClient, day = today()): Promise<TaskView[]> {
  const out: TaskView[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.query(TASKS, { orderBy: "created_at", limit: 500, cursor });
    out.push(...page.data.map((d) => toView(d, day)));
    cursor = page.hasMore ? page.cursor : null;
  } while (cursor);
  return out.sort((a, b) => (a.due ?? "9999-99-99").localeCompare(b.due ?? "9999-99-99"));
}
