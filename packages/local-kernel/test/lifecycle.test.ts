// SPEC 7.1 through a real kernel over HTTP on 127.0.0.1 with real SQLite: install on first sight (once, also under
// concurrent first calls; a throwing onInstall is retried), the install/enable/disable routes and EXTENSION_DISABLED.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformTool } from "@imperal/sdk/patterns";
import { buildFixture, cleanup, req } from "./helpers.js";
import { auditOf, call, Harness, lifecycleRoute, stateOf, withDb } from "./lifecycle-helpers.js";

const ON_INSTALL = platformTool({ kind: "lifecycle", hook: "on_install" });
const ON_ENABLE = platformTool({ kind: "lifecycle", hook: "on_enable" });
const ON_DISABLE = platformTool({ kind: "lifecycle", hook: "on_disable" });
let dir: string;
const h = new Harness();

beforeAll(async () => {
  dir = await buildFixture("lifecycle.ts", undefined, { tag: "1.0.0" });
});
afterAll(async () => {
  await h.closeAll();
  cleanup(dir);
});

describe("install on first sight", () => {
  it("runs onInstall once per user, also for 5 concurrent first calls, and records the version in kv", async () => {
    const stateDir = h.stateDir();
    const k = await h.boot(dir, { stateDir });
    const first = await Promise.all(Array.from({ length: 5 }, () => call(k, "alice", "state")));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const rows = auditOf(k, ON_INSTALL);
    expect(rows.map((r) => [r.user_id, r.status, r.source])).toEqual([["alice", "executed", "lifecycle"]]);
    const s = await stateOf(k, "alice");
    expect(s.prefs).toEqual([{ installed: true, attempt: 1 }]);
    expect(s.attempts).toBe(1);
    // Another call, a turn and a panel: still one install; bob was never seen, so he is not installed.
    await req(k.url!, k.token, "POST", "/v1/chat/turn", { user: "alice", body: { message: "hello" } });
    expect((await req(k.url!, k.token, "POST", "/v1/panels/main", { user: "alice" })).status).toBe(200);
    expect(auditOf(k, ON_INSTALL)).toHaveLength(1);
    const kv = withDb(stateDir, (db) => db.prepare("SELECT key, value FROM kv WHERE ns='lifecycle:life'").all());
    expect(kv.map((r: any) => [r.key, JSON.parse(r.value).version, JSON.parse(r.value).disabled])).toEqual([
      ["alice", "1.0.0", false],
    ]);
  });

  it("a panel or a chat turn is a first sight too", async () => {
    const k = await h.boot(dir);
    expect((await req(k.url!, k.token, "POST", "/v1/panels/main", { user: "alice" })).json.outcome).toBe("completed");
    await req(k.url!, k.token, "POST", "/v1/chat/turn", { user: "bob", body: { message: "hello there" } });
    expect(auditOf(k, ON_INSTALL).map((r) => r.user_id)).toEqual(["alice", "bob"]);
  });

  it("a throwing onInstall fails the call with 503 INSTALL_FAILED (nothing ran) and the next call installs", async () => {
    const stateDir = h.stateDir();
    const k = await h.boot(dir, {
      stateDir,
      users: [{ id: "flaky" }],
      config: { users: { flaky: { install: { failFirst: true } } } },
    });
    const r = await call(k, "flaky", "fill", { title: "never written" });
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe("INSTALL_FAILED");
    expect(r.json.error.message).toContain("install broke on purpose");
    expect(r.json.error.fix).toContain(ON_INSTALL);
    expect(auditOf(k, "fill")).toHaveLength(0); // the call itself never ran
    expect(withDb(stateDir, (db) => db.prepare("SELECT count(*) AS n FROM kv").get())).toEqual({ n: 0 });
    expect(auditOf(k, ON_INSTALL).map((x) => x.status)).toEqual(["failed"]);
    // Retried on the next call, which then runs.
    const s = await stateOf(k, "flaky");
    expect(s.attempts).toBe(2);
    expect(s.prefs).toEqual([{ installed: true, attempt: 2 }]);
    expect(s.notes).toBe(0);
    expect(auditOf(k, ON_INSTALL).map((x) => x.status)).toEqual(["failed", "executed"]);
  });

  it("concurrent first calls share one failing install: each gets INSTALL_FAILED, the hook ran once", async () => {
    const k = await h.boot(dir, {
      users: [{ id: "flaky" }],
      config: { users: { flaky: { install: { failFirst: true } } } },
    });
    const all = await Promise.all(Array.from({ length: 5 }, () => call(k, "flaky", "state")));
    expect(all.map((r) => r.json.error?.code)).toEqual(Array(5).fill("INSTALL_FAILED"));
    expect(auditOf(k, ON_INSTALL)).toHaveLength(1);
  });
});

