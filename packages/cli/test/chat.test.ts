import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import type net from "node:net";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { writeDiscovery } from "../src/dev/discovery.js";

const BIN = fileURLToPath(new URL("../bin/imperal.mjs", import.meta.url));
const tmp = () => mkdtempSync(path.join(tmpdir(), "imperal-chat-"));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** Run the CLI binary; resolves with exit code and output. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fake kernel answering /v1/chat/turn like SPEC 4, to test the client side in isolation. */
async function fakeKernel(token: string) {
  const seen: Array<{ url: string; user?: string; auth?: string; body: unknown }> = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({
        url: req.url ?? "",
        user: req.headers["x-acting-user"] as string,
        auth: req.headers.authorization,
        body: body ? JSON.parse(body) : undefined,
      });
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { code: "UNAUTHORIZED", message: "bad token" } }));
      }
      const msg = (JSON.parse(body || "{}") as { message?: string }).message ?? "";
      const turn = msg.includes("crash")
        ? {
            turn_id: "t3",
            classification: { intent: "action", confidence: 0.9, plan: [{ tool: "boom", args: {} }] },
            outcome: "failed",
            code: "HANDLER_ERROR",
            reply: "Sorry, something went wrong.",
            results: [{ status: "error", summary: "Sorry.", data: null, error: "Sorry.", error_code: "HANDLER_ERROR" }],
          }
        : msg.includes("forbidden")
          ? {
              turn_id: "t2",
              classification: { intent: "action", confidence: 0.9, plan: [{ tool: "delete_all", args: {} }] },
              outcome: "rejected",
              code: "FORBIDDEN_SCOPE",
              reply: "You are not allowed to do that.",
              results: [],
            }
          : {
              turn_id: "t1",
              classification: { intent: "action", confidence: 0.8, plan: [{ tool: "list_notes", args: {} }] },
              outcome: "completed",
              reply: "You have 2 notes.",
              results: [{ status: "success", summary: "You have 2 notes.", data: { total: 2 } }],
            };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(turn));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, seen };
}

describe("imperal chat", () => {
  it("exits 3 with a hint when no kernel is running", async () => {
    const r = await runCli(["chat", "hello"], { cwd: tmp() });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("E_NO_KERNEL");
    expect(r.stderr).toContain("imperal dev");
  });

  it("exits 3 when the discovery file is stale, and prints a JSON envelope with --json", async () => {
    const dir = tmp();
    writeDiscovery(dir, { url: "http://127.0.0.1:9", port: 9, token: "x", pid: 2 ** 22 + 4321, dir });
    const r = await runCli(["--json", "chat", "hello", "--dir", dir]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, command: "chat", error: { code: "E_NO_KERNEL" } });
  });

  it("exits 2 without a message", async () => {
    const r = await runCli(["chat"], { cwd: tmp() });
    expect(r.code).toBe(2);
  });

  it("finds the kernel through .imperal/dev.json walking up, sends the user, prints the reply", async () => {
    const k = await fakeKernel("secret");
    const dir = tmp();
    writeDiscovery(dir, { url: k.url, port: k.port, token: "secret", pid: process.pid, dir });
    const sub = path.join(dir, "src");
    mkdirSync(sub);
    const r = await runCli(["chat", "list my notes", "--user", "alice"], { cwd: sub });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("You have 2 notes.");
    expect(k.seen[0]).toMatchObject({
      url: "/v1/chat/turn",
      user: "alice",
      auth: "Bearer secret",
      body: { message: "list my notes" },
    });
  });

  it("prints the turn object with --json and exits 1 when the turn was rejected", async () => {
    const k = await fakeKernel("secret");
    const dir = tmp();
    writeDiscovery(dir, { url: k.url, port: k.port, token: "secret", pid: process.pid, dir });
    const r = await runCli(["chat", "do something forbidden", "--json", "--dir", dir]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      command: "chat",
      outcome: "rejected",
      code: "FORBIDDEN_SCOPE",
      turn_id: "t2",
    });
  });

  it("exits 1 when a handler failed (outcome failed, SPEC 9)", async () => {
    const k = await fakeKernel("secret");
    const dir = tmp();
    writeDiscovery(dir, { url: k.url, port: k.port, token: "secret", pid: process.pid, dir });
    const r = await runCli(["chat", "make it crash", "--dir", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe("Sorry, something went wrong.");
    const j = await runCli(["chat", "make it crash", "--json", "--dir", dir]);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, outcome: "failed", code: "HANDLER_ERROR" });
  });

  it("--url needs a token; --token overrides the discovery file", async () => {
    const k = await fakeKernel("other");
    const dir = tmp();
    const r1 = await runCli(["chat", "hi", "--url", k.url], { cwd: dir, env: { IMPERAL_DEV_TOKEN: "" } });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("E_NO_TOKEN");
    const r2 = await runCli(["chat", "hi", "--url", k.url, "--token", "other"], { cwd: dir });
    expect(r2.code).toBe(0);
    expect(r2.stdout.trim()).toBe("You have 2 notes.");
  });
});
