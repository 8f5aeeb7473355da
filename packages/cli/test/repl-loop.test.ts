// The REPL's feedback for authors, in a pseudo-terminal (util-linux `script`), against a real `imperal dev`.
import { describe, it, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { KernelClient } from "../src/chat/client.js";
import { BIN, builtPrerequisites, scaffold } from "./dev-helpers.js";

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
const missing = builtPrerequisites() ?? (hasScript ? undefined : "util-linux `script` is not installed");
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");

function startPty(dir: string, extra: string[] = []) {
  const cmd = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} dev ${JSON.stringify(dir)} --port 0 ${extra.map((a) => JSON.stringify(a)).join(" ")}`;
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
    type: (s: string) => p.stdin.write(s),
    text: () => strip(out),
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
          throw new Error(`timed out waiting for ${re} in:\n${strip(out).slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    kill: () => p.kill("SIGKILL"),
  };
}

describe.skipIf(!!missing)("REPL feedback for authors (pseudo-terminal)", () => {
  it("shows validation feedback as a guard, labels confirmations, knows panels, /last, completion, and keeps history", async () => {
    const dir = scaffold("notes", "repl-loop");
    let pty = startPty(dir, ["--reset-state"]);
    try {
      await pty.expect(/you › /, 60_000);
      const disc = JSON.parse(readFileSync(path.join(dir, ".imperal", "dev.json"), "utf8")) as {
        url: string;
        token: string;
      };
      const http = new KernelClient(disc.url, disc.token, "dev");

      pty.type("/call create_note {}\r");
      const v = await pty.expect(/you › /);
      expect(v).toMatch(/guard rejected VALIDATION_/);
      expect(v).toMatch(/title: /);
      expect(v).not.toMatch(/authz denied/);

      pty.type('/call create_note {"title": "Groceries"}\r');
      await pty.expect(/Created note "Groceries"/);
      await pty.expect(/you › /);
      pty.type("/last\r");
      const lastOut = await pty.expect(/you › /);
      expect(lastOut).toMatch(/"outcome": "completed"/);
      expect(lastOut).toMatch(/"title": "Groceries"/);

      // a note another client made in a chat turn: its title comes from the kernel's fact ledger
      const made = await http.turn('create a note called "Milk"');
      const id = (made.results?.[0] as { data: { note_id: string } }).data.note_id;
      pty.type(`/call delete_note {"note_id": "${id}"}\r`);
      await pty.expect(new RegExp(`Confirm delete_note "Milk" \\(note_id ${id}\\)\\? \\(y/n\\)`));
      pty.type("n\r");
      await pty.expect(/you › /);

      pty.type("/panel nope\r");
      // (a live skeleton refresh after the writes above may print its line and the prompt first)
      const p = await pty.expect(/unknown panel "nope".*panels: \S+/);
      expect(p).toMatch(/unknown panel "nope"/);
      await pty.expect(/you › /);

      // tab completion: a slash command, then a tool name
      pty.type("/too\t");
      await pty.expect(/\/tools/);
      pty.type("\x15"); // Ctrl-U clears the line
      pty.type("/call create_no\t");
      await pty.expect(/create_note/);
      pty.type("\x15/quit\r");
      expect(await pty.exited).toBe(0);
      expect(readFileSync(path.join(dir, ".imperal", "repl-history"), "utf8")).toContain("/call create_note {}");

      // history survives a restart: arrow up recalls the last line typed in the previous session
      pty = startPty(dir);
      await pty.expect(/you › /, 60_000);
      pty.type("\x1b[A");
      await pty.expect(/\/quit/);
      pty.type("\x15/quit\r");
      expect(await pty.exited).toBe(0);
      expect(existsSync(path.join(dir, ".imperal", "dev.json"))).toBe(false);
    } finally {
      pty.kill();
    }
  }, 180_000);
});
