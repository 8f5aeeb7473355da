// The REPL in a pseudo-terminal: util-linux `script` (present on bare Linux machines) gives `imperal dev` a TTY.
import { describe, it, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KernelClient } from "../src/chat/client.js";
import { BIN, builtPrerequisites, scaffold } from "./dev-helpers.js";

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
const missing = builtPrerequisites() ?? (hasScript ? undefined : "util-linux `script` is not installed");
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");

function startPty(dir: string, extra: string[] = []) {
  const cmd = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} dev ${JSON.stringify(dir)} --port 0 --reset-state ${extra.map((a) => JSON.stringify(a)).join(" ")}`;
  const p = spawn("script", ["-qfec", cmd, "/dev/null"], {
    env: { ...process.env, NO_COLOR: "1", TERM: "xterm" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  p.stdout.on("data", (d) => (out += d));
  p.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
  let mark = 0;
  return {
    /** Type keys into the terminal. */
    type: (s: string) => p.stdin.write(s),
    text: () => strip(out),
    /** Wait until `re` shows up in the output written after the last wait. */
    async expect(re: RegExp, timeoutMs = 20_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const t = strip(out).slice(mark);
        const m = re.exec(t);
        if (m) {
          mark += m.index + m[0].length;
          return t;
        }
        if (Date.now() > deadline || p.exitCode !== null)
          throw new Error(`timed out waiting for ${re} in:\n${strip(out)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    kill: () => p.kill("SIGKILL"),
  };
}

