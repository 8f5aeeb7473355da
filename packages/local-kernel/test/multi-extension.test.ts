// SPEC 7.6 through a real kernel over HTTP: two extensions in one kernel, qualified names, AMBIGUOUS_TOOL, chat
// routing over one catalog, and ctx.extensions.call with scope, cycle and not-found checks, audited with caller_app_id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CALL_DEPTH, serveExtensionCall } from "../src/federation/extension-calls.js";
import { resolveName } from "../src/federation/names.js";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

type K = Awaited<ReturnType<Awaited<ReturnType<typeof loadKernel>>["createKernel"]>>;
let platDir: string;
let partnerDir: string;
let k: K;
const post = (path: string, body: unknown, user = "alice") => req(k.url!, k.token, "POST", path, { body, user });

beforeAll(async () => {
  const { createKernel } = await loadKernel();
  platDir = await buildFixture("platform.ts");
  partnerDir = await buildFixture("partner.ts");
  k = await createKernel({ extensionDirs: [platDir, partnerDir], port: 0, users: [{ id: "alice" }, { id: "bob" }] });
});
afterAll(async () => {
  await k?.close();
  cleanup(platDir);
  cleanup(partnerDir);
});

describe("names across extensions (pure)", () => {
  const apps = [
    { appId: "plat", names: ["create_item", "sync_items"] },
    { appId: "partner", names: ["create_item", "lookup"] },
  ];
  it("qualified always, bare when unique, AMBIGUOUS_TOOL otherwise, undefined when nobody has it", () => {
    expect(resolveName("partner__create_item", apps)).toEqual({ appId: "partner", name: "create_item" });
    expect(resolveName("sync_items", apps)).toEqual({ appId: "plat", name: "sync_items" });
    expect(() => resolveName("create_item", apps)).toThrow(/plat__create_item, partner__create_item/);
    expect(resolveName("nope", apps)).toBeUndefined();
    expect(resolveName("ghost__create_item", apps)).toBeUndefined();
  });
});

describe("call depth (pure checks before anything runs)", () => {
  it(`a chain of ${MAX_CALL_DEPTH} apps cannot call an eighth: CALL_DEPTH_EXCEEDED; an app on the stack: CIRCULAR_CALL`, async () => {
    const kernels = new Map<string, any>(["a", "b", "c", "d", "e", "f", "g", "h"].map((id) => [id, {}]));
    const user = { id: "alice" } as any;
    const base = { user, name: "x", params: {} };
    await expect(
      serveExtensionCall(
        { kernels, from: "g", timeoutMs: 1000 },
        { ...base, appId: "h", stack: ["a", "b", "c", "d", "e", "f", "g"] },
      ),
    ).rejects.toMatchObject({ code: "CALL_DEPTH_EXCEEDED" });
    await expect(
      serveExtensionCall({ kernels, from: "b", timeoutMs: 1000 }, { ...base, appId: "a", stack: ["a", "b"] }),
    ).rejects.toMatchObject({ code: "CIRCULAR_CALL" });
    await expect(
      serveExtensionCall({ kernels, from: "a", timeoutMs: 1000 }, { ...base, appId: "zz", stack: [] }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("two extensions in one kernel", () => {
  it("/v1/tools lists both with app_id and qualified names; ambiguous bare names are marked", async () => {
    const r = await req(k.url!, k.token, "GET", "/v1/tools", { user: "alice" });
    expect(r.status).toBe(200);
    const names = r.json.tools.map((t: any) => t.qualified_name);
    expect(names).toEqual(expect.arrayContaining(["plat__create_item", "partner__create_item", "plat__sync_items"]));
    expect(r.json.tools.find((t: any) => t.qualified_name === "partner__create_item")).toMatchObject({
      app_id: "partner",
      ambiguous: true,
    });
    expect(r.json.tools.find((t: any) => t.name === "sync_items").ambiguous).toBeUndefined();
  });

  it("a bare name owned by both is 409 AMBIGUOUS_TOOL; qualified names reach each extension's own state", async () => {
    const amb = await post("/v1/call/create_item", { args: { title: "x" } });
    expect(amb.status).toBe(409);
    expect(amb.json.error).toMatchObject({ code: "AMBIGUOUS_TOOL" });
    expect(amb.json.error.message).toContain("plat__create_item");
    const a = await post("/v1/call/plat__create_item", { args: { title: "in plat" } });
    expect(a.json.outcome).toBe("completed");
    const b = await post("/v1/call/partner__create_item", { args: { title: "in partner" } });
    expect(b.json.outcome).toBe("completed");
    const unique = await post("/v1/call/sync_items", { args: {} });
    expect(unique.json.outcome).toBe("completed");
    // each has its own partition: plat counts one item for alice, partner's write did not land there
    const count = await post("/v1/call/count_plat_items", { args: {} });
    expect(count.json.results[0].data).toMatchObject({ status: "success", data: { count: 1, user: "alice" } });
  });

  it("ctx.extensions.call runs the callee for the same user and audits the hop with caller_app_id", async () => {
    const r = await k.call("bob", "count_plat_items", {});
    expect(r.outcome).toBe("completed");
    expect((r.results[0] as any).data).toMatchObject({ status: "success", data: { count: 0, user: "bob" } });
    const rows = k.audit(50, "bob");
    const hop = rows.find((x) => x.tool === "__expose__count_items");
    expect(hop).toMatchObject({ app_id: "plat", caller_app_id: "partner", status: "executed", action_type: "read" });
  });

  it("scope, cycle, unknown method and bad params are refused with their codes", async () => {
    // plat holds extensions:read, not partner:write / extensions:write
    const forbidden = await k.call("alice", "write_partner", {});
    expect(forbidden.calls[0]).toMatchObject({ status: "failed", code: "FORBIDDEN_SCOPE" });
    const allowed = await k.call("alice", "ask_partner", {});
    expect((allowed.results[0] as any).data).toMatchObject({ data: { q: "x", by: "alice" } });
    const cycle = await k.call("alice", "start_cycle", {});
    expect(cycle.calls[0]).toMatchObject({ status: "failed", code: "CIRCULAR_CALL" });
    const unknown = await k.call("alice", "call_unknown", {});
    expect(unknown.calls[0]).toMatchObject({ status: "failed", code: "NOT_FOUND" });
    expect(unknown.reply).not.toContain("Something went wrong");
    const bad = await k.call("alice", "bad_params", {});
    expect(bad.outcome).toBe("failed");
  });

  it("chat turns are routed over one catalog of both extensions, and the turn says where it went", async () => {
    const t = await post("/v1/chat/turn", { message: "schedule a meeting about the roadmap" });
    expect(t.status).toBe(200);
    expect(t.json.routing).toMatchObject({ app_id: "partner", reason: "plan" });
    const s = await post("/v1/chat/turn", { message: "sync my items" });
    expect(s.json.routing).toMatchObject({ app_id: "plat" });
  });

  it("skeleton, audit and health cover every loaded extension", async () => {
    const sk = await req(k.url!, k.token, "GET", "/v1/skeleton", { user: "alice" });
    expect(sk.json.sections.map((s: any) => s.app_id)).toContain("plat");
    const h = await req(k.url!, k.token, "GET", "/v1/health", {});
    expect(h.json.extensions.map((e: any) => e.app_id)).toEqual(["plat", "partner"]);
    const audit = await req(k.url!, k.token, "GET", "/v1/audit?limit=200", { user: "alice" });
    const rows = Array.isArray(audit.json) ? audit.json : audit.json.rows;
    expect(new Set(rows.map((r: any) => r.app_id))).toEqual(new Set(["plat", "partner"]));
  });
});
