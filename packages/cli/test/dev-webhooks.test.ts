// Real processes: `imperal dev` prints each webhook's local URL (SPEC 7.5), in the --json ready event and the
// human ready block, and that URL answers through the dev front without the bearer token.
import { appendFileSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, builtPrerequisites, scaffold, startDev } from "./dev-helpers.js";

const missing = builtPrerequisites();
const WEBHOOKS = `
ext.webhook("inbox", { secretHeader: "X-Secret" }, async (_ctx, req) => ({ status: 201, body: { got: req.json() } }));
ext.webhook("github/push", { method: "PUT" }, async () => ({ ok: true }));
`;

function withWebhooks(name: string): string {
  const dir = scaffold("notes", name);
  appendFileSync(path.join(dir, "src", "app.ts"), WEBHOOKS);
  return dir;
}

describe.skipIf(!!missing)("imperal dev and webhooks", () => {
  it("lists each webhook's URL in the --json ready event; it answers through the front without the token", async () => {
    const dev = await startDev(withWebhooks("dev-hooks"), ["--reset-state"]);
    try {
      const hooks = (dev.ready as unknown as { webhooks: Array<{ method: string; url: string }> }).webhooks;
      const base = dev.ready.url;
      expect(hooks).toEqual([
        { method: "POST", url: expect.stringMatching(new RegExp(`^${base}/v1/ext/[a-z0-9-]+/webhook/inbox$`)) },
        { method: "PUT", url: expect.stringMatching(/\/webhook\/github\/push$/) },
      ]);
      const denied = await fetch(hooks[0]!.url, { method: "POST", body: "{}" });
      expect(denied.status).toBe(401);
      const r = await fetch(hooks[0]!.url, { method: "POST", headers: { "x-secret": "s" }, body: '{"a":1}' });
      expect(r.status).toBe(201);
      expect(await r.json()).toEqual({ got: { a: 1 } });
      expect((await fetch(`${base}/v1/tools`)).status).toBe(401); // the rest of the API still needs the token
    } finally {
      await dev.stop();
    }
  }, 90_000);

  it("prints them in the human ready block", async () => {
    const dir = withWebhooks("dev-hooks-human");
    const p = spawn(process.execPath, [BIN, "dev", dir, "--no-repl", "--port", "0", "--reset-state"], {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
    try {
      for (const deadline = Date.now() + 60_000; !out.includes("watching") && Date.now() < deadline;)
        await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/➜ webhook {2}POST {2}http:\/\/127\.0\.0\.1:\d+\/v1\/ext\/[a-z0-9-]+\/webhook\/inbox/);
      expect(out).toMatch(/➜ webhook {2}PUT {3}http:\/\/127\.0\.0\.1:\d+\/v1\/ext\/[a-z0-9-]+\/webhook\/github\/push/);
      p.kill("SIGINT");
      expect(await exited).toBe(0);
    } finally {
      p.kill("SIGKILL");
    }
  }, 90_000);
});
