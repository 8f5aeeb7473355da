import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { buildFixture, cleanup, here, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
const SLOW = 3;

describe("crash safety", () => {
  it("kill -9 during a burst of writes: every acknowledged write survives, every executed document has its audit row, nothing torn", async () => {
    const dir = await buildFixture("dispatch.ts");
    const stateDir = join(dir, "state");
    const distIndex = pathToFileURL(join(here, "..", "dist", "index.js")).href;
    const child = spawn(
      process.execPath,
      [join(here, "fixtures", "crash-child.mjs"), distIndex, dir, stateDir, String(SLOW)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const acked = new Map<string, string>();
    let slowWritten = false;
    let buf = "";
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child too slow: ${acked.size} acks; ${stderr}`)), 60_000);
      child.stdout.on("data", (d: Buffer) => {
        buf += d.toString();
        let i: number;
        while ((i = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const m = /^ACK (\S+) (\S+)$/.exec(line);
          if (m) acked.set(m[1]!, m[2]!);
          if (line === `SLOW ${SLOW}`) slowWritten = true;
        }
        if (acked.size >= 300) {
          clearTimeout(t);
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => {
        clearTimeout(t);
        resolve();
      });
    });
    await new Promise((r) => child.once("exit", r).once("close", r) && setTimeout(r, 200));
    expect(acked.size).toBeGreaterThanOrEqual(300);
    expect(slowWritten).toBe(true);

    const db = new Database(join(stateDir, "kernel.db"));
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const docs = db.prepare("SELECT id, data FROM documents").all() as Array<{ id: string; data: string }>;
      const byId = new Map(docs.map((d) => [d.id, JSON.parse(d.data)]));
      for (const [id, title] of acked) expect(byId.get(id)?.title).toBe(title);
      const audit = db
        .prepare("SELECT args, status FROM audit WHERE tool IN ('create_note', 'create_then_wait')")
        .all() as Array<{ args: string; status: string }>;
      const auditedTitles = new Map(audit.map((a) => [JSON.parse(a.args).title as string, a.status]));
      // executed vs audited: every document some handler wrote has its action's row, acknowledged or not
      const executed = docs.map((d) => JSON.parse(d.data).title as string);
      const unaudited = executed.filter((title) => !auditedTitles.has(title));
      expect({ executed: executed.length, unaudited }).toEqual({ executed: executed.length, unaudited: [] });
      // the calls killed mid-handler are visible as started
      for (let i = 0; i < SLOW; i++) expect(auditedTitles.get(`slow-${i}`)).toBe("started");
      for (const title of acked.values()) expect(auditedTitles.get(title)).toBe("executed");
      // nothing torn: every stored document is complete JSON
      for (const d of docs) expect(typeof JSON.parse(d.data).title).toBe("string");
    } finally {
      db.close();
    }

    // restart on the same state: the kernel serves the data and shows the interrupted calls as `started`
    const k = await createKernel({ extensionDir: dir, stateDir, port: 0, writeDiscovery: false });
    try {
      const [id, title] = [...acked][0]!;
      const r = await k.call("dev", "get_note", { note_id: id });
      expect((r.results[0] as { data: { title: string } }).data.title).toBe(title);
      const rows = (await req(k.url!, k.token, "GET", "/v1/audit?limit=1000")).json.rows as Array<{
        tool: string;
        status: string;
      }>;
      expect(rows.filter((x) => x.tool === "create_then_wait" && x.status === "started")).toHaveLength(SLOW);
    } finally {
      await k.close();
      cleanup(dir);
    }
  }, 120_000);
});
