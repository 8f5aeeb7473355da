// Real processes: `imperal dev --no-repl` on a temp copy of the notes template, driven over HTTP and `imperal chat`.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, readFileSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { KernelClient, type TurnObject } from "../src/chat/client.js";
import { spawn } from "node:child_process";
import { BIN, builtPrerequisites, runCli, scaffold, startDev, type DevProcess } from "./dev-helpers.js";

const missing = builtPrerequisites();
const data = (t: TurnObject) => (t.results?.[0] as { data?: Record<string, unknown> } | undefined)?.data ?? {};
const summary = (t: TurnObject) => String((t.results?.[0] as { summary?: string } | undefined)?.summary ?? "");

describe.skipIf(!!missing)("imperal dev (real processes)", () => {
  let dir: string;
  let dev: DevProcess;
  let client: KernelClient;
  let original: string;
  const fnFile = () => path.join(dir, "src", "functions.ts");

  beforeAll(async () => {
    dir = scaffold("notes", "dev-e2e");
    original = readFileSync(fnFile(), "utf8");
    dev = await startDev(dir, ["--reset-state"]);
    client = new KernelClient(
      dev.ready.url,
      JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token,
      "dev",
    );
  }, 90_000);
  afterAll(async () => {
    await dev?.stop();
  });

  it("writes the discovery file (0600) pointing at the front, and regenerates imperal.json", async () => {
    const file = path.join(dir, ".imperal", "dev.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const info = JSON.parse(readFileSync(file, "utf8"));
    expect(info).toMatchObject({ port: dev.ready.port, pid: dev.proc.pid, url: dev.ready.url, users: ["dev"] });
    expect(info.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const manifest = JSON.parse(readFileSync(path.join(dir, "imperal.json"), "utf8"));
    expect(manifest.app_id).toBe("dev-e2e");
    expect((await client.health()).ok).toBe(true);
  });

  it("refuses to start a second dev server for the same directory", async () => {
    const r = await runCli(["dev", dir, "--no-repl", "--port", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("E_DEV_ALREADY_RUNNING");
    expect(r.stderr).toContain(String(dev.proc.pid));
  });

  it("answers calls over HTTP with the bearer token, and rejects a wrong token", async () => {
    const t = await client.call("create_note", { title: "First" });
    expect(t.outcome).toBe("completed");
    expect(summary(t)).toBe('Created note "First"');
    await expect(new KernelClient(dev.ready.url, "wrong", "dev").health()).rejects.toMatchObject({ status: 401 });
  });

  it("hot-swaps an edited source file without a restart", async () => {
    const before = dev.events.filter((e) => e.event === "reloaded").length;
    writeFileSync(fnFile(), original.replace('`Created note "${p.title}"`', '`Saved note "${p.title}"`'));
    await dev.waitFor(
      (e) => e.event === "reloaded" && dev.events.filter((x) => x.event === "reloaded").indexOf(e) >= before,
    );
    const t = await client.call("create_note", { title: "Second" });
    expect(summary(t)).toBe('Saved note "Second"');
    expect(dev.proc.exitCode).toBeNull();
  });

  it("holds a request that arrives during a rebuild and answers it with the new build", async () => {
    const ac = new AbortController();
    let answered: Promise<TurnObject> | undefined;
    const stream = client.events((ev) => {
      if (ev.type === "build_start" && !answered) answered = client.call("create_note", { title: "During" });
    }, ac.signal);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(fnFile(), original.replace('`Created note "${p.title}"`', '`Stored note "${p.title}"`'));
    const deadline = Date.now() + 15_000;
    while (!answered && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBeDefined();
    expect(summary(await answered!)).toBe('Stored note "During"');
    ac.abort();
    await stream;
  });

  it("answers a request sent right after a save with the new build", async () => {
    for (let i = 0; i < 5; i++) {
      writeFileSync(fnFile(), original.replace('`Created note "${p.title}"`', `\`Quick ${i} "\${p.title}"\``));
      const t = await client.call("create_note", { title: "Q" }); // no waiting: the front holds it from the first fs event
      expect(summary(t)).toBe(`Quick ${i} "Q"`);
    }
  });

  it("survives a burst of quick saves and ends on the last one", async () => {
    for (let i = 0; i < 12; i++) {
      writeFileSync(fnFile(), original.replace('`Created note "${p.title}"`', `\`Burst ${i} "\${p.title}"\``));
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 40 : 3));
    }
    const deadline = Date.now() + 15_000;
    let s = "";
    while (Date.now() < deadline) {
      s = summary(await client.call("create_note", { title: "B" }));
      if (s === 'Burst 11 "B"') break;
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(s).toBe('Burst 11 "B"');
    writeFileSync(fnFile(), original.replace('`Created note "${p.title}"`', '`Stored note "${p.title}"`'));
  });

  it("makes a new function callable after a rebuild (imperal.json regenerated)", async () => {
    writeFileSync(
      path.join(dir, "src", "extra.ts"),
      `import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
const Echo = z.object({ text: z.string().default("pong").describe("What to echo back") });
const EchoOut = z.object({ echo: z.string() });
chat.function("echo_text", { description: "Echo a text back to the user.", actionType: "read", params: Echo, dataModel: EchoOut },
  async (_ctx, p) => ActionResult.success({ echo: p.text }, \`echo \${p.text}\`));
`,
    );
    appendFileSync(path.join(dir, "src", "index.ts"), 'import "./extra.js";\n');
    const deadline = Date.now() + 15_000;
    let t: TurnObject | undefined;
    while (Date.now() < deadline) {
      t = await client.call("echo_text", { text: "hi" });
      if (t.outcome === "completed") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(data(t!)).toEqual({ echo: "hi" });
    const manifest = JSON.parse(readFileSync(path.join(dir, "imperal.json"), "utf8"));
    expect(manifest.tools.map((x: { name: string }) => x.name)).toContain("echo_text");
    // byte-identical to what `imperal build` generates
    const check = await runCli(["build", dir, "--check", "--no-validate"]);
    expect(check.stderr + check.stdout).toMatch(/up to date/);
    expect(check.code).toBe(0);
  });

  it("keeps the last good build serving on a syntax error and reports it with file:line", async () => {
    writeFileSync(fnFile(), original.replace('`Created note "${p.title}"`', '`Stored note "${p.title}"`'));
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      if (summary(await client.call("create_note", { title: "Pre" })).startsWith("Stored")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const broken =
      original.replace('`Created note "${p.title}"`', '`Stored note "${p.title}"`') + "\nconst broken = ;\n";
    const line = broken.split("\n").findIndex((l) => l.startsWith("const broken")) + 1;
    writeFileSync(fnFile(), broken);
    const ev = await dev.waitFor((e) => e.event === "build_error");
    expect(ev.error).toMatchObject({ file: "src/functions.ts", line });
    expect(String((ev.error as { text: string }).text)).toContain(`src/functions.ts:${line}`);
    const h = await client.health();
    expect(h.build?.error).toMatchObject({ file: "src/functions.ts", line });
    const t = await client.call("create_note", { title: "Still" });
    expect(summary(t)).toBe('Stored note "Still"');
    // fix it: the new build serves and the error clears
    writeFileSync(fnFile(), original);
    const deadline = Date.now() + 15_000;
    let s = "";
    while (Date.now() < deadline) {
      s = summary(await client.call("create_note", { title: "Fixed" }));
      if (s.startsWith("Created")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(s).toBe('Created note "Fixed"');
    expect((await client.health()).build?.error).toBeUndefined();
  });

  it("checks the manifest before the swap: a build with an invalid manifest never serves", async () => {
    const appFile = path.join(dir, "src", "app.ts");
    const app = readFileSync(appFile, "utf8");
    writeFileSync(fnFile(), original.replace('`Created note "${p.title}"`', '`Invalid note "${p.title}"`'));
    writeFileSync(appFile, app.replace('icon: "icon.svg"', 'icon: "missing-icon.svg"'));
    try {
      const ev = await dev.waitFor(
        (e) => e.event === "build_error" && (e.error as { code?: string })?.code === "E_BUILD_ICON",
      );
      expect(String((ev.error as { text: string }).text)).toContain("missing-icon.svg");
      // the new code compiled and loaded, but it was rejected before the swap: the old build answers
      expect(summary(await client.call("create_note", { title: "Old" }))).toBe('Created note "Old"');
      expect((await client.health()).build?.error).toMatchObject({ code: "E_BUILD_ICON" });
      expect(JSON.parse(readFileSync(path.join(dir, "imperal.json"), "utf8")).icon).toBe("icon.svg");
    } finally {
      writeFileSync(appFile, app);
      writeFileSync(fnFile(), original);
    }
    let s = "";
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      s = summary(await client.call("create_note", { title: "Back" }));
      if (s === 'Created note "Back"' && !(await client.health()).build?.error) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await client.health()).build?.error).toBeUndefined();
  });

  it("answers `imperal chat` through the discovery file", async (ctx) => {
    const probe = await client.turn("list my notes").catch((e: { status?: number }) => e);
    if ((probe as { status?: number }).status === 501) ctx.skip(); // kernel part 2 (classifier) not built yet
    const r = await runCli(["chat", "list my notes"], { cwd: path.join(dir, "src") });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    const j = await runCli(["--json", "chat", "list my notes", "--dir", dir]);
    const turn = JSON.parse(j.stdout);
    expect(turn).toMatchObject({ ok: true, command: "chat", outcome: "completed" });
    expect(turn.classification?.plan?.[0]?.tool).toBe("list_notes");
    // a destructive turn asks first; --accept runs exactly the intercepted call
    const del = JSON.parse((await runCli(["--json", "chat", 'delete the note "First"', "--dir", dir])).stdout);
    expect(del.outcome).toBe("needs_confirmation");
    const human = await runCli(["chat", 'delete the note "First"', "--dir", dir]);
    expect(human.stdout).toMatch(/imperal chat --accept cnf_\w+/);
    const acc = await runCli(["--json", "chat", "--accept", del.confirmation.id, "--dir", dir]);
    expect(acc.code).toBe(0);
    expect(JSON.parse(acc.stdout)).toMatchObject({ outcome: "completed" });
    const again = await runCli(["chat", "--accept", del.confirmation.id, "--dir", dir]);
    expect(again.code).toBe(1); // a used confirmation is refused (409)
    expect(again.stderr).toMatch(/HTTP 409|HTTP 404/);
  });

  it("removes the discovery file on exit, and state survives a restart", async () => {
    const code = await dev.stop("SIGTERM");
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, ".imperal", "dev.json"))).toBe(false);
    dev = await startDev(dir);
    client = new KernelClient(
      dev.ready.url,
      JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token,
      "dev",
    );
    const t = await client.call("list_notes", {});
    expect(data(t).total).toBeGreaterThanOrEqual(5);
    const titles = (data(t).notes as Array<{ title: string }>).map((n) => n.title);
    expect(titles).toContain("Second");
    expect(titles).toContain("Fixed");
  }, 60_000);
});

describe.skipIf(!!missing)("imperal dev options", () => {
  it("takes the next free port when --port is taken, and --reset-state starts empty", async () => {
    const dir = scaffold("notes", "dev-port");
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    let dev = await startDev(dir, ["--port", String(taken)]);
    try {
      expect(dev.ready.requested_port).toBe(taken);
      expect(dev.ready.port).not.toBe(taken);
      const token = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token;
      await new KernelClient(dev.ready.url, token, "dev").call("create_note", { title: "Keep?" });
    } finally {
      await dev.stop();
      blocker.close();
    }
    const custom = path.join(path.dirname(dir), "custom-state");
    dev = await startDev(dir, ["--reset-state", "--state-dir", custom, "--user", "alice:dev-port:read,dev-port:write"]);
    try {
      expect(dev.ready.state_dir).toBe(custom);
      expect(existsSync(custom)).toBe(true);
      const token = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token;
      const t = await new KernelClient(dev.ready.url, token, "alice").call("list_notes", {});
      expect(t.outcome).toBe("completed");
      expect(data(t).total).toBe(0);
      expect(dev.ready.users).toEqual(["alice"]);
    } finally {
      await dev.stop();
    }
  }, 90_000);
});

describe.skipIf(!!missing)("imperal dev human output", () => {
  it("says when the requested port is taken and which one it uses; SIGINT stops it cleanly", async () => {
    const dir = scaffold("notes", "dev-human");
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    const p = spawn(process.execPath, [BIN, "dev", dir, "--no-repl", "--port", String(taken)], {
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
      expect(out).toMatch(new RegExp(`port ${taken} is taken; using \\d+`));
      expect(out).toContain("http://127.0.0.1:");
      p.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(out).toContain("stopping (SIGINT)");
      expect(existsSync(path.join(dir, ".imperal", "dev.json"))).toBe(false);
    } finally {
      p.kill("SIGKILL");
      blocker.close();
    }
  }, 90_000);
});

describe.skipIf(!!missing)("imperal dev when the first build fails", () => {
  it("starts the front anyway: /v1/health reports the error, calls get 503 NO_BUILD, and the first good build serves without a restart", async () => {
    const dir = scaffold("notes", "dev-first-fail");
    const file = path.join(dir, "src", "functions.ts");
    const good = readFileSync(file, "utf8");
    const broken = good + "\nconst broken = ;\n";
    const line = broken.split("\n").findIndex((l) => l.startsWith("const broken")) + 1;
    writeFileSync(file, broken);
    const dev = await startDev(dir, ["--reset-state"]);
    try {
      expect(dev.ready.serving).toBe(false);
      expect(dev.events.find((e) => e.event === "build_error")?.error).toMatchObject({
        file: "src/functions.ts",
        line,
      });
      const token = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token as string;
      const client = new KernelClient(dev.ready.url, token, "dev");
      const h = await client.health();
      expect(h.ok).toBe(false);
      expect(h.build).toMatchObject({ id: null, error: { file: "src/functions.ts", line } });
      const err = (await client.call("create_note", { title: "Early" }).catch((e: unknown) => e)) as {
        status?: number;
        code?: string;
        body?: { error?: { fix?: string } };
      };
      expect(err).toMatchObject({ status: 503, code: "NO_BUILD" });
      expect(err.body?.error?.fix).toMatch(/fix the error shown in the terminal; the build reloads on save/);
      await expect(
        new KernelClient(dev.ready.url, "wrong", "dev").call("create_note", { title: "x" }),
      ).rejects.toMatchObject({ status: 401 });
      // fix it: the kernel boots in the same process, on the same port and token
      writeFileSync(file, good);
      let s = "";
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        const t = await client.call("create_note", { title: "Now" }).catch(() => undefined);
        s = t ? summary(t) : "";
        if (s) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(s).toBe('Created note "Now"');
      const after = await client.health();
      expect(after.ok).toBe(true);
      expect(after.build?.error).toBeUndefined();
      expect(dev.proc.exitCode).toBeNull();
      expect(JSON.parse(readFileSync(path.join(dir, "imperal.json"), "utf8")).tools.length).toBeGreaterThan(0);
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  }, 90_000);
});
