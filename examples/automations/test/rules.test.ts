// Creating, updating, pausing, resuming and deleting one rule through the testing kit, and the list's filters.
/* eslint-disable @typescript-eslint/no-explicit-any -- results and UI trees are untyped JSON read by assertions */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetGateway, seedRule, startGateway } from "./gateway-stub.js";
import { session } from "./helpers.js";

let gw: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  resetGateway(gw.state);
  gw.state.roles = { alice: "user" };
});
const creates = () => gw.state.requests.filter((r) => r.path.endsWith("/create"));
const alice = () => session({ user: "alice", gatewayUrl: gw.url });

describe("create_automation validation matrix", () => {
  const cases: Array<[string, Record<string, unknown>, string, boolean, RegExp]> = [
    ["empty event", { event_type: " ", action_description: "x" }, "MISSING_FIELD", true, /event_type is required/],
    [
      "empty description",
      { event_type: "notes.created", action_description: "" },
      "MISSING_FIELD",
      true,
      /action_description/,
    ],
    [
      "unknown event",
      { event_type: "mail.received", action_description: "x" },
      "UNKNOWN_EVENT",
      true,
      /^Event 'mail\.received' not found\. Available: system\.scheduled, notes\.created, /,
    ],
    [
      "schedule missing",
      { event_type: "system.scheduled", action_description: "x" },
      "SCHEDULE_REQUIRED",
      true,
      /A schedule is required for 'system\.scheduled'/,
    ],
    [
      "cron invalid",
      { event_type: "system.scheduled", action_description: "x", schedule: "61 * * * *" },
      "INVALID_CRON",
      false,
      /^Invalid cron '61 \* \* \* \*': cron field 1 value 61 is out of range 0-59\.$/,
    ],
    [
      "cron malformed",
      { event_type: "notes.created", action_description: "x", schedule: "every day" },
      "INVALID_CRON",
      false,
      /^Invalid cron 'every day': /,
    ],
    [
      "notify mode",
      { event_type: "notes.created", action_description: "x", notify_mode: "loud" },
      "INVALID_NOTIFY_MODE",
      true,
      /notify_mode must be one of all, failures, off/,
    ],
  ];
  for (const [name, args, code, retryable, message] of cases)
    it(`${name} -> ${code} (retryable ${retryable}), nothing sent`, async () => {
      const r = await alice().call("create_automation", args);
      expect(r).toMatchObject({ status: "error", error_code: code, retryable });
      expect(r.error).toMatch(message);
      expect(creates()).toEqual([]);
    });

  it("quota exceeded -> the quota fact, not retryable", async () => {
    gw.state.quota = { cap: 3, used: 3, plan: "free", source: "plan_default" };
    const r = await alice().call("create_automation", { event_type: "notes.created", action_description: "x" });
    expect(r).toMatchObject({ status: "error", error_code: "AUTOMATION_QUOTA_EXCEEDED", retryable: false });
    expect(r.error).toBe("automation_quota_exceeded: cap=3 used=3 plan=free source=plan_default");
    expect(creates()).toHaveLength(1);
  });

  it("a message rule: prompt, trigger filter, actions and interpretation as the original stores them", async () => {
    const r = await alice().call("create_automation", {
      event_type: "notes.created",
      action_description: "  Summarise the note and tell me  ",
    });
    expect(r.summary).toBe("Rule #1 created: When notes.created: Summarise the note and tell me");
    expect(r.data.rule_id).toBe(1);
    expect(creates()[0]!.body).toEqual({
      user_id: "alice",
      tenant_id: "default",
      prompt: "When notes.created: Summarise the note and tell me",
      trigger_filter: { event_type: "notes.created" },
      actions: [{ message: "Summarise the note and tell me" }],
      interpretation: "Summarise the note and tell me",
      cooldown_seconds: 60,
      notify_mode: "all",
    });
  });

  it("a scheduled tool rule keeps its cron and its action; interpretation is cut at 200", async () => {
    const long = "a".repeat(250);
    const r = await alice().call("create_automation", {
      event_type: "system.scheduled",
      schedule: "0 9 * * 1-5",
      action_description: long,
      action: { app_id: "notes", tool: "create_note", args: { title: "Standup" } },
      cooldown_seconds: 120,
      notify_mode: "failures",
    });
    expect(r.status).toBe("success");
    const sent = creates()[0]!.body as any;
    expect(sent.trigger_filter).toEqual({ event_type: "system.scheduled", schedule: "0 9 * * 1-5" });
    expect(sent.actions).toEqual([{ app_id: "notes", tool: "create_note", args: { title: "Standup" } }]);
    expect(sent.interpretation).toHaveLength(200);
    const row = (await alice().call("get_automation_details", { rule_id: r.data.rule_id })).data;
    expect(row).toMatchObject({
      is_scheduled: true,
      schedule: "0 9 * * 1-5",
      action_summary: 'notes.create_note({"title":"Standup"})',
    });
  });
});

