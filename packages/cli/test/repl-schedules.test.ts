// `/schedules` and `/schedule run <name>` in the REPL against a real kernel on 127.0.0.1 (its test clock fixes
// "next run"), plus the completion of schedule names and the short block `imperal dev` prints at start.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kernel } from "@imperal/local-kernel";
import { KernelClient } from "../src/chat/client.js";
import { complete } from "../src/dev/repl/parse.js";
import { startRepl, type Repl } from "../src/dev/repl/repl.js";
import { scheduleSummary } from "../src/dev/repl/schedules.js";
import { builtPrerequisites, REPO } from "./dev-helpers.js";

const SOURCE = `import { Extension, ChatExtension, ActionResult, z } from "@imperal/sdk";
export const ext = new Extension("ticks", { version: "1.0.0", displayName: "Ticks", description: "Schedules for the REPL test.", capabilities: ["ticks:read", "ticks:write"] });
const chat = new ChatExtension(ext, { toolName: "ticks" });
chat.function("noop", { description: "Do nothing.", actionType: "read", params: z.object({}) }, async () => ActionResult.success({}, "ok"));
ext.schedule("tick", { cron: "*/10 * * * *", description: "Every ten minutes." }, async (ctx) => {
  await ctx.store.create("ticks", { at: Date.now() });
});
ext.schedule("broken", { cron: "0 0 1 1 *" }, async () => {
  throw new Error("tick broke");
});
`;

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
const missing = builtPrerequisites();

describe.skipIf(!!missing)("REPL schedule commands", () => {
  let dir: string;
  let kernel: Kernel;
  let repl: Repl;
  let text = "";
  let mark = 0;
  const input = new PassThrough();

  /** Type a line, wait for `re` in what was printed after it, and return that output. */
  const type = async (line: string, re: RegExp): Promise<string> => {
    mark = text.length;
    input.write(line + "\n");
    for (let i = 0; i < 500; i++) {
      const out = strip(text.slice(mark));
      if (re.test(out)) return out;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${re} after ${line}:\n${strip(text.slice(mark))}`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "imperal-repl-sched-"));
    mkdirSync(path.join(dir, "dist"), { recursive: true });
    const outfile = path.join(dir, "dist", "extension.mjs");
    await build({
      stdin: { contents: SOURCE, resolveDir: path.join(REPO, "packages", "cli"), loader: "ts" },
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      outfile,
      logLevel: "silent",
    });
    const sdk = await import("@imperal/sdk");
    const mod = (await import(pathToFileURL(outfile).href)) as { ext: unknown };
    writeFileSync(path.join(dir, "imperal.json"), sdk.serializeManifest(sdk.generateManifest(mod.ext)));
    const { createKernel, createTestClock } = await import("@imperal/local-kernel");
    kernel = await createKernel({
      extensionDir: dir,
      port: 0,
      writeDiscovery: false,
      schedules: { clock: createTestClock("2030-01-01T10:03:00Z") },
    });
    const output = new PassThrough();
    output.on("data", (d) => (text += d));
    const client = new KernelClient(kernel.url!, kernel.token, "dev");
    repl = startRepl({ client, dir, users: ["dev"], input, output, onExit: () => undefined });
  }, 60_000);
  afterAll(async () => {
    repl?.close();
    await kernel?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("/schedules shows name, cron, next run and last status; /schedule run runs it and the table follows", async () => {
    const before = await type("/schedules", /broken/);
    expect(before).toMatch(/name\s+cron\s+next run \(UTC\)\s+last status/);
    expect(before).toMatch(/tick\s+\*\/10 \* \* \* \*\s+2030-01-01 10:10Z\s+never run/);
    expect(before).toMatch(/broken\s+0 0 1 1 \*\s+2031-01-01 00:00Z\s+never run/);

    expect(await type("/schedule run tick", /schedule tick/)).toMatch(/✓ schedule tick executed \d+ ms/);
    expect(await type("/schedule run broken", /schedule broken/)).toMatch(
      /✗ schedule broken failed \d+ ms .*tick broke/,
    );
    const after = await type("/schedules", /broken/);
    expect(after).toMatch(/tick\s+\*\/10 \* \* \* \*\s+2030-01-01 10:10Z\s+executed/);
    expect(after).toMatch(/broken\s+.*failed\s+.*tick broke/);
    // the runs are the kernel's: one audit row each under the reserved name, as the system user
    expect(kernel.audit(10, "__system__").map((r) => `${r.tool}:${r.status}`)).toEqual([
      "__schedule__broken:failed",
      "__schedule__tick:executed",
    ]);
  });

  it("an unknown name is the kernel's NOT_FOUND; a bad form prints the usage; the REPL keeps going", async () => {
    expect(await type("/schedule run nope", /NOT_FOUND/)).toMatch(/✗ NOT_FOUND: No schedule "nope"/);
    expect(await type("/schedule list", /usage/)).toMatch(/usage: \/schedule run <name>/);
    expect(await type("/help", /\/schedules/)).toMatch(/\/schedule run <name>\s+run a schedule now/);
  });

  it("completes schedule names after /schedule run, and `run` after /schedule", () => {
    expect(complete("/schedule run t", [], [], ["tick", "broken"])).toEqual([["tick"], "t"]);
    expect(complete("/schedule run ", [], [], ["tick", "broken"])).toEqual([["broken", "tick"], ""]);
    expect(complete("/schedule r", ["tick_tool"], [], ["tick"])).toEqual([["run"], "r"]);
    expect(complete("/sched", [], [])).toEqual([["/schedule", "/schedules"], "/sched"]);
  });

  it("imperal dev's start block names each schedule with its cron and next run; none prints nothing", () => {
    const lines = scheduleSummary(kernel.schedules()).map(strip);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      "schedules tick (*/10 * * * *, next 2030-01-01 10:10Z), broken (0 0 1 1 *, next 2031-01-01 00:00Z)",
    );
    expect(scheduleSummary([])).toEqual([]);
  });
});
