// SPEC 7.1 health through a real kernel over HTTP: GET /v1/health runs the extension's healthCheck fresh and
// carries `extension: { status, message?, checked_at }`; ok, degraded, a throw, a malformed answer and a hang
// (bounded by limits.healthTimeoutMs) each come out as the SPEC says; the periodic check runs on its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformTool } from "@imperal/sdk/patterns";
import { buildFixture, cleanup, req } from "./helpers.js";
import { Harness, until } from "./lifecycle-helpers.js";

let dir: string;
const h = new Harness();

beforeAll(async () => {
  dir = await buildFixture("lifecycle.ts", undefined, { tag: "1.0.0" });
});
afterAll(async () => {
  await h.closeAll();
  cleanup(dir);
});

const bootWith = (mode: string, limits = {}) => h.boot(dir, { config: { app: { health: { mode } } }, limits });
const health = async (k: Awaited<ReturnType<typeof bootWith>>) => {
  const r = await req(k.url!, k.token, "GET", "/v1/health");
  expect(r.status).toBe(200);
  return r.json;
};

describe("the extension's health in /v1/health", () => {
  it("ok: a fresh check on every GET, with checked_at; kernel.health() shows the last one synchronously", async () => {
    const k = await bootWith("ok");
    const a = await health(k);
    expect(a.ok).toBe(true);
    expect(a.extension.status).toBe("ok");
    expect(Date.parse(a.extension.checked_at)).toBeGreaterThan(Date.now() - 60_000);
    await new Promise((r) => setTimeout(r, 15));
    const b = await health(k);
    expect(Date.parse(b.extension.checked_at)).toBeGreaterThan(Date.parse(a.extension.checked_at));
    expect(k.health().extension).toEqual(b.extension);
    // Health checks are not audited (they run every minute).
    expect(k.audit(100, undefined).filter((r) => r.tool === platformTool({ kind: "health" }))).toEqual([]);
    expect((await req(k.url!, undefined, "GET", "/v1/health")).status).toBe(401);
  });

  it("degraded with its message and details", async () => {
    const k = await bootWith("degraded");
    expect((await health(k)).extension).toMatchObject({
      status: "degraded",
      message: "slow backend",
      details: { p95: 900 },
    });
  });

  it("a throwing check is unhealthy with the reason", async () => {
    const k = await bootWith("throw");
    expect((await health(k)).extension).toMatchObject({ status: "unhealthy", message: "backend unreachable" });
  });

  it("a malformed answer is unhealthy", async () => {
    const k = await bootWith("bad");
    const e = (await health(k)).extension;
    expect(e.status).toBe("unhealthy");
    expect(e.message).toMatch(/no \{ status/);
  });

  it("a hanging check is unhealthy once the health timeout passes, and the kernel keeps serving", async () => {
    const k = await bootWith("hang", { healthTimeoutMs: 400 });
    const t0 = Date.now();
    const e = (await health(k)).extension;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(e).toMatchObject({ status: "unhealthy", message: "The health check did not answer within 400 ms." });
    const r = await req(k.url!, k.token, "POST", "/v1/call/state", { user: "alice", body: { args: {} } });
    expect(r.status).toBe(200);
  });

  it("runs at start and then every healthIntervalMs without any request", async () => {
    const k = await bootWith("ok", { healthIntervalMs: 150 });
    expect(await until(() => k.health().extension !== undefined, 3000)).toBe(true);
    const first = k.health().extension!.checked_at;
    expect(await until(() => k.health().extension!.checked_at !== first, 3000)).toBe(true);
  });
});