describe("update, pause, resume, delete", () => {
  it("update: nothing, bad status, bad cron are refused; a description rewrites prompt and message", async () => {
    seedRule(gw.state, { id: 1, user_id: "alice" });
    const a = alice();
    const none = await a.call("update_automation", { rule_id: 1 });
    expect(none).toMatchObject({ error_code: "NOTHING_TO_UPDATE", retryable: true });
    expect(none.error).toBe("Nothing to update — provide at least one field.");
    expect((await a.call("update_automation", { rule_id: 1, status: "error" })).error_code).toBe("INVALID_STATUS");
    expect((await a.call("update_automation", { rule_id: 1, event_type: "system.scheduled" })).error_code).toBe(
      "SCHEDULE_REQUIRED",
    );
    expect((await a.call("update_automation", { rule_id: 1, schedule: "* * * * * *" })).error_code).toBe(
      "INVALID_CRON",
    );
    expect(gw.state.requests.filter((r) => r.method === "PATCH")).toEqual([]);
    const ok = await a.call("update_automation", { rule_id: 1, action_description: "Email me", cooldown_seconds: 300 });
    expect(ok).toMatchObject({ summary: "Rule #1 updated", data: { rule_id: 1, status: "active" } });
    expect(gw.state.requests.find((r) => r.method === "PATCH")!.body).toEqual({
      prompt: "When notes.created: Email me",
      interpretation: "Email me",
      actions: [{ message: "Email me" }],
      cooldown_seconds: 300,
    });
    const moved = await a.call("update_automation", {
      rule_id: 1,
      event_type: "system.scheduled",
      schedule: "0 8 * * *",
    });
    expect(moved.status).toBe("success");
    expect(gw.state.rules.get(1)).toMatchObject({
      trigger_filter: { event_type: "system.scheduled", schedule: "0 8 * * *" },
      prompt: "When system.scheduled: Email me",
    });
  });

  it("update: a new action replaces the actions; a description alone keeps a tool action", async () => {
    seedRule(gw.state, { id: 1, user_id: "alice", actions: [{ app_id: "notes", tool: "create_note", args: {} }] });
    const a = alice();
    await a.call("update_automation", { rule_id: 1, action_description: "File it" });
    expect(gw.state.rules.get(1)!.actions).toEqual([{ app_id: "notes", tool: "create_note", args: {} }]);
    await a.call("update_automation", { rule_id: 1, action: { app_id: "web-tools", tool: "run_scan" } });
    expect(gw.state.rules.get(1)!.actions).toEqual([{ app_id: "web-tools", tool: "run_scan", args: {} }]);
    expect((await a.call("update_automation", { rule_id: 1, notify_mode: "never" })).error_code).toBe(
      "INVALID_NOTIFY_MODE",
    );
  });

  it("update from the edit form: every field sent, an unset status select means unchanged", async () => {
    seedRule(gw.state, { id: 1, user_id: "alice", status: "error" });
    const r = await alice().call("update_automation", {
      rule_id: 1,
      event_type: "notes.created",
      action_description: "rule 1",
      schedule: "",
      cooldown_seconds: 90,
      notify_mode: "off",
      status: "",
    });
    expect(r).toMatchObject({ status: "success", data: { rule_id: 1, status: "error" } });
    expect(gw.state.rules.get(1)).toMatchObject({ status: "error", notify_mode: "off", cooldown_seconds: 90 });
  });

  it("details without the health fields are the stored rule plus rule_id", async () => {
    seedRule(gw.state, { id: 1, user_id: "alice" });
    const r = await alice().call("get_automation_details", { rule_id: 1, include_schedule_health: false });
    expect(r.summary).toBe("Rule #1 (your rule): When notes.created: rule 1");
    expect(Object.keys(r.data).sort()).toEqual([...Object.keys(gw.state.rules.get(1)!), "rule_id"].sort());
    const full = await alice().call("get_automation_details", { rule_id: 1 });
    expect(full.data).toMatchObject({ rule_id: 1, never_triggered: true, success_rate: 0, owner_is_caller: true });
  });

  it("pause then resume: status flips and resume resets the trigger count", async () => {
    seedRule(gw.state, { id: 1, user_id: "alice", trigger_count: 7, success_count: 6, fail_count: 1 });
    const a = alice();
    const p = await a.call("pause_automation", { rule_id: 1 });
    expect(p).toMatchObject({ summary: "Rule #1 paused", data: { rule_id: 1, status: "paused" } });
    expect(p.data).not.toHaveProperty("user_id");
    expect(gw.state.rules.get(1)).toMatchObject({ status: "paused", trigger_count: 7 });
    const r = await a.call("resume_automation", { rule_id: 1 });
    expect(r.data).toEqual({ rule_id: 1, status: "active", trigger_count_reset: true });
    expect(gw.state.requests.filter((q) => q.method === "PATCH").map((q) => q.body)).toEqual([
      { status: "paused" },
      { status: "active", trigger_count: 0 },
    ]);
    const row = (await a.call("get_automation_details", { rule_id: 1 })).data;
    expect(row).toMatchObject({ status: "active", trigger_count: 0, never_triggered: true });
  });

  it("delete: the receipt snapshots the rule, the gateway loses it, a second delete is not found", async () => {
    seedRule(gw.state, {
      id: 5,
      user_id: "alice",
      event_type: "system.scheduled",
      trigger_filter: { event_type: "system.scheduled", schedule: "0 9 * * *" },
      prompt: "When system.scheduled: morning brief",
      trigger_count: 4,
      created_at: "2026-02-01T08:00:00.000Z",
    });
    const a = alice();
    const d = await a.call("delete_automation", { rule_id: 5 });
    expect(d.summary).toBe("Rule #5 deleted");
    expect(d.data).toEqual({
      rule_id: 5,
      deleted: true,
      deleted_prompt: "When system.scheduled: morning brief",
      deleted_event_type: "system.scheduled",
      deleted_schedule: "0 9 * * *",
      deleted_created_at: "2026-02-01T08:00:00.000Z",
      deleted_trigger_count: 4,
    });
    expect(gw.state.rules.has(5)).toBe(false);
    // the tenant has no rules left, so the check fails open and the gateway answers 404
    const again = await a.call("delete_automation", { rule_id: 5 });
    expect(again).toMatchObject({ status: "error", error_code: "RULE_NOT_FOUND" });
  });

  it("a gateway 500 on a write is a retryable GATEWAY_ERROR with the gateway's detail", async () => {
    seedRule(gw.state, { id: 1, user_id: "alice" });
    gw.state.failWrites.add(1);
    const r = await alice().call("pause_automation", { rule_id: 1 });
    expect(r).toMatchObject({ error_code: "GATEWAY_ERROR", retryable: true });
    expect(r.error).toBe("pause_automation: gateway returned 500: rule 1 is locked by a running trigger");
  });
});

