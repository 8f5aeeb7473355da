// Front and API hygiene: oversized bodies, the call route's body shape, --json for --help/--version, --llm openai
// without an endpoint, and `imperal init` asking again after a template typo.
import { describe, it, expect } from "vitest";
import http from "node:http";
import { PassThrough } from "node:stream";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { BIN, builtPrerequisites, runCli, scaffold, startDev } from "./dev-helpers.js";
import { askChoice, closest } from "../src/init/prompt.js";

const missing = builtPrerequisites();

function post(
  url: string,
  token: string,
  route: string,
  body: Buffer,
  chunked = false,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {
      authorization: `Bearer ${token}`,
      "x-acting-user": "dev",
      "content-type": "application/json",
      ...(chunked ? {} : { "content-length": body.length }),
    };
    const req = http.request(`${url}${route}`, { method: "POST", headers }, (res) => {
      let t = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (t += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(t || "{}") }));
    });
    req.on("error", reject);
    if (chunked) {
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

describe.skipIf(!!missing)("the dev front and the call route", () => {
  it("answers 413 to a 2 MiB body every time (never 502/EPIPE), and 400 BAD_REQUEST to a call body without `args`", async () => {
    const dir = scaffold("notes", "hygiene-front");
    const dev = await startDev(dir, ["--reset-state"]);
    try {
      const token = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token as string;
      const big = Buffer.from(JSON.stringify({ args: { title: "x", body: "a".repeat(2 * 1024 * 1024) } }));
      for (let i = 0; i < 4; i++) {
        const r = await post(dev.ready.url, token, "/v1/call/create_note", big, i % 2 === 1);
        expect(r.status).toBe(413);
        expect((r.json.error as { code: string }).code).toBe("BODY_TOO_LARGE");
      }
      const unwrapped = await post(dev.ready.url, token, "/v1/call/create_note", Buffer.from('{"title":"x"}'));
      expect(unwrapped.status).toBe(400);
      expect(unwrapped.json.error).toMatchObject({ code: "BAD_REQUEST" });
      expect(String((unwrapped.json.error as { fix: string }).fix)).toContain('{"args": {"title":"x"}}');
      const ok = await post(dev.ready.url, token, "/v1/call/create_note", Buffer.from('{"args":{"title":"x"}}'));
      expect(ok.status).toBe(200);
      expect(dev.proc.exitCode).toBeNull();
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  }, 90_000);
});

describe.skipIf(!!missing)("CLI envelopes and refusals", () => {
  it("--json --version and --json --help answer with an envelope", async () => {
    const v = await runCli(["--json", "--version"]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, command: "version", version: expect.any(String) });
    const h = await runCli(["--json", "--help"]);
    expect(h.code).toBe(0);
    const env = JSON.parse(h.stdout) as { ok: boolean; command: string; help: string };
    expect(env).toMatchObject({ ok: true, command: "help", for: null });
    expect(env.help).toMatch(/Usage: imperal/);
    const b = await runCli(["--json", "build", "--help"]);
    expect(JSON.parse(b.stdout)).toMatchObject({ ok: true, command: "help", for: "build" });
    expect(JSON.parse(b.stdout).help).toMatch(/--no-typecheck/);
  });

  it("refuses --llm openai at start when no endpoint is configured, naming the variable", async () => {
    const dir = scaffold("minimal", "hygiene-llm");
    const env = { IMPERAL_LLM_BASE_URL: "", IMPERAL_LLM_API_KEY: "" };
    const r = await runCli(["--json", "dev", dir, "--no-repl", "--port", "0", "--llm", "openai"], { env });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { error: { code: string; fix: string } };
    expect(out.error.code).toBe("E_LLM_NOT_CONFIGURED");
    expect(out.error.fix).toMatch(/IMPERAL_LLM_API_KEY/);
  });

  it("one code for a missing directory across commands", async () => {
    for (const cmd of ["build", "validate", "dev"]) {
      const r = await runCli(["--json", cmd, "/nonexistent/imperal-nope"]);
      expect(JSON.parse(r.stdout.trim().split("\n").pop()!).error.code).toBe("E_NO_DIR");
    }
    // a path that is a file, not a directory: the same code, in init and dev too
    const file = path.join(scaffold("minimal", "hygiene-file"), "notadir");
    writeFileSync(file, "a file\n");
    for (const args of [
      ["init", file, "--template", "minimal", "--yes"],
      ["dev", file, "--no-repl"],
      ["build", file],
    ]) {
      const r = await runCli(["--json", ...args]);
      expect(JSON.parse(r.stdout.trim().split("\n").pop()!).error.code).toBe("E_NO_DIR");
    }
  });
});

describe("imperal init asks again after a template typo", () => {
  it("re-asks with the closest name until the answer is a template", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = "";
    output.on("data", (d) => (shown += d));
    const answer = askChoice("Template (notes, tasks)", ["notes", "tasks"], "notes", { input, output }, "nots");
    await new Promise((r) => setTimeout(r, 50));
    expect(shown).toMatch(/unknown template "nots" — did you mean notes\?/);
    input.write("taks\n");
    await new Promise((r) => setTimeout(r, 50));
    expect(shown).toMatch(/unknown template "taks" — did you mean tasks\?/);
    input.write("tasks\n");
    expect(await answer).toBe("tasks");
    expect(closest("minimla", ["minimal", "notes"])).toBe("minimal");
  });
});

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

describe.skipIf(!!missing || !hasScript)("imperal init in a pseudo-terminal", () => {
  it("asks the template again after a typo and scaffolds the corrected one", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "imperal-init-pty-"));
    const cmd = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} init pty-notes`;
    const p = spawn("script", ["-qfec", cmd, "/dev/null"], {
      cwd: parent,
      env: { ...process.env, NO_COLOR: "1", TERM: "xterm" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
    const waitFor = async (re: RegExp) => {
      for (const deadline = Date.now() + 20_000; !re.test(out);) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in ${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      out = out.slice(out.search(re) + 1);
    };
    await waitFor(/Template \(/);
    p.stdin.write("nots\r");
    await waitFor(/unknown template "nots" — did you mean notes\?/);
    await waitFor(/Template \(/);
    p.stdin.write("notes\r");
    await waitFor(/Display name/);
    p.stdin.write("\r");
    expect(await exited).toBe(0);
    expect(existsSync(path.join(parent, "pty-notes", "src", "functions.ts"))).toBe(true); // the notes template
  }, 60_000);
});
