// SPEC 7.1 uninstall through a real kernel: onUninstall runs first (a throw is recorded, the purge still happens),
// then ALL of the user's state of the extension goes — every per-user table and the storage dir, checked in the
// database and byte for byte on disk — while another user keeps theirs and the audit ledger stays.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformTool } from "@imperal/sdk/patterns";
import { buildFixture, cleanup, req } from "./helpers.js";
import { auditOf, call, Harness, lifecycleRoute, stateOf, withDb, type K } from "./lifecycle-helpers.js";

const TABLES = ["documents", "cache", "secrets", "confirmations", "seen_ids", "skeleton_snapshots", "fact_ledger"];
const ON_UNINSTALL = platformTool({ kind: "lifecycle", hook: "on_uninstall" });
let dir: string;
const h = new Harness();

beforeAll(async () => {
  dir = await buildFixture("lifecycle.ts", undefined, { tag: "1.0.0" });
});
afterAll(async () => {
  await h.closeAll();
  cleanup(dir);
});

const counts = (stateDir: string, user: string): Record<string, number> =>
  withDb(stateDir, (db) =>
    Object.fromEntries(
      TABLES.map((t) => [
        t,
        (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE user_id=?`).get(user) as { n: number }).n,
      ]),
    ),
  );

/** Every file under a dir with its bytes. */
function filesUnder(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(root.length)] = readFileSync(p).toString("latin1");
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/** Gives a user state of every kind: documents, a file, cache, a secret, seen ids, a snapshot, facts, a confirmation. */
async function populate(k: K, user: string, title: string): Promise<void> {
  expect((await call(k, user, "fill", { title })).status).toBe(200);
  await k.refreshSkeleton(user, "notes");
  await req(k.url!, k.token, "POST", "/v1/chat/turn", { user, body: { message: `fill ${title}` } });
  expect((await call(k, user, "wipe_all")).json.outcome).toBe("needs_confirmation");
}

describe("uninstall purges everything of the user", () => {
  it("removes every per-user table row and the storage dir; another user's bytes and the audit ledger stay", async () => {
    const stateDir = h.stateDir();
    const careful = { enabled: true, actions: { destructive: true } };
    const k = await h.boot(dir, {
      stateDir,
      users: [
        { id: "alice", confirmations: careful },
        { id: "bob", confirmations: careful },
      ],
    });
    await populate(k, "alice", "Alpha-7f3a");
    await populate(k, "bob", "Bravo-91cc");
    const before = counts(stateDir, "alice");
    for (const t of TABLES) expect(before[t], `alice has ${t} rows before`).toBeGreaterThan(0);
    const bobBefore = counts(stateDir, "bob");
    const storage = join(stateDir, "storage");
    const bobFiles = filesUnder(join(storage, "default", "bob"));
    expect(Object.values(bobFiles)).toContain("file of Bravo-91cc");
    expect(Object.values(filesUnder(join(storage, "default", "alice")))).toContain("file of Alpha-7f3a");
    const auditBefore = k.audit(1000, "alice").length;

    const r = await lifecycleRoute(k, "uninstall", "alice");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, user: "alice", action: "uninstall", changed: true, installed: false });
    expect(r.json.hook.status).toBe("executed");
    expect(r.json.purged.documents).toBe(before.documents);

    expect(counts(stateDir, "alice")).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    expect(existsSync(join(storage, "default", "alice", "life"))).toBe(false);
    expect(filesUnder(join(storage, "default", "alice"))).toEqual({});
    // No document anywhere still carries alice's data; bob's rows and bytes are untouched.
    const docs = withDb(stateDir, (db) => db.prepare("SELECT user_id, data FROM documents").all() as any[]);
    expect(docs.some((d) => d.data.includes("Alpha-7f3a"))).toBe(false);
    expect(docs.some((d) => d.user_id === "bob" && d.data.includes("Bravo-91cc"))).toBe(true);
    expect(counts(stateDir, "bob")).toEqual(bobBefore);
    expect(filesUnder(join(storage, "default", "bob"))).toEqual(bobFiles);
    expect(withDb(stateDir, (db) => db.prepare("SELECT count(*) AS n FROM kv WHERE key='alice'").get())).toEqual({
      n: 0,
    });
    // The ledger keeps alice's rows (retention), plus the hook's.
    expect(k.audit(1000, "alice").length).toBeGreaterThan(auditBefore);
    expect(auditOf(k, ON_UNINSTALL).map((x) => [x.user_id, x.status])).toEqual([["alice", "executed"]]);
    // Skeleton and fact-ledger views are empty; bob's skeleton still shows his note.
    expect(k.factLedger("alice")).toMatchObject({ user: "alice" });
    expect(JSON.stringify(k.factLedger("alice"))).not.toContain("Alpha-7f3a");
    expect(JSON.stringify(k.skeleton("bob"))).toContain('"total":1');
    // Using the extension again is a new first sight: installed afresh, with nothing of the old state.
    const s = await stateOf(k, "alice");
    expect(s).toMatchObject({ notes: 0, files: 0, attempts: 1 });
    expect(s.prefs).toHaveLength(1);
  });

  it("a throwing onUninstall is recorded and the purge still happens", async () => {
    const stateDir = h.stateDir();
    const k = await h.boot(dir, { stateDir, config: { users: { bob: { uninstall: { fail: true } } } } });
    expect((await call(k, "bob", "fill", { title: "doomed" })).status).toBe(200);
    const r = await lifecycleRoute(k, "uninstall", "bob");
    expect(r.status).toBe(200);
    expect(r.json.hook.status).toBe("failed");
    expect(r.json.hook.error).toContain("uninstall hook broke on purpose");
    const row = auditOf(k, ON_UNINSTALL)[0];
    expect(row).toMatchObject({ user_id: "bob", status: "failed" });
    expect(row.reason).toContain("uninstall hook broke on purpose");
    expect(counts(stateDir, "bob").documents).toBe(0);
    expect(existsSync(join(stateDir, "storage", "default", "bob", "life"))).toBe(false);
  });

  it("uninstalling a user the kernel never installed runs no hook and still purges", async () => {
    const k = await h.boot(dir);
    const r = await lifecycleRoute(k, "uninstall", "bob");
    expect(r.json).toMatchObject({ changed: false, installed: false });
    expect(r.json.hook).toBeUndefined();
    expect(auditOf(k, ON_UNINSTALL)).toHaveLength(0);
  });
});
