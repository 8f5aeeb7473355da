// The sidebar and the workshop as trees: what each shows for no rules, some rules, one rule being edited, and a
// gateway that cannot be read.
/* eslint-disable @typescript-eslint/no-explicit-any -- results and UI trees are untyped JSON read by assertions */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetGateway, seedRule, startGateway } from "./gateway-stub.js";
import { nodes, session } from "./helpers.js";

let gw: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  resetGateway(gw.state);
  gw.state.roles = { alice: "user" };
});
const alice = () => session({ user: "alice", gatewayUrl: gw.url });
const labels = (tree: unknown, type: string, prop = "label") => nodes(tree, type).map((n) => n.props[prop]);

describe("sidebar", () => {
  it("no rules: an empty state whose button opens the workshop, and the root opens it once", async () => {
    const tree = await alice().panel("sidebar");
    const [empty] = nodes(tree, "empty");
    expect(empty.props.action.props).toMatchObject({
      label: "Create your first automation",
      variant: "primary",
      onClick: { action: "call", function: "__panel__workshop", params: { __center_opened: true } },
    });
    expect(tree.props.autoAction).toEqual({
      action: "call",
      function: "__panel__workshop",
      params: { __center_opened: true },
    });
    const again = await alice().panel("sidebar", { __center_opened: true });
    expect(again.props.autoAction).toBeUndefined();
  });

  it("rules: health badges, one expandable row per rule with its controls", async () => {
    seedRule(gw.state, {
      id: 1,
      user_id: "alice",
      trigger_count: 4,
      success_count: 4,
      cost_usd: 1.25,
      notify_mode: "failures",
    });
    seedRule(gw.state, { id: 2, user_id: "alice", status: "paused" });
    seedRule(gw.state, {
      id: 3,
      user_id: "alice",
      trigger_count: 4,
      success_count: 1,
      fail_count: 3,
      last_error: "x".repeat(200),
      cost_usd: 0.25,
    });
    seedRule(gw.state, { id: 4, user_id: "alice", trigger_count: 4, success_count: 3, fail_count: 1 });
    seedRule(gw.state, { id: 5, user_id: "alice", status: "error" });
    seedRule(gw.state, { id: 6, user_id: "alice" });
    seedRule(gw.state, { id: 7, user_id: "bob" });
    const tree = await alice().panel("sidebar", { __center_opened: true });
    const top = tree.props.children[0];
    expect(top.props).toMatchObject({ direction: "horizontal", sticky: true });
    expect(top.props.children.map((b: any) => [b.props.label, b.props.color])).toEqual([
      ["3 need attention", "red"], // error (#5), failing (#3), unstable (#4)
      ["4 running", "green"],
      ["1 paused", "yellow"],
      ["$1.50 lifetime", "blue"],
    ]);
    expect(labels(tree, "divider")).toEqual(["Rules (6)"]);
    const [list] = nodes(tree, "list");
    expect(list.props.searchable).toBe(true);
    const items = nodes(tree, "listItem");
    // newest first (same creation time: the higher id first)
    expect(items.map((i) => [i.props.id, i.props.badge.props.label, i.props.badge.props.color])).toEqual([
      ["rule-6", "not run yet", "blue"],
      ["rule-5", "error", "red"],
      ["rule-4", "unstable", "yellow"],
      ["rule-3", "failing", "red"],
      ["rule-2", "paused", "yellow"],
      ["rule-1", "healthy", "green"],
    ]);
    expect(items[5].props.subtitle).toBe(
      "healthy (active) · Runs: 4 · Last: never · Event: notes.created · Cost: $1.25",
    );
    const kv = nodes(items[3].props.expandedContent, "keyValue")[0];
    expect(kv.props.items.map((i: any) => i.key)).toEqual([
      "Trigger",
      "Cooldown",
      "Notify",
      "Runs",
      "Successes",
      "Failures",
      "Last triggered",
      "Last error",
    ]);
    expect(kv.props.items[7].value).toHaveLength(140);
    const buttons = (i: number) =>
      nodes(items[i].props.expandedContent, "button").map((b) => [
        b.props.label,
        b.props.onClick.function,
        b.props.variant,
      ]);
    expect(buttons(5)).toEqual([
      ["Pause", "pause_automation", undefined],
      ["Open editor", "__panel__workshop", "outline"],
      ["Delete", "delete_automation", "danger"],
      ["All", "update_automation", "ghost"],
      ["Failures", "update_automation", "primary"],
      ["Off", "update_automation", "ghost"],
    ]);
    expect(buttons(4)[0]).toEqual(["Resume", "resume_automation", undefined]);
    const del = nodes(items[5].props.expandedContent, "button").find((b) => b.props.label === "Delete");
    expect(del.props.onClick).toEqual({ action: "call", function: "delete_automation", params: { rule_id: 1 } }); // no confirm string
    const edit = nodes(items[5].props.expandedContent, "button").find((b) => b.props.label === "Open editor");
    expect(edit.props.onClick.params).toEqual({ edit_rule_id: 1, __center_opened: true });
  });

  it("a gateway failure is an error with a retry, not an empty list", async () => {
    gw.state.failAll = true;
    const tree = await alice().panel("sidebar");
    const [err] = nodes(tree, "error");
    expect(err.props.message).toBe("Couldn't load your automations: gateway returned 500: database unavailable.");
    expect(err.props.retry.function).toBe("__panel__sidebar");
    expect(nodes(tree, "empty")).toEqual([]);
  });
});

