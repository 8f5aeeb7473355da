// kill -9 of a kernel child process during a write burst, several rounds on one state dir (SPEC 10): after each
// kill every acknowledged write must be there and every executed document must have its action's audit row
// (`started` or completed). losses = acknowledged writes missing + executed documents without a row; crashes = a
// corrupt database or a kernel that will not come back; hangs = a round that never reaches its kill point.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildExtension } from "../lib/build-extension.mjs";

const ROUNDS = 4;
const SLOW = 2;
const ROUND_MS = 20_000;

/** Runs the kernel's crash child until `acks` writes are acknowledged (and its slow calls are mid-handler), then kill -9. */
function burst(child, acks) {
  return new Promise((resolve) => {
    const acked = new Map();
    let slowWritten = false;
    let buf = "";
    let stderr = "";
    let done = false;
    const finish = (why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      child.once("exit", () => resolve({ acked, slowWritten, why, stderr }));
      if (child.exitCode !== null || child.signalCode !== null) resolve({ acked, slowWritten, why, stderr });
    };
    const timer = setTimeout(() => finish("timeout"), ROUND_MS);
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /^ACK (\S+) (\S+)$/.exec(line);
        if (m) acked.set(m[1], m[2]);
        if (line === `SLOW ${SLOW}`) slowWritten = true;
      }
      if (slowWritten && acked.size >= acks) finish("killed");
    });
    child.on("exit", () => finish("exited"));
  });
}

export default {
  name: "crash",
  async run(env) {
    const kernelDir = path.join(env.root, "packages/local-kernel");
    const distIndex = pathToFileURL(path.join(kernelDir, "dist/index.js")).href;
    const require = createRequire(path.join(kernelDir, "package.json"));
    const Database = require("better-sqlite3");
    const dir = await buildExtension(env.root, await env.tmpDir("imperal-hostile-crash-"), { fixture: "dispatch.ts" });
    const stateDir = path.join(dir, "state");
    const row = { class: "crash", cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0 };
    const notes = [];
    const note = (s) => notes.length < 6 && notes.push(s);
    const allAcked = new Map();
    const reported = new Set();
    let executedTotal = 0;

    for (let round = 0; round < ROUNDS; round++) {
      row.cases++;
      const child = spawn(
        process.execPath,
        [path.join(kernelDir, "test/fixtures/crash-child.mjs"), distIndex, dir, stateDir, String(SLOW), `r${round}-`],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const { acked, slowWritten, why, stderr } = await burst(child, 80 + 60 * round);
      if (why !== "killed") {
        if (why === "timeout") row.hangs++;
        else row.crashes++;
        note(`round ${round}: ${why} after ${acked.size} acks ${stderr.slice(0, 200)}`);
      }
      for (const [id, title] of acked) allAcked.set(id, title);

      const db = new Database(path.join(stateDir, "kernel.db"), { readonly: true });
      try {
        if (db.pragma("integrity_check", { simple: true }) !== "ok") {
          row.crashes++;
          note(`round ${round}: integrity_check failed`);
        }
        const docs = db.prepare("SELECT id, data FROM documents").all();
        const titles = new Map(docs.map((d) => [d.id, JSON.parse(d.data).title]));
        const audited = new Set(
          db
            .prepare("SELECT args FROM audit WHERE tool IN ('create_note', 'create_then_wait')")
            .all()
            .map((a) => JSON.parse(a.args).title),
        );
        const missing = [...allAcked].filter(([id, title]) => titles.get(id) !== title);
        // documents accumulate over rounds: count each unaudited one once
        const unaudited = [...titles.values()].filter((t) => !audited.has(t) && !reported.has(t));
        for (const t of unaudited) reported.add(t);
        executedTotal = titles.size;
        row.losses += missing.length + unaudited.length;
        if (missing.length) note(`round ${round}: ${missing.length} acknowledged writes missing`);
        if (unaudited.length) note(`round ${round}: ${unaudited.length} executed without audit (${unaudited[0]})`);
        if (slowWritten && !audited.has(`r${round}-slow-0`)) note(`round ${round}: slow call left no row`);
      } finally {
        db.close();
      }
    }

    // the kernel comes back on the state it was killed in and shows the interrupted calls as started
    row.cases++;
    const { createKernel } = await import(distIndex);
    try {
      const k = await createKernel({ extensionDir: dir, stateDir, port: 0, writeDiscovery: false });
      try {
        const [id, title] = [...allAcked][allAcked.size - 1] ?? [];
        const r = id ? await k.call("dev", "get_note", { note_id: id }) : undefined;
        if (r?.results?.[0]?.data?.title !== title) {
          row.losses++;
          note(`after restart: ${id} not served`);
        }
        const rows = k.audit(1000).filter((x) => x.tool === "create_then_wait" && x.status === "started");
        if (rows.length < SLOW * ROUNDS) {
          row.losses++;
          note(`after restart: ${rows.length} started rows visible, wanted ${SLOW * ROUNDS}`);
        }
      } finally {
        await k.close();
      }
    } catch (e) {
      row.crashes++;
      note(`restart failed: ${e?.code ?? e?.message}`);
    }
    env.log(
      `crash: ${ROUNDS} kills, ${allAcked.size} acknowledged writes, ${executedTotal} executed documents checked`,
    );
    if (notes.length) row.note = notes.join("; ");
    return [row];
  },
};
