// SPEC 7.1 upgrades through real kernels on one state dir: a restart with a newer version runs on_upgrade for each
// installed user (the versions in (from, to], in semver order) and stores the new version; the same version again
// runs nothing; a reload to a newer build upgrades the running kernel's users.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformTool } from "@imperal/sdk/patterns";
import { buildFixture, cleanup } from "./helpers.js";
import { auditOf, call, Harness, stateOf, until, withDb } from "./lifecycle-helpers.js";

const ON_UPGRADE = platformTool({ kind: "lifecycle", hook: "on_upgrade" });
let dir: string;
const h = new Harness();

beforeAll(async () => {
  dir = await buildFixture("lifecycle.ts", undefined, { tag: "1.0.0" });
});
afterAll(async () => {
  await h.closeAll();
  cleanup(dir);
});

const versions = (stateDir: string): Record<string, string> =>
  withDb(stateDir, (db) =>
    Object.fromEntries(
      (db.prepare("SELECT key, value FROM kv WHERE ns='lifecycle:life'").all() as any[]).map((r) => [
        r.key,
        JSON.parse(r.value).version,
      ]),
    ),
  );
const upgradesOf = async (k: Parameters<typeof stateOf>[0], user: string): Promise<string[]> =>
  ((await stateOf(k, user)).upgrades as Array<{ to: string }>).map((u) => u.to);

describe("onUpgrade", () => {
  it("runs at start for users installed at an older version, in semver order, once", async () => {
    const stateDir = h.stateDir();
    let k = await h.boot(dir, { stateDir });
    expect((await call(k, "alice", "state")).status).toBe(200);
    expect(versions(stateDir)).toEqual({ alice: "1.0.0" });
    await k.close();

    await buildFixture("lifecycle.ts", dir, { tag: "2.0.0" });
    k = await h.boot(dir, { stateDir });
    // Upgraded before the kernel answered anything: 1.5.0 then 2.0.0 (registered as 3.0.0, 1.5.0, 2.0.0).
    expect(versions(stateDir)).toEqual({ alice: "2.0.0" });
    const rows = auditOf(k, ON_UPGRADE);
    expect(rows.map((r) => [r.user_id, r.status, r.args])).toEqual([
      ["alice", "executed", { from: "1.0.0", to: "2.0.0" }],
    ]);
    expect(await upgradesOf(k, "alice")).toEqual(["1.5.0", "2.0.0"]);
    // bob is installed at 2.0.0 on first sight: no upgrade for him.
    expect(await upgradesOf(k, "bob")).toEqual([]);
    expect(versions(stateDir)).toEqual({ alice: "2.0.0", bob: "2.0.0" });
    await k.close();

    // The same version again: nothing runs.
    k = await h.boot(dir, { stateDir, config: { app: { upgrade: { delayMs: 400 } } } });
    expect(auditOf(k, ON_UPGRADE)).toHaveLength(1);

    // A reload to a newer build upgrades both users of the running kernel (alice from 2.0.0, bob from 2.0.0); a
    // call right after the reload waits for its user's (slow) upgrade, so it already sees the upgraded state.
    await buildFixture("lifecycle.ts", dir, { tag: "3.0.0" });
    const r = await k.reload();
    expect(r.ok).toBe(true);
    expect(await upgradesOf(k, "bob")).toEqual(["3.0.0"]);
    expect(await until(() => auditOf(k, ON_UPGRADE).length === 3)).toBe(true);
    await until(() => Object.values(versions(stateDir)).every((v) => v === "3.0.0"));
    expect(versions(stateDir)).toEqual({ alice: "3.0.0", bob: "3.0.0" });
    expect(await upgradesOf(k, "alice")).toEqual(["1.5.0", "2.0.0", "3.0.0"]);
    expect(await upgradesOf(k, "bob")).toEqual(["3.0.0"]);
  });

  it("a failed upgrade keeps the old version and is tried again at the next start", async () => {
    const stateDir = h.stateDir();
    await buildFixture("lifecycle.ts", dir, { tag: "1.0.0" });
    let k = await h.boot(dir, { stateDir });
    await call(k, "alice", "state");
    await k.close();
    await buildFixture("lifecycle.ts", dir, { tag: "2.0.0" });
    k = await h.boot(dir, { stateDir, config: { app: { upgrade: { fail: true } } } });
    expect(versions(stateDir)).toEqual({ alice: "1.0.0" });
    const failed = auditOf(k, ON_UPGRADE);
    expect(failed.map((r) => r.status)).toEqual(["failed"]);
    expect(failed[0].reason).toContain("upgrade broke on purpose");
    expect((await call(k, "alice", "state")).status).toBe(200); // the kernel serves anyway
    await k.close();
    k = await h.boot(dir, { stateDir });
    expect(versions(stateDir)).toEqual({ alice: "2.0.0" });
    // 1.5.0 ran in the failed attempt too: upgrade hooks must be safe to run twice.
    expect(await upgradesOf(k, "alice")).toEqual(["1.5.0", "1.5.0", "2.0.0"]);
  });

  it("a version with no hook in (from, to] only moves the stored version; nothing runs", async () => {
    const stateDir = h.stateDir();
    await buildFixture("lifecycle.ts", dir, { tag: "3.0.0" });
    let k = await h.boot(dir, { stateDir });
    await call(k, "alice", "state");
    await k.close();
    await buildFixture("lifecycle.ts", dir, { tag: "3.1.0" });
    k = await h.boot(dir, { stateDir });
    expect(versions(stateDir)).toEqual({ alice: "3.1.0" });
    expect(auditOf(k, ON_UPGRADE)).toHaveLength(0);
  });
});