describe("workshop", () => {
  beforeEach(() => {
    seedRule(gw.state, {
      id: 1,
      user_id: "alice",
      trigger_count: 4,
      success_count: 3,
      fail_count: 1,
      last_error: "timeout",
      cooldown_seconds: 5,
    });
    seedRule(gw.state, {
      id: 2,
      user_id: "alice",
      event_type: "system.scheduled",
      trigger_filter: { event_type: "system.scheduled", schedule: "0 9 * * *" },
      status: "paused",
      notify_mode: "off",
    });
    seedRule(gw.state, { id: 3, user_id: "bob" });
  });

  it("stats, a create form, the outcomes table and tips", async () => {
    const tree = await alice().panel("workshop");
    expect(nodes(tree, "stat").map((s) => [s.props.label, s.props.value])).toEqual([
      ["Rules", 2],
      ["Triggers", 4],
      ["Successes", 3],
      ["Failures", 1],
      ["Success rate", "75%"],
    ]);
    const [form] = nodes(tree, "form");
    expect(form.props.onSubmit).toEqual({ action: "call", function: "create_automation", params: {} });
    expect(form.props.confirm).toMatch(/^Create this automation\?/);
    const [select] = nodes(form, "select");
    expect(select.props.name).toBe("event_type");
    expect(select.props.options.map((o: any) => o.value)).toContain("system.scheduled");
    expect(nodes(form, "textArea")[0].props.name).toBe("action_description");
    expect(nodes(form, "input")[0].props.name).toBe("schedule");
    expect(nodes(form, "slider")[0].props).toMatchObject({
      name: "cooldown_seconds",
      min: 10,
      max: 3600,
      step: 10,
      value: 60,
    });
    const [table] = nodes(tree, "dataTable");
    expect(table.props.columns.map((c: any) => c.key)).toEqual(["rule", "status", "runs", "ok", "fail", "last_error"]);
    expect(table.props.rows).toEqual([
      { rule: "#2 When system.scheduled: rule 2", status: "paused", runs: 0, ok: 0, fail: 0, last_error: "" },
      { rule: "#1 When notes.created: rule 1", status: "active", runs: 4, ok: 3, fail: 1, last_error: "timeout" },
    ]);
    expect(nodes(tree, "markdown")[0].props.content).toMatch(/^\*\*Tips\*\*/);
  });

  it("edit_rule_id: the edit form, prefilled, with the rule id in its defaults and its confirm", async () => {
    const tree = await alice().panel("workshop", { edit_rule_id: 2 });
    const [form] = nodes(tree, "form");
    expect(form.props).toMatchObject({
      onSubmit: { function: "update_automation" },
      defaults: { rule_id: 2 },
      confirm: "Save changes to rule #2?",
    });
    const byName = Object.fromEntries(
      [...nodes(form, "select"), ...nodes(form, "input"), ...nodes(form, "textArea"), ...nodes(form, "slider")].map(
        (n) => [n.props.name, n.props.value],
      ),
    );
    expect(byName).toEqual({
      event_type: "system.scheduled",
      notify_mode: "off",
      status: "paused",
      schedule: "0 9 * * *",
      action_description: "rule 2",
      cooldown_seconds: 60,
    });
    const low = await alice().panel("workshop", { edit_rule_id: "1" });
    expect(nodes(low, "slider")[0].props.value).toBe(10); // 5 s is below the slider's range
  });

  it("someone else's rule cannot be edited: a warning and the create form", async () => {
    const tree = await alice().panel("workshop", { edit_rule_id: 3 });
    expect(nodes(tree, "alert")[0].props).toMatchObject({
      message: "Rule #3 was not found among your automations.",
      type: "warn",
    });
    expect(nodes(tree, "form")[0].props.onSubmit.function).toBe("create_automation");
  });
});
