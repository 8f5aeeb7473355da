// The fabricated-id guard against a large conversation: 12,000 seen values in SQLite change no answer, and the
// work per rejection stays constant (counted by the index's probes, not by wall-clock).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { checkFabricatedIds } from "@imperal/sdk/guards";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
const internals = (await import("../dist/internals.js")) as unknown as typeof import("../src/internals.js");
type K = Awaited<ReturnType<typeof createKernel>>;

/** Writes `n` seen values for alice straight into the kernel database: half bare ids, half message text. */
function seed(db: Database.Database, n: number): void {
  const ins = db.prepare(
    "INSERT OR IGNORE INTO seen_ids (user_id, app_id, value, source) VALUES ('alice','limits',?,?)",
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) ins.run(`nt_seen_${i}`, "store");
      else ins.run(`please look at item_${i} today`, "message");
    }
  })();
}

let dir: string;
let k: K;
let realId: string;
const getNote = (noteId: string) =>
  req(k.url!, k.token, "POST", "/v1/call/get_note", { body: { args: { note_id: noteId } }, user: "alice" });

beforeAll(async () => {
  dir = await buildFixture("dispatch.ts");
  const opts = { extensionDir: dir, users: [{ id: "alice" }], writeDiscovery: false };
  const first = await createKernel(opts);
  realId = ((await first.call("alice", "create_note", { title: "real" })).results[0] as { data: { note_id: string } })
    .data.note_id;
  await first.close();
  const db = new Database(join(dir, ".imperal", "state", "kernel.db"));
  seed(db, 12_000);
  db.close();
  k = await createKernel({ ...opts, port: 0 });
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
});

describe("fabricated ids with 12,000 seen values", () => {
  it("gives the same answers as with a short conversation", async () => {
    const real = await getNote(realId);
    expect(real.json.outcome).toBe("completed");
    expect(real.json.results[0].data.title).toBe("real");
    // seen (exactly, or as a whole token of a seen message) -> the handler runs and answers "not found"
    for (const id of ["nt_seen_11998", "nt_seen_0", "item_11999", "item_1"]) {
      const r = await getNote(id);
      expect([id, r.json.outcome, r.json.results[0]?.error_code]).toEqual([id, "completed", "NOTE_NOT_FOUND"]);
    }
    // never seen, or only part of a token -> rejected before any handler code
    for (const id of ["nt_never", "nt_seen_1", "tem_11999", "item_11999 today please", "item"]) {
      const r = await getNote(id);
      expect([id, r.json.outcome, r.json.code]).toEqual([id, "rejected", "FABRICATED_ID"]);
    }
    const row = (await req(k.url!, k.token, "GET", "/v1/audit?limit=1", { user: "alice" })).json.rows[0];
    expect(row).toMatchObject({ tool: "get_note", status: "rejected", error_code: "FABRICATED_ID" });
  });

  it("does not do more work per rejection with 12,000 seen values than with 100", () => {
    const work = (n: number): number => {
      const state = mkdtempSync(join(tmpdir(), "imperal-seen-"));
      const db = internals.openKernelDb(state);
      try {
        seed(db, n);
        const ix = new internals.SeenIds(db, "limits").index("alice");
        const before = ix.probes;
        for (const id of ["nt_never", "made-up", "nt_seen_x y", "item_1 soon"]) {
          expect(checkFabricatedIds({ note_id: id }, { seen: ix }).ok).toBe(false);
        }
        expect(checkFabricatedIds({ note_id: `nt_seen_${n - 2}` }, { seen: ix }).ok).toBe(true);
        return ix.probes - before;
      } finally {
        db.close();
        cleanup(state);
      }
    };
    const small = work(100);
    expect(work(12_000)).toBe(small);
    expect(small).toBeLessThan(20);
  });
});