describe("list_automations filters, sorts and derived fields", () => {
  beforeEach(() => {
    seedRule(gw.state, {
      id: 1,
      user_id: "alice",
      trigger_count: 3,
      success_count: 2,
      fail_count: 1,
      last_error: "timeout",
      created_at: "2026-01-01T00:00:00Z",
    });
    seedRule(gw.state, {
      id: 2,
      user_id: "alice",
      event_type: "system.scheduled",
      trigger_filter: { event_type: "system.scheduled", schedule: "0 * * * *" },
      trigger_count: 10,
      success_count: 10,
      created_at: "2026-02-01T00:00:00Z",
    });
    seedRule(gw.state, {
      id: 3,
      user_id: "alice",
      status: "error",
      created_at: null,
      prompt: "When notes.deleted: archive",
      event_type: "notes.deleted",
    });
  });
  const ids = (r: any) => r.data.items.map((x: any) => x.rule_id);

  it("derives success rate, failing, never-triggered, age and action text", async () => {
    const r = await alice().call("list_automations", { sort: "oldest" });
    const [one, two, three] = [1, 2, 3].map((id) => r.data.items.find((x: any) => x.rule_id === id));
    expect(one).toMatchObject({ success_rate: 0.667, is_failing: true, never_triggered: false, is_scheduled: false });
    expect(one.age_days).toBeGreaterThan(300);
    expect(two).toMatchObject({ success_rate: 1, is_failing: false, is_scheduled: true, schedule: "0 * * * *" });
    expect(three).toMatchObject({
      success_rate: 0,
      never_triggered: true,
      age_days: -1,
      action_summary: "rule 3",
      owner_is_caller: true,
    });
  });

  it("filters combine and the filter object names what was applied", async () => {
    const a = alice();
    expect(ids(await a.call("list_automations", { failing_only: true }))).toEqual([1]);
    expect(ids(await a.call("list_automations", { scheduled_only: true }))).toEqual([2]);
    expect(ids(await a.call("list_automations", { never_triggered: true }))).toEqual([3]);
    expect(ids(await a.call("list_automations", { status: "error" }))).toEqual([3]);
    expect(ids(await a.call("list_automations", { event_type: "NOTES" })).sort()).toEqual([1, 3]);
    expect(ids(await a.call("list_automations", { search: "timeout" }))).toEqual([1]);
    expect(ids(await a.call("list_automations", { search: "archive" }))).toEqual([3]);
    const dated = await a.call("list_automations", {
      created_after: "2026-01-01",
      created_before: "2026-01-31T23:00:00Z",
    });
    expect(ids(dated)).toEqual([1]);
    expect(dated.data.filter).toEqual({ created_after: "2026-01-01", created_before: "2026-01-31T23:00:00Z" });
    const bad = await a.call("list_automations", { created_after: "last week" });
    expect(bad).toMatchObject({ status: "error", error_code: "INVALID_DATE", retryable: true });
  });

  it("sorts, and the limit is clamped and applied after filtering", async () => {
    const a = alice();
    expect(ids(await a.call("list_automations", { sort: "most_triggered" }))).toEqual([2, 1, 3]);
    expect(ids(await a.call("list_automations", { sort: "most_failed" }))[0]).toBe(1);
    const one = await a.call("list_automations", { sort: "most_triggered", limit: 0 });
    expect(ids(one)).toEqual([2]);
    expect(one.data).toMatchObject({ total: 3, total_matched: 3, truncated: true });
    expect(one.summary).toBe("You have 3 automation rule(s) — showing the first 1");
    expect(ids(await a.call("list_automations", { limit: 9999 }))).toHaveLength(3);
  });
});
