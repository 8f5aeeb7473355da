import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestContext, invoke } from "@imperal/sdk/testing";
import { ext } from "../src/index.js";

/** One in-memory user; `call` fails the test on guard/validation errors and returns the ActionResult JSON. */
function session() {
  const ctx = createTestContext({ ext });
  const call = async (tool: string, args: Record<string, unknown> = {}) => {
    const out = await invoke(ext, tool, args, { ctx });
    if (!out.ok) throw new Error(`${tool} failed: ${out.code} ${out.message}`);
    return out.result as { status: string; summary: string; data: any; error_code?: string };
  };
  const as = (kind: "skeleton" | "panel") => createTestContext({ ext, kind, backends: ctx.test.backends });
  return { ctx, call, as };
}

// "Overdue" depends on today's date: pin it.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-10T09:00:00Z"));
});
afterEach(() => vi.useRealTimers());

describe("task functions", () => {
  it("adds tasks and lists open, overdue and done ones", async () => {
    const { call } = session();
    const late = (await call("create_task", { title: "File taxes", due: "2026-03-01", priority: "high" })).data.task_id;
    await call("create_task", { title: "Plan trip", due: "2026-04-01" });
    await call("create_task", { title: "Read a book" });

    const open = await call("list_tasks");
    expect(open.data.total).toBe(3);
    expect(open.data.tasks[0]).toMatchObject({ task_id: late, overdue: true, priority: "high" });

    const overdue = await call("list_tasks", { filter: "overdue" });
    expect(overdue.data.tasks.map((t: any) => t.title)).toEqual(["File taxes"]);

    await call("complete_task", { task_id: late });
    expect((await call("list_tasks", { filter: "overdue" })).data.total).toBe(0);
    expect((await call("list_tasks", { filter: "done" })).data.tasks[0]).toMatchObject({
      task_id: late,
      status: "done",
      overdue: false,
    });
  });

  it("updates status and due day, and clears the due day with null", async () => {
    const { call } = session();
    const id = (await call("create_task", { title: "Write report", due: "2026-03-20" })).data.task_id;
    await call("update_task", { task_id: id, status: "in_progress" });
    await call("update_task", { task_id: id, due: null });
    const [task] = (await call("list_tasks")).data.tasks;
    expect(task).toMatchObject({ status: "in_progress", due: null });
  });

  it("deletes a task (destructive) and reports unknown ids with a code", async () => {
    const { call } = session();
    const id = (await call("create_task", { title: "Temp" })).data.task_id;
    expect((await call("delete_task", { task_id: id })).data).toEqual({ task_id: id, deleted: true });
    expect(await call("complete_task", { task_id: id })).toMatchObject({
      status: "error",
      error_code: "TASK_NOT_FOUND",
    });
  });

  it("rejects a malformed due day before the handler runs, and reads an empty one as none", async () => {
    const out = await invoke(ext, "create_task", { title: "x", due: "next tuesday" });
    expect(out.ok).toBe(false);
    const { call } = session();
    expect((await call("create_task", { title: "Someday", due: "" })).status).toBe("success");
    expect((await call("list_tasks")).data.tasks[0].due).toBeNull();
  });
});

describe("tasks skeleton and alert", () => {
  it("snapshots counts under `response` with at most five overdue tasks", async () => {
    const { call, as } = session();
    for (let i = 1; i <= 7; i++) await call("create_task", { title: `Late ${i}`, due: `2026-02-0${i}` });
    await call("create_task", { title: "Today", due: "2026-03-10" });

    const out = await invoke(ext, "skeleton_refresh_tasks", {}, { ctx: as("skeleton") });
    expect(out.ok).toBe(true);
    const snap = (out as { result: { response: any } }).result.response;
    expect(snap).toMatchObject({ open: 8, overdue: 7, due_today: 1, done: 0 });
    expect(snap.overdue_tasks).toHaveLength(5);
    expect(snap._overdue_ids).toHaveLength(7);
  });

  it("reports tasks that became overdue since the previous snapshot, and nothing otherwise", async () => {
    const { call, as } = session();
    await call("create_task", { title: "Pay rent", due: "2026-03-10" });
    const refresh = async () =>
      ((await invoke(ext, "skeleton_refresh_tasks", {}, { ctx: as("skeleton") })) as { result: { response: any } })
        .result.response;
    const alert = async (old: unknown, next: unknown) =>
      ((await invoke(ext, "skeleton_alert_tasks", { old, new: next })) as { result: { response: string } }).result
        .response;

    const before = await refresh();
    expect(before.overdue).toBe(0);
    expect(await alert(null, before)).toBe("");

    vi.setSystemTime(new Date("2026-03-11T09:00:00Z"));
    const after = await refresh();
    expect(after.overdue).toBe(1);
    expect(await alert(before, after)).toContain('"Pay rent" (due 2026-03-10)');
    expect(await alert(after, after)).toBe("");
  });
});

describe("tasks panel", () => {
  it("renders tabs and re-renders itself on the requested tab", async () => {
    const { call, as } = session();
    const id = (await call("create_task", { title: "Ship it", due: "2026-03-01" })).data.task_id;
    const out = await invoke(ext, "__panel__board", { tab: "overdue" }, { ctx: as("panel") });
    expect(out.ok).toBe(true);
    const tree = JSON.stringify((out as { result: unknown }).result);
    expect(tree).toContain('"type":"tabs"');
    expect(tree).toContain('"defaultTab":"overdue"');
    expect(tree).toContain('"function":"__panel__board"');
    expect(tree).toContain(`"function":"complete_task","params":{"task_id":"${id}"}`);
  });
});