describe("install, enable and disable routes", () => {
  it("POST /v1/users/{id}/install installs once; only the user itself or an admin of its tenant may", async () => {
    const k = await h.boot(dir, {
      users: [{ id: "alice" }, { id: "bob" }, { id: "root", role: "admin" }, { id: "eve", tenantId: "other" }],
    });
    const a = await lifecycleRoute(k, "install", "alice");
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ ok: true, user: "alice", action: "install", changed: true, installed: true });
    expect(a.json.version).toBe("1.0.0");
    expect(a.json.hook.status).toBe("executed");
    const again = await lifecycleRoute(k, "install", "alice");
    expect(again.json).toMatchObject({ changed: false, installed: true });
    expect(again.json.hook).toBeUndefined();
    const wrong = await lifecycleRoute(k, "install", "bob", "alice");
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe("WRONG_USER");
    expect((await lifecycleRoute(k, "disable", "bob", "eve")).json.error.code).toBe("WRONG_USER");
    expect((await lifecycleRoute(k, "install", "bob", "root")).json.changed).toBe(true);
    expect((await lifecycleRoute(k, "enable", "ghost", "alice")).json.error.code).toBe("UNKNOWN_USER");
    expect((await req(k.url!, "wrong", "POST", "/v1/users/alice/install", { user: "alice" })).status).toBe(401);
    expect(auditOf(k, ON_INSTALL).map((r) => r.user_id)).toEqual(["alice", "bob"]);
  });

  it("POST /v1/users/{id}/install with a throwing onInstall is 503 INSTALL_FAILED; the next try installs", async () => {
    const k = await h.boot(dir, {
      users: [{ id: "flaky" }],
      config: { users: { flaky: { install: { failFirst: true } } } },
    });
    const bad = await lifecycleRoute(k, "install", "flaky");
    expect(bad.status).toBe(503);
    expect(bad.json.error.code).toBe("INSTALL_FAILED");
    expect(bad.json.error.message).toContain("install broke on purpose");
    const ok = await lifecycleRoute(k, "install", "flaky");
    expect(ok.json).toMatchObject({ changed: true, installed: true, hook: { status: "executed" } });
  });

  it("a disabled user's calls, turns, panels and accepts are 403 EXTENSION_DISABLED; it persists; enable restores", async () => {
    const stateDir = h.stateDir();
    const users = [{ id: "dave", confirmations: { enabled: true, actions: { destructive: true } } }, { id: "alice" }];
    let k = await h.boot(dir, { stateDir, users });
    expect((await call(k, "dave", "fill", { title: "one" })).status).toBe(200);
    const pending = await call(k, "dave", "wipe_all");
    expect(pending.json.outcome).toBe("needs_confirmation");

    const d = await lifecycleRoute(k, "disable", "dave");
    expect(d.json).toMatchObject({ action: "disable", changed: true, enabled: false, hook: { status: "executed" } });
    const rejected = [
      await call(k, "dave", "state"),
      await req(k.url!, k.token, "POST", "/v1/chat/turn", { user: "dave", body: { message: "show my state" } }),
      await req(k.url!, k.token, "POST", "/v1/panels/main", { user: "dave" }),
      await req(k.url!, k.token, "POST", `/v1/confirmations/${pending.json.confirmation.id}/accept`, { user: "dave" }),
    ];
    for (const r of rejected) {
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe("EXTENSION_DISABLED");
      expect(r.json.error.message).toContain("disabled for dave");
      expect(r.json.error.fix).toContain("/v1/users/dave/enable");
    }
    expect((await call(k, "alice", "state")).status).toBe(200); // only dave
    expect((await lifecycleRoute(k, "disable", "dave")).json.changed).toBe(false);
    expect(auditOf(k, ON_DISABLE)).toHaveLength(1);

    // Persisted in kv: a restarted kernel on the same state still rejects dave.
    await k.close();
    k = await h.boot(dir, { stateDir, users });
    expect((await call(k, "dave", "state")).json.error.code).toBe("EXTENSION_DISABLED");
    await expect(k.call("dave", "state")).rejects.toMatchObject({ code: "EXTENSION_DISABLED", status: 403 });

    const e = await lifecycleRoute(k, "enable", "dave");
    expect(e.json).toMatchObject({ action: "enable", changed: true, enabled: true, hook: { status: "executed" } });
    const s = await stateOf(k, "dave");
    expect(s.toggles).toEqual([{ to: "disabled" }, { to: "enabled" }]);
    expect(s.notes).toBe(1);
    expect(auditOf(k, ON_ENABLE)).toHaveLength(1);
    // Installed by the first kernel (the ledger outlives restarts), not again by this one.
    expect(auditOf(k, ON_INSTALL).filter((r) => r.user_id === "dave")).toHaveLength(1);
  });

  it("disabling a user the kernel never saw installs it first, then disables", async () => {
    const k = await h.boot(dir);
    const d = await lifecycleRoute(k, "disable", "bob");
    expect(d.json).toMatchObject({ installed: true, enabled: false, changed: true });
    expect(auditOf(k, ON_INSTALL).map((r) => r.user_id)).toEqual(["bob"]);
    expect((await call(k, "bob", "state")).json.error.code).toBe("EXTENSION_DISABLED");
  });
});
