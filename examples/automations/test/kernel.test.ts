// Automations in a real kernel over HTTP on 127.0.0.1: built with `imperal build`, config and the service token
// in .imperal/, the fake gateway on loopback. Covers the kernel's confirmation model for the destructive tools.
/* eslint-disable @typescript-eslint/no-explicit-any -- results and UI trees are untyped JSON read by assertions */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKernel } from "@imperal/local-kernel";
import { SERVICE_TOKEN, resetGateway, seedRule, startGateway, type StubRequest } from "./gateway-stub.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(dirname(createRequire(import.meta.url).resolve("@imperal/cli/package.json")), "bin", "imperal.mjs");

let dir: string;
let gw: Awaited<ReturnType<typeof startGateway>>;
let kernel: Awaited<ReturnType<typeof createKernel>>;
let url: string;
const logs: string[] = [];

async function post(path: string, body: unknown, user = "alice", headers: Record<string, string> = {}) {
  const res = await fetch(url + path, {
    method: "POST",
    headers: {
      authorization: `Bearer ${kernel.token}`,
      "x-acting-user": user,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as any };
}
const call = (tool: string, args: unknown, user = "alice", headers: Record<string, string> = {}) =>
  post(`/v1/call/${tool}`, { args }, user, headers);
const fromPanel = { "x-imperal-origin": "panel" };
const writes = (): StubRequest[] => gw.state.requests.filter((r) => r.method === "PATCH" || r.method === "DELETE");

beforeAll(async () => {
  execFileSync(process.execPath, [cli, "build", root], { stdio: "pipe" });
  dir = mkdtempSync(join(tmpdir(), "automations-kernel-"));
  cpSync(join(root, "dist"), join(dir, "dist"), { recursive: true });
  cpSync(join(root, "imperal.json"), join(dir, "imperal.json"));
  gw = await startGateway();
  mkdirSync(join(dir, ".imperal"), { recursive: true });
  writeFileSync(join(dir, ".imperal", "config.json"), JSON.stringify({ app: { gateway: { url: gw.url } } }));
  writeFileSync(join(dir, ".imperal", "secrets.json"), JSON.stringify({ service_token: SERVICE_TOKEN }));
  kernel = await createKernel({
    extensionDir: dir,
    port: 0,
    users: [
      { id: "alice" },
      { id: "bob" },
      { id: "root" },
      // this user turned confirmations of destructive actions off (kernel setting, SPEC 4)
      { id: "quick", confirmations: { enabled: true, actions: { destructive: false } } },
    ],
    onLog: (_level, message) => logs.push(message),
  });
  url = kernel.url!;
}, 120_000);
afterAll(async () => {
  await kernel?.close();
  await gw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  resetGateway(gw.state);
  gw.state.roles = { alice: "user", bob: "user", root: "admin", quick: "user" };
  seedRule(gw.state, { id: 1, user_id: "alice", trigger_count: 3 });
  seedRule(gw.state, { id: 2, user_id: "alice", status: "paused" });
  seedRule(gw.state, { id: 3, user_id: "bob" });
  seedRule(gw.state, { id: 4, user_id: "quick" });
});

describe("automations through a real kernel", () => {
  it("serves 9 functions of tool_automations_chat, the rules skeleton and two panels", async () => {
    const res = await fetch(`${url}/v1/tools`, { headers: { authorization: `Bearer ${kernel.token}` } });
    const t = (await res.json()) as { app_id: string; tools: any[]; panels: any[] };
    expect(t.app_id).toBe("automations");
    const fns = t.tools.filter((x) => x.kind === "chat_function");
    expect(fns.map((f) => f.name).sort()).toEqual([
      "automation_owners",
      "bulk_automation_action",
      "create_automation",
      "delete_automation",
      "get_automation_details",
      "list_automations",
      "pause_automation",
      "resume_automation",
      "update_automation",
    ]);
    expect(new Set(fns.map((f) => f.owner_chat_tool ?? f.ownerChatTool))).toEqual(new Set(["tool_automations_chat"]));
    expect(t.tools.some((x) => x.name === "skeleton_refresh_rules")).toBe(true);
    expect(t.panels.map((p) => p.panel_id).sort()).toEqual(["sidebar", "workshop"]);
  });

  it("ctx.config points ctx.http at the loopback gateway with the service token; users are isolated", async () => {
    const mine = await call("list_automations", {});
    expect(mine.json.outcome).toBe("completed");
    expect(mine.json.results[0].data.items.map((r: any) => r.rule_id)).toEqual([2, 1]);
    expect(gw.state.requests.find((r) => r.path === "/v1/automations/internal/all")!.query).toEqual({
      tenant_id: "default",
    });
    const admin = await call("list_automations", {}, "root");
    expect(admin.json.results[0].summary).toBe("System has 4 automation rule(s) (admin view)");
    const other = await call("pause_automation", { rule_id: 3 });
    expect(other.json.results[0]).toMatchObject({ status: "error", error_code: "RULE_NOT_YOURS" });
    const owner = await call("pause_automation", { rule_id: 3 }, "root");
    expect(owner.json.results[0].summary).toBe("Rule #3 paused (owner bob)");
  });

  it("a write names its panels (on_event) and the skeleton answers its shape", async () => {
    const created = await call("create_automation", { event_type: "notes.created", action_description: "Tag it" });
    expect(created.json.outcome).toBe("completed");
    expect(created.json.refresh_panels).toEqual(["sidebar", "workshop"]);
    const sk = await post("/v1/skeleton/rules/refresh", undefined);
    expect(sk.json.user).toBe("alice");
    const snap = sk.json.snapshot; // the kernel stores the unwrapped response
    expect(snap).toMatchObject({ total: 3, active: 2, paused: 1, errored: 0 });
    expect(snap.rules_summary.map((r: any) => r.rule_id)).toEqual([1, 2, 5]);
    expect(snap.available_events[0]).toEqual({
      event_type: "system.scheduled",
      description: "Fires on a cron schedule (UTC); the rule needs a schedule.",
    });
  });

  it("delete_automation from HTTP stops at a card; cancel does nothing; accept replays exactly the stored call", async () => {
    const asked = await call("delete_automation", { rule_id: 1 });
    expect(asked.json.outcome).toBe("needs_confirmation");
    expect(asked.json.confirmation.calls).toEqual([{ tool: "delete_automation", args: { rule_id: 1 } }]);
    expect(writes()).toEqual([]);
    const cancelled = await post(`/v1/confirmations/${asked.json.confirmation.id}/cancel`, undefined);
    expect(cancelled.status).toBe(200);
    expect(writes()).toEqual([]);
    expect(gw.state.rules.has(1)).toBe(true);
    expect(
      (await post(`/v1/confirmations/${asked.json.confirmation.id}/accept`, undefined)).status,
    ).toBeGreaterThanOrEqual(400);

    const again = await call("delete_automation", { rule_id: 1 });
    const done = await post(`/v1/confirmations/${again.json.confirmation.id}/accept`, undefined);
    expect(done.json.outcome).toBe("completed");
    expect(writes()).toEqual([{ method: "DELETE", path: "/v1/automations/internal/1", query: {}, body: null }]);
    expect(done.json.results[0].data).toMatchObject({ rule_id: 1, deleted: true, deleted_trigger_count: 3 });
    expect(done.json.refresh_panels).toEqual(["sidebar", "workshop"]);
  });

  it("a chat turn asking to delete stops at a card holding the classified call; accept runs exactly that", async () => {
    const turn = await post("/v1/chat/turn", { message: "delete automation rule 1" });
    expect(turn.json.outcome).toBe("needs_confirmation");
    expect(turn.json.confirmation.calls).toEqual([{ tool: "delete_automation", args: { rule_id: 1 } }]);
    expect(writes()).toEqual([]);
    const done = await post(`/v1/confirmations/${turn.json.confirmation.id}/accept`, undefined);
    expect(done.json.results[0].summary).toBe("Rule #1 deleted");
    expect(writes()).toEqual([{ method: "DELETE", path: "/v1/automations/internal/1", query: {}, body: null }]);
  });

  it("a real bulk run is confirmed first, and the accepted call sends the gateway exactly what was asked", async () => {
    const args = { operation: "pause", rule_ids: [1, 2], dry_run: false };
    const asked = await call("bulk_automation_action", args);
    expect(asked.json.outcome).toBe("needs_confirmation");
    const stored = asked.json.confirmation.calls[0];
    expect(stored.tool).toBe("bulk_automation_action");
    expect(stored.args).toEqual(args);
    expect(writes()).toEqual([]);
    const done = await post(`/v1/confirmations/${asked.json.confirmation.id}/accept`, undefined);
    expect(done.json.results[0].data).toMatchObject({ succeeded: [1, 2], verdict: "all", dry_run: false });
    expect(done.json.refresh_panels).toEqual(["sidebar", "workshop"]);
    expect(writes()).toEqual([
      { method: "PATCH", path: "/v1/automations/internal/1", query: {}, body: { status: "paused" } },
      { method: "PATCH", path: "/v1/automations/internal/2", query: {}, body: { status: "paused" } },
    ]);
  });

  it("the kernel confirms per action type, so a bulk dry run asks too; accepted, it only previews", async () => {
    const asked = await call("bulk_automation_action", { operation: "delete", status: "active" });
    expect(asked.json.outcome).toBe("needs_confirmation");
    const done = await post(`/v1/confirmations/${asked.json.confirmation.id}/accept`, undefined);
    expect(done.json.results[0].summary).toBe(
      "DRY RUN — delete would affect 1 rule(s). Re-run with dry_run=false to apply.",
    );
    expect(writes()).toEqual([]);
  });

  it("a panel's Delete (X-Imperal-Origin: panel) follows the user's confirmation setting, both ways", async () => {
    const gated = await call("delete_automation", { rule_id: 1 }, "alice", fromPanel);
    expect(gated.json.outcome).toBe("needs_confirmation");
    expect(writes()).toEqual([]);
    const direct = await call("delete_automation", { rule_id: 4 }, "quick", fromPanel);
    expect(direct.json.outcome).toBe("completed");
    expect(direct.json.results[0].summary).toBe("Rule #4 deleted");
    expect(writes()).toEqual([{ method: "DELETE", path: "/v1/automations/internal/4", query: {}, body: null }]);
    // the same setting applies to the chat/HTTP path: quick's bulk runs without a card
    const bulk = await call("bulk_automation_action", { operation: "pause", rule_ids: [4] }, "quick");
    expect(bulk.json.outcome).toBe("completed");
  });

  it("both panels render through the kernel", async () => {
    const side = await post("/v1/panels/sidebar", { props: { __center_opened: true } });
    expect(side.json.outcome).toBe("completed");
    expect(JSON.stringify(side.json.ui)).toContain('"label":"Rules (2)"');
    const shop = await post("/v1/panels/workshop", { props: { edit_rule_id: 2 } });
    expect(shop.json.outcome).toBe("completed");
    expect(JSON.stringify(shop.json.ui)).toContain('"confirm":"Save changes to rule #2?"');
  });

  it("automation.triggered reaches the subscriber in the user's ctx, which only logs it", async () => {
    const user = kernel.internal.user("alice")!;
    const event = {
      type: "automation.triggered",
      app_id: "platform",
      user_id: "alice",
      tenant_id: "default",
      ts: new Date().toISOString(),
      data: { rule_id: 7 },
    };
    const run = await kernel.internal.platform.run({
      user,
      target: { kind: "event", type: "automation.triggered" },
      args: { event, index: 0 },
      kind: "chat",
      timeoutMs: 10_000,
      source: "event",
    });
    expect(run.status).toBe("executed");
    expect(logs.some((l) => l.includes("automation.triggered: rule #7"))).toBe(true);
    expect(kernel.audit(5, "alice").some((r) => r.tool === "__event__automation.triggered")).toBe(true);
    expect(gw.state.requests).toEqual([]);
  });
});
