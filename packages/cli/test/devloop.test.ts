// The author's feedback loop (SPEC 9) on real processes: `imperal --json dev --no-repl` on a temp notes extension,
// real HTTP on 127.0.0.1 and real files.
import { describe, it, expect } from "vitest";
import http from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KernelClient, type TurnObject } from "../src/chat/client.js";
import { builtPrerequisites, runCli, scaffold, startDev } from "./dev-helpers.js";

const missing = builtPrerequisites();
const tokenOf = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token as string;

/** A raw SSE client on `url/v1/events`: collects every frame's text. */
function sse(url: string, token: string) {
  const frames: string[] = [];
  let ended = false;
  const req = http.get(
    `${url}/v1/events`,
    { headers: { authorization: `Bearer ${token}`, "x-acting-user": "dev" } },
    (res) => {
      res.setEncoding("utf8");
      let buf = "";
      res.on("data", (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          frames.push(buf.slice(0, i));
          buf = buf.slice(i + 2);
        }
      });
      res.on("end", () => (ended = true));
    },
  );
  req.on("error", () => (ended = true));
  return {
    frames,
    get ended() {
      return ended;
    },
    close: () => req.destroy(),
  };
}

async function until<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

describe.skipIf(!!missing)("imperal dev: first build broken, then fixed, with an SSE client attached", () => {
  it("stays up (no ERR_STREAM_WRITE_AFTER_END) and the SSE client receives the reload", async () => {
    const dir = scaffold("notes", "loop-crash");
    const file = path.join(dir, "src", "functions.ts");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good + "\nconst broken = ;\n");
    const dev = await startDev(dir, ["--reset-state"]);
    try {
      expect(dev.ready.serving).toBe(false);
      const stream = sse(dev.ready.url, tokenOf(dir));
      await until(() => stream.frames.some((f) => f.includes("imperal dev front")));
      writeFileSync(file, good);
      await until(() => stream.frames.some((f) => f.startsWith("event: build_ok")));
      await dev.waitFor((e) => e.event === "reloaded");
      // the front ends its own stream once the kernel serves; events keep flowing afterwards (a second save)
      await new Promise((r) => setTimeout(r, 500));
      writeFileSync(file, good + "\n// touched\n");
      await dev.waitFor((e) => e.event === "reloaded" && e.generation === 2);
      await new Promise((r) => setTimeout(r, 300));
      expect(dev.proc.exitCode).toBeNull();
      expect(dev.stderr()).not.toMatch(/ERR_STREAM_WRITE_AFTER_END/);
      const h = await new KernelClient(dev.ready.url, tokenOf(dir), "dev").health();
      expect(h.ok).toBe(true);
      stream.close();
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  }, 90_000);
});

