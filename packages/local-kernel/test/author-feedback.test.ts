// The author's feedback loop in the kernel: ctx.log lines and finished calls as events, a thrown handler's stack
// mapped through the bundle's source map (event + /v1/health), users still answered in plain words.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { build } from "esbuild";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cleanup, here, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;

let dir: string;
let k: K;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "imperal-author-"));
  mkdirSync(join(dir, "dist"), { recursive: true });
  const outfile = join(dir, "dist", "extension.mjs");
  await build({
    entryPoints: [join(here, "fixtures", "author.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    sourcemap: "linked",
    logLevel: "silent",
  });
  const sdk = await import("@imperal/sdk");
  const mod = await import(pathToFileURL(outfile).href);
  const ext = Object.values(mod).find((v) => sdk.isExtension(v));
  writeFileSync(join(dir, "imperal.json"), sdk.serializeManifest(sdk.generateManifest(ext as never)));
  k = await createKernel({ extensionDir: dir, port: 0, writeDiscovery: false });
});
afterAll(async () => {
  await k?.close();
  cleanup(dir);
});

describe("author feedback events", () => {
  it("publishes ctx.log lines and one call_finished per call, with user, outcome and duration", async () => {
    const seen: Array<{ type: string; userId?: string; data: Record<string, unknown> }> = [];
    const off = k.onEvent((e) => seen.push(e as never));
    await k.call("dev", "shout", {});
    await k.call("dev", "shout", { nope: 1 }); // rejected by the schema guard: a call_finished too
    off();
    expect(seen.find((e) => e.type === "log")).toMatchObject({
      userId: "dev",
      data: { level: "warn", tool: "shout", message: "shouting now" },
    });
    const done = seen.filter((e) => e.type === "call_finished");
    expect(done.map((e) => e.data.status)).toContain("executed");
    expect(done[0]).toMatchObject({ userId: "dev", data: { tool: "shout", action_type: "read" } });
    expect(typeof done[0]!.data.duration_ms).toBe("number");
  });

  it("maps a thrown handler's stack to the source file, in the event and in /v1/health, never in the reply", async () => {
    const seen: Array<{ type: string; data: Record<string, unknown> }> = [];
    const off = k.onEvent((e) => seen.push(e as never));
    const turn = await k.call("dev", "explode", {});
    off();
    expect(JSON.stringify({ reply: turn.reply, results: turn.results })).not.toMatch(/kaboom|author\.ts|\bat /);
    const ev = seen.find((e) => e.type === "handler_error");
    expect(ev?.data).toMatchObject({ tool: "explode", user: "dev", code: "HANDLER_ERROR" });
    expect(String(ev?.data.frame)).toMatch(/fixtures\/author\.ts:22:\d+$/);
    expect(String(ev?.data.stack)).toMatch(/Error: kaboom in explode/);
    const h = await req(k.url!, k.token, "GET", "/v1/health");
    expect(h.json.last_handler_error).toMatchObject({ tool: "explode", code: "HANDLER_ERROR", frame: ev?.data.frame });
  });

  it("answers 400 BAD_REQUEST with a fix to a call body without the args wrapper", async () => {
    const r = await req(k.url!, k.token, "POST", "/v1/call/shout", { body: { loud: true }, user: "dev" });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "BAD_REQUEST" });
    expect(r.json.error.fix).toContain('{"args": {"loud":true}}');
    const ok = await req(k.url!, k.token, "POST", "/v1/call/shout", { body: { args: {} }, user: "dev" });
    expect(ok.status).toBe(200);
  });
});
