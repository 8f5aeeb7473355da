// Who sees and manages what: non-admins see only their rules, admins see the tenant with "owner X" suffixes, the
// role lookup is cached, and a failed rule list fails open to the gateway's own answer.
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
  seedRule(gw.state, { id: 1, user_id: "alice", created_at: "2026-01-01T10:00:00Z" });
  seedRule(gw.state, { id: 2, user_id: "alice", created_at: "2026-01-05T10:00:00Z", status: "paused" });
  seedRule(gw.state, { id: 3, user_id: "bob", prompt: "When notes.created: bob's secret plan" });
  seedRule(gw.state, { id: 4, user_id: "carol", tenant_id: "other" });
  gw.state.roles = { alice: "user", bob: "user", root: "admin" };
});
const writes = () => gw.state.requests.filter((r) => r.method === "PATCH" || r.method === "DELETE");

describe("visibility", () => {
  it("a non-admin lists only their own rules, and a user_id filter does not widen that", async () => {
    const alice = session({ user: "alice", gatewayUrl: gw.url });
    const all = await alice.call("list_automations");
    expect(all.data.items.map((r: any) => r.rule_id)).toEqual([2, 1]); // newest first
    expect(all.data).toMatchObject({ total: 2, total_matched: 2, truncated: false, admin_view: false });
    expect(all.summary).toBe("You have 2 automation rule(s)");
    const sneaky = await alice.call("list_automations", { user_id: "bob" });
    expect(sneaky.data.items.map((r: any) => r.user_id)).toEqual(["alice", "alice"]);
    expect(sneaky.data.filter).toEqual({ user_id_ignored: true });
    const owners = await alice.call("automation_owners");
    expect(owners.data.owners.map((o: any) => o.user_id)).toEqual(["alice"]);
  });

  it("someone else's rule and a missing rule get two different errors, and nothing about the rule leaks", async () => {
    const alice = session({ user: "alice", gatewayUrl: gw.url });
    const theirs = await alice.call("get_automation_details", { rule_id: 3 });
    expect(theirs).toMatchObject({ status: "error", error_code: "RULE_NOT_YOURS" });
    expect(theirs.error).toBe("Rule #3 belongs to another user -- you can only manage your own automations.");
    expect(JSON.stringify(theirs)).not.toContain("secret plan");
    const missing = await alice.call("get_automation_details", { rule_id: 99 });
    expect(missing.error_code).toBe("RULE_NOT_FOUND");
    expect(missing.error).toMatch(/^Rule #99 does not exist in this tenant\./);
    // rule 4 exists, but in another tenant: for alice it does not exist
    expect((await alice.call("get_automation_details", { rule_id: 4 })).error_code).toBe("RULE_NOT_FOUND");
    for (const fn of ["pause_automation", "resume_automation", "delete_automation"])
      expect((await alice.call(fn, { rule_id: 3 })).error_code).toBe("RULE_NOT_YOURS");
    expect((await alice.call("update_automation", { rule_id: 3, notify_mode: "off" })).error_code).toBe(
      "RULE_NOT_YOURS",
    );
    expect(writes()).toEqual([]);
  });

  it("an admin sees every rule of the tenant, filters by owner, and gets owner suffixes", async () => {
    const root = session({ user: "root", gatewayUrl: gw.url });
    const all = await root.call("list_automations");
    expect(all.data.items.map((r: any) => r.rule_id).sort()).toEqual([1, 2, 3]); // not carol's other tenant
    expect(all.summary).toBe("System has 3 automation rule(s) (admin view)");
    const bobs = await root.call("list_automations", { user_id: "bo" });
    expect(bobs.data.items.map((r: any) => r.rule_id)).toEqual([3]);
    expect(bobs.summary).toBe("System has 1 automation rule(s) (admin view) [filtered, 1 owner(s)]");
    const details = await root.call("get_automation_details", { rule_id: 3 });
    expect(details.summary).toBe("Rule #3 (owner bob): When notes.created: bob's secret plan");
    const paused = await root.call("pause_automation", { rule_id: 3 });
    expect(paused.summary).toBe("Rule #3 paused (owner bob)");
    expect(paused.data).toEqual({ rule_id: 3, status: "paused", user_id: "bob" });
    const own = await root.call("list_automations", { user_id: "alice", status: "paused" });
    expect(own.data.items.map((r: any) => r.rule_id)).toEqual([2]);
    const owners = await root.call("automation_owners");
    expect(owners.data.owners.map((o: any) => [o.user_id, o.total, o.paused])).toEqual([
      ["alice", 2, 1],
      ["bob", 1, 1],
    ]);
    expect(owners.data.owners[0].rule_ids).toEqual([1, 2]);
    const noIds = await root.call("automation_owners", { include_rule_ids: false });
    expect(noIds.data.owners[0]).not.toHaveProperty("rule_ids");
  });

  it("the role comes from GET /v1/users/{uid} once, then from ctx.cache", async () => {
    const root = session({ user: "root", gatewayUrl: gw.url });
    await root.call("list_automations");
    await root.call("list_automations");
    await root.call("automation_owners");
    expect(gw.state.requests.filter((r) => r.path === "/v1/users/root")).toHaveLength(1);
    expect(await root.ctx.cache.get("gateway:role")).toEqual({ role: "admin" });
  });

  it("an unknown user is no admin, and a failed lookup is not cached", async () => {
    const dave = session({ user: "dave", gatewayUrl: gw.url });
    expect((await dave.call("list_automations")).data.admin_view).toBe(false);
    await dave.call("list_automations");
    expect(gw.state.requests.filter((r) => r.path === "/v1/users/dave")).toHaveLength(2);
  });

  it("when the rule list cannot be read the check fails open and the gateway decides", async () => {
    gw.state.failAll = true;
    const alice = session({ user: "alice", gatewayUrl: gw.url });
    const ok = await alice.call("pause_automation", { rule_id: 1 });
    expect(ok.summary).toBe("Rule #1 paused");
    expect(gw.state.rules.get(1)!.status).toBe("paused");
    const gone = await alice.call("pause_automation", { rule_id: 99 });
    expect(gone).toMatchObject({ status: "error", error_code: "RULE_NOT_FOUND" });
    expect(gone.error).toBe("pause_automation: gateway returned 404: Rule 99 not found");
    // reads cannot fail open: they say the gateway is unavailable, retryable
    const details = await alice.call("get_automation_details", { rule_id: 1 });
    expect(details).toMatchObject({ error_code: "GATEWAY_UNAVAILABLE", retryable: true });
    const list = await alice.call("list_automations");
    expect(list.data.items).toEqual([]);
    expect(list.summary).toMatch(/the gateway could not be read \(gateway returned 500: database unavailable\)/);
  });

  it("without the service token nothing is sent and the error names the secret", async () => {
    const alice = session({ user: "alice", gatewayUrl: gw.url, token: false });
    const r = await alice.call("get_automation_details", { rule_id: 1 });
    expect(r.error_code).toBe("GATEWAY_UNAVAILABLE");
    expect(r.error).toContain("secret service_token");
    expect(gw.state.requests).toEqual([]);
  });
});
