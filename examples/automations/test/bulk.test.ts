// bulk_automation_action through the testing kit: the refusals, the dry run, confirm for deletes, partial failure.
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
  gw.state.roles = { alice: "user", root: "admin" };
  seedRule(gw.state, { id: 1, user_id: "alice", trigger_count: 5 });
  seedRule(gw.state, { id: 2, user_id: "alice", status: "paused", trigger_count: 9 });
  seedRule(gw.state, { id: 3, user_id: "alice", fail_count: 2, trigger_count: 2, last_error: "boom" });
  seedRule(gw.state, { id: 4, user_id: "bob" });
});
const writes = () => gw.state.requests.filter((r) => r.method === "PATCH" || r.method === "DELETE");
const alice = () => session({ user: "alice", gatewayUrl: gw.url });

describe("bulk_automation_action", () => {
  it("refuses an unfiltered selection (a non-admin's user_id is no filter)", async () => {
    for (const args of [
      { operation: "pause" },
      { operation: "delete", user_id: "alice", dry_run: false, confirm: true },
    ]) {
      const r = await alice().call("bulk_automation_action", args);
      expect(r).toMatchObject({ status: "error", error_code: "UNFILTERED_BULK", retryable: true });
      expect(r.error).toMatch(/^Refusing to act on EVERY rule/);
    }
    expect(writes()).toEqual([]);
  });

  it("refuses when any id is missing or someone else's, and changes nothing", async () => {
    const r = await alice().call("bulk_automation_action", {
      operation: "delete",
      rule_ids: [1, 4, 99],
      dry_run: false,
      confirm: true,
    });
    expect(r).toMatchObject({ status: "error", error_code: "RULES_NOT_FOUND" });
    expect(r.error).toBe("These rule(s) do not exist or are not yours: [4, 99]. Nothing was changed.");
    expect(writes()).toEqual([]);
    expect(gw.state.rules.size).toBe(4);
  });

  it("an unknown operation is a retryable error", async () => {
    const r = await alice().call("bulk_automation_action", { operation: "archive", rule_ids: [1] });
    expect(r).toMatchObject({ error_code: "INVALID_OPERATION", retryable: true });
  });

  it("is a dry run by default: a preview of what a filter selects, nothing written", async () => {
    const r = await alice().call("bulk_automation_action", { operation: "delete", status: "active" });
    expect(r.summary).toBe("DRY RUN — delete would affect 2 rule(s). Re-run with dry_run=false to apply.");
    expect(r.data).toMatchObject({
      operation: "delete",
      selected: 2,
      succeeded: [],
      failed: [],
      dry_run: true,
      admin_view: false,
    });
    expect(r.data.items.map((i: any) => i.rule_id)).toEqual([1, 3]);
    expect(r.data.items[0]).toEqual({
      rule_id: 1,
      user_id: "alice",
      prompt: "When notes.created: rule 1",
      status: "active",
      event_type: "notes.created",
    });
    expect(r.refresh_panels).toEqual([]); // a preview re-renders nothing
    expect(writes()).toEqual([]);
  });

  it("a real delete without confirm=true stays a preview (the port enforces what the original only documents)", async () => {
    const r = await alice().call("bulk_automation_action", { operation: "delete", rule_ids: [1, 2], dry_run: false });
    expect(r.data).toMatchObject({ dry_run: true, confirm_required: true, selected: 2 });
    expect(r.summary).toMatch(/^DRY RUN — delete would affect 2 rule\(s\)\. Deleting needs confirm=true/);
    expect(writes()).toEqual([]);
    const done = await alice().call("bulk_automation_action", {
      operation: "delete",
      rule_ids: [1, 2],
      dry_run: false,
      confirm: true,
    });
    expect(done.data).toMatchObject({ dry_run: false, succeeded: [1, 2], failed: [], verdict: "all" });
    expect(done.summary).toBe("Bulk delete: all 2 rule(s) done.");
    expect([...gw.state.rules.keys()]).toEqual([3, 4]);
  });

  it("reports partial failure per rule and keeps going", async () => {
    gw.state.failWrites.add(2);
    const r = await alice().call("bulk_automation_action", { operation: "pause", rule_ids: [1, 2, 3], dry_run: false });
    expect(r.data.succeeded).toEqual([1, 3]);
    expect(r.data.failed).toEqual([
      { rule_id: 2, error: "gateway returned 500: rule 2 is locked by a running trigger" },
    ]);
    expect(r.data.verdict).toBe("partial");
    expect(r.summary).toBe("Bulk pause: partial — 2 of 3 done, 1 failed (#2).");
    expect(gw.state.rules.get(1)!.status).toBe("paused");
    gw.state.failWrites = new Set([1, 3]);
    const none = await alice().call("bulk_automation_action", {
      operation: "resume",
      rule_ids: [1, 3],
      dry_run: false,
    });
    expect(none.data.verdict).toBe("none");
    expect(none.summary).toMatch(/^Bulk resume: none of 2 rule\(s\) could be changed/);
  });

  it("a bulk resume resets the counters of every rule it resumes", async () => {
    const r = await alice().call("bulk_automation_action", { operation: "resume", status: "paused", dry_run: false });
    expect(r.data).toMatchObject({ succeeded: [2], verdict: "all" });
    expect(gw.state.rules.get(2)).toMatchObject({ status: "active", trigger_count: 0 });
    expect(gw.state.rules.get(1)!.trigger_count).toBe(5);
  });

  it("filters select by failing, never-triggered and search; an admin may select by owner", async () => {
    const failing = await alice().call("bulk_automation_action", { operation: "pause", failing_only: true });
    expect(failing.data.items.map((i: any) => i.rule_id)).toEqual([3]);
    const text = await alice().call("bulk_automation_action", { operation: "pause", search: "rule 2" });
    expect(text.data.items.map((i: any) => i.rule_id)).toEqual([2]);
    const root = session({ user: "root", gatewayUrl: gw.url });
    const bobs = await root.call("bulk_automation_action", { operation: "pause", user_id: "bob", dry_run: false });
    expect(bobs.data).toMatchObject({ admin_view: true, succeeded: [4] });
    const empty = await root.call("bulk_automation_action", { operation: "pause", user_id: "nobody", dry_run: false });
    expect(empty.summary).toBe("No rules matched: nothing to pause.");
  });

  it("refuses to act when the rule list cannot be read", async () => {
    gw.state.failAll = true;
    const r = await alice().call("bulk_automation_action", { operation: "pause", rule_ids: [1], dry_run: false });
    expect(r).toMatchObject({ error_code: "GATEWAY_UNAVAILABLE", retryable: true });
    expect(writes()).toEqual([]);
  });
});