describe.skipIf(!!missing)("imperal dev: errors, logs, requests, types and rules in the loop", () => {
  it("maps a handler's stack to src/, logs ctx.log and every call, flags type and validator errors, and keeps users' replies plain", async () => {
    const dir = scaffold("notes", "loop-errors");
    const file = path.join(dir, "src", "functions.ts");
    const good = readFileSync(file, "utf8");
    const marker = "async (ctx, p) => {";
    const at = good.indexOf(marker) + marker.length; // create_note's handler
    const throwing =
      good.slice(0, at) +
      '\n    if (p.title === "explode") {\n      ctx.log("about to explode", "warn");\n      throw new Error("boom in create_note");\n    }' +
      good.slice(at);
    const throwLine = throwing.split("\n").findIndex((l) => l.includes('throw new Error("boom')) + 1;
    writeFileSync(file, throwing);
    const dev = await startDev(dir, ["--reset-state"]);
    try {
      expect(dev.ready.serving).toBe(true);
      const token = tokenOf(dir);
      const client = new KernelClient(dev.ready.url, token, "dev");
      const stream = sse(dev.ready.url, token);
      await until(() => stream.frames.length > 0);
      const turn: TurnObject = await client.call("create_note", { title: "explode" });
      // users get the I-MAGIC-UX sentence only: no stack, no file names
      const userFacing = JSON.stringify({ reply: turn.reply, results: turn.results });
      expect(userFacing).not.toMatch(/boom|functions\.ts|extension\.mjs|\bat /);
      // the dev terminal: the mapped stack, the ctx.log line, the request line
      const herr = await dev.waitFor((e) => e.event === "handler_error");
      expect(herr).toMatchObject({ tool: "create_note", user: "dev", code: "HANDLER_ERROR" });
      expect(String(herr.frame)).toMatch(new RegExp(`^src/functions\\.ts:${throwLine}:\\d+$`));
      expect(String(herr.stack)).toMatch(/boom in create_note/);
      expect(String(herr.stack)).not.toMatch(/dist\/extension\.mjs/);
      expect(await dev.waitFor((e) => e.event === "log")).toMatchObject({
        level: "warn",
        tool: "create_note",
        user: "dev",
        message: "about to explode",
      });
      expect(
        await dev.waitFor((e) => e.event === "request" && e.tool === "create_note" && e.outcome === "failed"),
      ).toMatchObject({ user: "dev", code: "HANDLER_ERROR" });
      // /v1/health: the last handler error, mapped
      const h = (await client.health()) as { last_handler_error?: Record<string, unknown> };
      expect(h.last_handler_error).toMatchObject({
        code: "HANDLER_ERROR",
        tool: "create_note",
        frame: herr.frame,
      });
      expect(typeof h.last_handler_error?.at).toBe("string");
      // the event stream
      await until(() => stream.frames.some((f) => f.includes("event: handler_error")));
      expect(stream.frames.find((f) => f.includes("event: handler_error"))).toContain("src/functions.ts");
      // a request from another client (a second user through curl-like HTTP) gets its request line too
      await new KernelClient(dev.ready.url, token, "dev").call("list_notes", {});
      await dev.waitFor((e) => e.event === "request" && e.tool === "list_notes" && e.outcome === "executed");
      // imperal chat --verbose shows the mapped stack (read from /v1/health)
      const chat = await runCli(["--verbose", "chat", 'create a note called "explode"', "--dir", dir]);
      expect(chat.stdout).toMatch(/HANDLER_ERROR/);
      expect(chat.stdout).toMatch(new RegExp(`at src/functions\\.ts:${throwLine}:\\d+`));
      expect(chat.stdout).toMatch(/Error: boom in create_note/);

      // types and rules: a type error and a console.log in a handler (V22) are flagged after the reload
      const bad =
        throwing.slice(0, at) +
        '\n    console.log("debug");' +
        throwing.slice(at) +
        '\nexport const n: number = "x";\n';
      const checked = dev.waitFor(
        (e) =>
          e.event === "checked" &&
          (e.typecheck as { errorCount: number }).errorCount > 0 &&
          (e.validation as { errorCount: number }).errorCount > 0,
        60_000,
      );
      writeFileSync(file, bad);
      const c = (await checked) as {
        typecheck: { errors: Array<{ file: string; line: number }> };
        validation: { findings: Array<{ rule: string }> };
      };
      expect(c.typecheck.errors[0]).toMatchObject({ file: "src/functions.ts", line: bad.split("\n").length - 1 });
      expect(c.validation.findings.map((f) => f.rule)).toContain("V22");
      const flagged = (await client.health()) as {
        ok: boolean;
        build: { typecheck?: { errorCount: number }; validation?: { errorCount: number } };
      };
      expect(flagged.ok).toBe(true); // still serves in dev
      expect(flagged.build.typecheck?.errorCount).toBeGreaterThan(0);
      expect(flagged.build.validation?.errorCount).toBeGreaterThan(0);
      await until(() => stream.frames.some((f) => f.includes("event: build_check") && f.includes("V22")));
      stream.close();
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  }, 150_000);
});