describe.skipIf(!!missing)("REPL in a pseudo-terminal", () => {
  it("runs a call, a confirmation answered y, slash commands, shows rebuilds between turns, and /quit exits cleanly", async () => {
    const dir = scaffold("notes", "repl-e2e");
    const pty = startPty(dir);
    try {
      await pty.expect(/you › /, 60_000);
      const token = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).token as string;
      const url = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")).url as string;
      const http = new KernelClient(url, token, "dev");

      pty.type('/call create_note {"title": "Pty note"}\r');
      await pty.expect(/create_note \{"title":"Pty note"\}/);
      await pty.expect(/✓ Created note "Pty note"/);
      await pty.expect(/you › /);

      // a chat turn (needs the classifier of kernel part 2)
      const probe = await http.turn("list my notes").catch((e: { status?: number }) => e);
      if ((probe as { status?: number }).status !== 501) {
        pty.type("list my notes\r");
        await pty.expect(/→ list_notes/);
        await pty.expect(/confidence \d\.\d\d/);
        await pty.expect(/authz allowed/);
        await pty.expect(/you › /);
      }

      const list = await http.call("list_notes", {});
      const id = (
        (list.results?.[0] as { data: { notes: Array<{ note_id: string }> } }).data.notes[0] as { note_id: string }
      ).note_id;
      pty.type(`/call delete_note {"note_id": "${id}"}\r`);
      await pty.expect(/needs confirmation/);
      await pty.expect(/\(y\/n\)/);
      pty.type("y\r");
      await pty.expect(/✓ Permanently deleted "Pty note"/);
      await pty.expect(/you › /);

      pty.type("/audit 3\r");
      await pty.expect(/delete_note/);
      await pty.expect(/you › /);

      pty.type("/reload\r");
      await pty.expect(/✓ reloaded/);
      await pty.expect(/you › /);

      pty.type("/skeleton\r");
      await pty.expect(/notes: total_notes=/);
      await pty.expect(/you › /);

      pty.type("/panel sidebar\r");
      await pty.expect(/stack/);
      await pty.expect(/you › /);

      pty.type("/help\r");
      await pty.expect(/\/panel <id> \[json\]/);
      await pty.expect(/you › /);

      // an edit shows a rebuild line above the prompt without a turn
      const fn = path.join(dir, "src", "functions.ts");
      writeFileSync(fn, readFileSync(fn, "utf8").replace('`Created note "${p.title}"`', '`Saved note "${p.title}"`'));
      await pty.expect(/✓ reloaded/);
      await pty.expect(/you › /);
      pty.type('/call create_note {"title": "After"}\r');
      await pty.expect(/✓ Saved note "After"/);

      // an event arriving while a line is half typed is printed above it; the typed text is redrawn
      pty.type("half typed");
      await new Promise((r) => setTimeout(r, 200));
      writeFileSync(fn, readFileSync(fn, "utf8").replace('`Saved note "${p.title}"`', '`Filed note "${p.title}"`'));
      await pty.expect(/✓ reloaded[^\n]*\n(?:[^\n]*\n)*?[^\n]*you › half typed/);
      pty.type("\x03"); // Ctrl-C with text typed: drops the line, keeps running
      await pty.expect(/you › /);
      pty.type('/call create_note {"title": "Last"}\r');
      await pty.expect(/✓ Filed note "Last"/);

      pty.type("/quit\r");
      expect(await pty.exited).toBe(0);
      expect(existsSync(path.join(dir, ".imperal", "dev.json"))).toBe(false);
    } finally {
      pty.kill();
    }
  }, 120_000);

  it("Ctrl-C during a running call cancels it in the kernel and keeps the REPL running", async () => {
    const dir = scaffold("notes", "repl-cancel");
    writeFileSync(
      path.join(dir, "src", "slow.ts"),
      `import { ActionResult, z } from "@imperal/sdk";
import { chat } from "./app.js";
const Slow = z.object({ ms: z.number().int().default(20000).describe("How long to work, in ms") });
const SlowOut = z.object({ done: z.boolean() });
chat.function("slow_job", { description: "Work for a while (used to test cancellation).", actionType: "read", params: Slow, dataModel: SlowOut },
  async (ctx, p) => {
    ctx.progress(1, "starting");
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, p.ms);
      ctx.signal.addEventListener("abort", () => { clearTimeout(t); reject(new Error("stopped")); });
    });
    return ActionResult.success({ done: true }, "finished");
  });
chat.function("quiet_job", { description: "Work for a while without reporting progress.", actionType: "read", params: Slow, dataModel: SlowOut },
  async (ctx, p) => {
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, p.ms);
      ctx.signal.addEventListener("abort", () => { clearTimeout(t); reject(new Error("stopped")); });
    });
    return ActionResult.success({ done: true }, "finished");
  });
`,
    );
    writeFileSync(
      path.join(dir, "src", "index.ts"),
      readFileSync(path.join(dir, "src", "index.ts"), "utf8") + 'import "./slow.js";\n',
    );
    const pty = startPty(dir);
    try {
      await pty.expect(/you › /, 60_000);
      const disc = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8"));
      const http = new KernelClient(disc.url, disc.token, "dev");
      pty.type("/call slow_job {}\r");
      await pty.expect(/starting/);
      pty.type("\x03");
      await pty.expect(/cancelled/);
      await pty.expect(/you › /);
      const deadline = Date.now() + 5_000;
      let status = "";
      while (Date.now() < deadline) {
        const rows = ((await http.audit(5)) as { rows: Array<{ tool: string; status: string }> }).rows;
        status = rows.find((r) => r.tool === "slow_job")?.status ?? "";
        if (status && status !== "promoted" && status !== "started") break; // started: the row is written before the handler
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe("cancelled");
      // a call that never reports progress: the REPL knows its id from the kernel's call_started event
      pty.type("/call quiet_job {}\r");
      await pty.expect(/quiet_job/);
      await new Promise((r) => setTimeout(r, 800));
      pty.type("\x03");
      await pty.expect(/cancelled/);
      await pty.expect(/you › /);
      status = "";
      for (const until = Date.now() + 5_000; Date.now() < until;) {
        const rows = ((await http.audit(5)) as { rows: Array<{ tool: string; status: string }> }).rows;
        status = rows.find((r) => r.tool === "quiet_job")?.status ?? "";
        if (status && status !== "promoted" && status !== "started") break; // started: the row is written before the handler
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe("cancelled");
      pty.type("/quit\r");
      expect(await pty.exited).toBe(0);
    } finally {
      pty.kill();
    }
  }, 90_000);

  it("/user switches the acting user", async () => {
    const dir = scaffold("notes", "repl-users");
    const pty = startPty(dir, ["--user", "alice", "--user", "bob:repl-users:read"]);
    try {
      await pty.expect(/as alice/, 60_000);
      await pty.expect(/you › /);
      pty.type("/user\r");
      await pty.expect(/acting user: alice/);
      pty.type("/user bob\r");
      await pty.expect(/acting user is now bob/);
      pty.type('/call create_note {"title": "By bob"}\r');
      await pty.expect(/denied|✗/); // bob only holds repl-users:read
      await pty.expect(/you › /);
      pty.type("/user alice\r");
      pty.type('/call create_note {"title": "By alice"}\r');
      await pty.expect(/✓ Created note "By alice"/);
      const disc = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8"));
      const rows = (
        (await new KernelClient(disc.url, disc.token).audit(5)) as {
          rows: Array<{ user_id: string; tool: string; status: string }>;
        }
      ).rows;
      const mine = rows
        .filter((r) => r.tool === "create_note")
        .map((r) => `${r.user_id}:${r.status.replace(/^succeeded$/, "executed")}`);
      expect(mine).toEqual(["alice:executed", "bob:rejected"]);
      pty.type("/quit\r");
      expect(await pty.exited).toBe(0);
    } finally {
      pty.kill();
    }
  }, 90_000);

  it("Ctrl-C once warns, twice exits cleanly", async () => {
    const dir = scaffold("notes", "repl-ctrlc");
    const pty = startPty(dir);
    try {
      await pty.expect(/you › /, 60_000);
      pty.type("\x03");
      await pty.expect(/press Ctrl-C again to exit/);
      pty.type("\x03");
      expect(await pty.exited).toBe(0);
      expect(existsSync(path.join(dir, ".imperal", "dev.json"))).toBe(false);
    } finally {
      pty.kill();
    }
  }, 90_000);
});
