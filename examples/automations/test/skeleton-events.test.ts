// The `rules` skeleton's shape and degradation, and the automation.triggered subscription (log only).
/* eslint-disable @typescript-eslint/no-explicit-any -- results and UI trees are untyped JSON read by assertions */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetGateway, seedRule, startGateway } from "./gateway-stub.js";
import { session } from "./helpers.js";

let gw: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(() => resetGateway(gw.state));

describe("skeleton rules", () => {
  it("counts the user's rules, lists five of them and the event catalog", async () => {
    for (let i = 1; i <= 7; i++)
      seedRule(gw.state, {
        user_id: "alice",
        status: i <= 4 ? "active" : i <= 6 ? "paused" : "error",
        prompt: `When notes.created: ${"x".repeat(100)}`,
      });
    seedRule(gw.state, { user_id: "bob" });
    const s = await session({ user: "alice", gatewayUrl: gw.url }).skeleton();
    expect(Object.keys(s)).toEqual(["total", "active", "paused", "errored", "rules_summary", "available_events"]);
    expect(s).toMatchObject({ total: 7, active: 4, paused: 2, errored: 1 });
    expect(s.rules_summary).toHaveLength(5);
    expect(s.rules_summary[0]).toEqual({
      rule_id: 1,
      prompt: `When notes.created: ${"x".repeat(60)}`,
      status: "active",
    });
    expect(s.available_events.map((e: any) => e.event_type)).toContain("system.scheduled");
    expect(
      s.available_events.every(
        (e: any) => Object.keys(e).join() === "event_type,description" && e.description.length <= 100,
      ),
    ).toBe(true);
  });

  it("a gateway failure degrades to zeros and an empty list", async () => {
    seedRule(gw.state, { user_id: "alice" });
    gw.state.failAll = true;
    const s = await session({ user: "alice", gatewayUrl: gw.url }).skeleton();
    expect(s).toMatchObject({ total: 0, active: 0, paused: 0, errored: 0, rules_summary: [] });
  });

  it("config catalog.extra adds a deployment's events to the catalog and to create's validation", async () => {
    const { createTestContext, invoke } = await import("@imperal/sdk/testing");
    const { ext } = await import("../src/index.js");
    const { forward } = await import("./helpers.js");
    const ctx = createTestContext({
      ext,
      user: { imperalId: "alice", tenantId: "default" },
      secrets: { service_token: (await import("./gateway-stub.js")).SERVICE_TOKEN },
      config: {
        app: {
          gateway: { url: gw.url },
          catalog: { extra: [{ event_type: "mail.received", description: "A mail arrived" }] },
        },
      },
      http: forward,
    });
    const out = await invoke(
      ext,
      "create_automation",
      { event_type: "mail.received", action_description: "Triage it" },
      { ctx },
    );
    expect(out.ok && (out.result as any).status).toBe("success");
  });
});

describe("automation.triggered", () => {
  it("logs the rule id and changes nothing", async () => {
    const s = session({ user: "alice", gatewayUrl: gw.url });
    const out = await s.event("automation.triggered", { rule_id: 42, outcome: "success" });
    expect(out).toMatchObject({ ok: true, result: { delivered: 1 } });
    expect(s.ctx.test.logs).toEqual([{ message: "automation.triggered: rule #42", level: "info" }]);
    expect(gw.state.requests).toEqual([]);
  });
});
