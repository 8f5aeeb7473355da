// Skeletons through the HTTP API: ttl loops on SQLite, on-demand refresh, bad returns, alerts into the next turn,
// per-user isolation, watchdog, uninstall purge, events, reload with different sections.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import Database from "better-sqlite3";
import { join } from "node:path";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let dir: string;
let k: K;
let url: string;
let token: string;
const call = (user: string, tool: string, args: unknown) =>
  req(url, token, "POST", `/v1/call/${tool}`, { body: { args }, user });
const view = async (user: string) => (await req(url, token, "GET", "/v1/skeleton", { user })).json;
const section = async (user: string, name: string) =>
  (await view(user)).sections.find((s: { section: string }) => s.section === name);
const refresh = (user: string, name: string) => req(url, token, "POST", `/v1/skeleton/${name}/refresh`, { user });
async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await sleep(50);
    v = await fn();
  }
  return v;
}

beforeAll(async () => {
  dir = await buildFixture("notes-chat.ts", undefined, { banner: "globalThis.__ACTIVITY_TTL__=1;" });
  k = await createKernel({
    extensionDir: dir,
    port: 0,
    limits: { promotionMs: 30_000 },
    skeletons: { watchdogMs: 300 },
    users: [{ id: "alice" }, { id: "bob" }, { id: "erin" }],
  });
  url = k.url!;
  token = k.token;
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
});

describe("skeleton loops", () => {
  it("refreshes every section at start and every ttl seconds; ctx.skeleton.get reads the stored snapshot", async () => {
    const first = await until(
      () => section("alice", "activity"),
      (s) => s?.snapshot?.refreshes >= 1,
    );
    expect(first.ttl).toBe(1);
    const later = await until(
      () => section("alice", "activity"),
      (s) => s?.snapshot?.refreshes >= first.snapshot.refreshes + 2,
      6000,
    );
    // each refresh read the previous stored snapshot through ctx.skeleton.get and added one
    expect(later.snapshot.refreshes).toBeGreaterThanOrEqual(first.snapshot.refreshes + 2);
    expect(Date.parse(later.refreshed_at)).toBeGreaterThan(Date.parse(first.refreshed_at));
    const notes = await until(
      () => section("alice", "notes"),
      (s) => s?.snapshot !== null,
    );
    expect(notes.snapshot).toEqual({ total_notes: 0, recent_notes: [] });
    expect(notes.ttl).toBe(300);
    // refreshes are audited as skeleton-source calls, shown with ?include=skeleton and hidden from the default view
    const rows = (await req(url, token, "GET", "/v1/audit?limit=50&include=skeleton", { user: "alice" })).json
      .rows as Array<{ tool: string; source: string; status: string }>;
    expect(
      rows.some((r) => r.tool === "skeleton_refresh_activity" && r.source === "skeleton" && r.status === "executed"),
    ).toBe(true);
    const visible = (await req(url, token, "GET", "/v1/audit?limit=50", { user: "alice" })).json.rows as Array<{
      source?: string;
    }>;
    expect(visible.some((r) => r.source === "skeleton")).toBe(false);
  });

  it("refreshes on demand; GET /v1/skeleton shows raw snapshots, refresh times, the classifier block and warnings", async () => {
    const a = (await call("alice", "create_note", { title: "Q3 roadmap" })).json.results[0].data.note_id;
    const r = await refresh("alice", "notes");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      user: "alice",
      section: "notes",
      ok: true,
      changed: true,
      snapshot: { total_notes: 1, recent_notes: [{ id: a, title: "Q3 roadmap" }] },
    });
    const v = await view("alice");
    expect(v.user).toBe("alice");
    expect(v.block.split("\n")[0]).toMatch(/^\[Skeleton: cached per-user snapshot/);
    expect(v.block).toContain(`notes: total_notes=1, recent_notes=[Q3 roadmap (#${a})] (cached ~`);
    const notes = v.sections.find((s: { section: string }) => s.section === "notes");
    expect(notes.rendered).toMatch(/^notes: total_notes=1/);
    expect(notes.raw_bytes).toBeGreaterThan(0);
    expect(notes.warnings).toEqual([]);
    expect(Date.parse(notes.refreshed_at)).toBeGreaterThan(Date.now() - 5000);
    // without X-Acting-User: the kernel's first user (the developer); an unknown user is 403
    expect((await req(url, token, "GET", "/v1/skeleton")).json.user).toBe("alice");
    expect((await req(url, token, "GET", "/v1/skeleton", { user: "mallory" })).status).toBe(403);
    expect((await req(url, token, "GET", "/v1/fact-ledger", { user: "mallory" })).status).toBe(403);
    expect((await refresh("alice", "nope")).status).toBe(404);
    expect((await refresh("alice", "nope")).json.error.code).toBe("SKELETON_UNKNOWN_SECTION");
    // snapshot values feed the fabricated-id guard's memory
    const db = new Database(join(k.stateDir, "kernel.db"), { readonly: true });
    try {
      expect(
        (
          db.prepare("SELECT count(*) AS n FROM seen_ids WHERE user_id='alice' AND source='skeleton'").get() as {
            n: number;
          }
        ).n,
      ).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it("warns authors about a section over 2 KB and content the compression loses", async () => {
    await call("erin", "set_skeleton_mode", { mode: "big" });
    for (let i = 0; i < 7; i++) await call("erin", "create_note", { title: `n${i}` });
    expect((await refresh("erin", "notes")).json.ok).toBe(true);
    const s = await section("erin", "notes");
    const codes = s.warnings.map((w: { code: string }) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining(["SECTION_TOO_LARGE", "LIST_COLLAPSED", "STRING_TRUNCATED", "DICT_COLLAPSED"]),
    );
    expect(s.rendered).toContain("all_titles=list[7]");
    expect(s.raw_bytes).toBeGreaterThan(2048);
  });

  it("a bad return (inner object, or a throw) is recorded and the last good snapshot is kept", async () => {
    const good = (await section("alice", "notes")).snapshot;
    await call("alice", "set_skeleton_mode", { mode: "bad" });
    await call("alice", "create_note", { title: "invisible" });
    const r = await refresh("alice", "notes");
    expect(r.json.ok).toBe(false);
    expect(r.json.error.code).toBe("SKELETON_BAD_RETURN");
    expect(r.json.error.message).toMatch(/response/);
    expect(r.json.snapshot).toEqual(good);
    const s = await section("alice", "notes");
    expect(s.snapshot).toEqual(good);
    expect(s.last_error.code).toBe("SKELETON_BAD_RETURN");
    await call("alice", "set_skeleton_mode", { mode: "throw" });
    const t = await refresh("alice", "notes");
    expect(t.json.ok).toBe(false);
    expect(t.json.error.code).toBe("HANDLER_ERROR");
    expect(t.json.error.message).not.toMatch(/at .*\.js|Error:/);
    expect((await section("alice", "notes")).snapshot).toEqual(good);
    await call("alice", "set_skeleton_mode", { mode: "good" });
    const g = await refresh("alice", "notes");
    expect(g.json.ok).toBe(true);
    expect(g.json.snapshot.total_notes).toBe(2);
    expect((await section("alice", "notes")).last_error).toBeUndefined();
  });

  it("runs the alert tool on change; its answer is an ambient alert in the next turn's classifier input", async () => {
    const events: Array<{ type: string; userId?: string; data: any }> = [];
    const off = k.onEvent((e) => events.push(e));
    // earlier changes (0 -> 1 -> 2 notes) left alerts; a turn consumes them
    const pending = (await view("alice")).alerts;
    expect(pending).toEqual([
      "Heads-up: you now have 1 notes (before: 0).",
      "Heads-up: you now have 2 notes (before: 1).",
    ]);
    expect(
      (await req(url, token, "POST", "/v1/chat/turn", { body: { message: "hi" }, user: "alice" })).json.context.alerts,
    ).toEqual(pending);
    await call("alice", "create_note", { title: "Another" });
    const r = await refresh("alice", "notes");
    expect(r.json.changed).toBe(true);
    const v = await view("alice");
    expect(v.alerts).toEqual(["Heads-up: you now have 3 notes (before: 2)."]);
    expect(events.some((e) => e.type === "skeleton_alert" && e.userId === "alice")).toBe(true);
    const t = await req(url, token, "POST", "/v1/chat/turn", { body: { message: "hello" }, user: "alice" });
    expect(t.json.context.alerts).toEqual(["Heads-up: you now have 3 notes (before: 2)."]);
    expect(t.json.context.skeleton_block).toContain("total_notes=3");
    // consumed by that turn
    expect((await view("alice")).alerts).toEqual([]);
    const t2 = await req(url, token, "POST", "/v1/chat/turn", { body: { message: "hello" }, user: "alice" });
    expect(t2.json.context.alerts).toEqual([]);
    // no change -> no alert
    await refresh("alice", "notes");
    expect((await view("alice")).alerts).toEqual([]);
    off();
  });

  it("keeps snapshots per user", async () => {
    await refresh("bob", "notes");
    const alice = await view("alice");
    const bob = await view("bob");
    expect(bob.sections.find((s: { section: string }) => s.section === "notes").snapshot).toEqual({
      total_notes: 0,
      recent_notes: [],
    });
    const aliceIds = alice.sections
      .find((s: { section: string }) => s.section === "notes")
      .snapshot.recent_notes.map((n: { id: string }) => n.id);
    expect(aliceIds.length).toBeGreaterThan(0);
    for (const id of aliceIds) expect(JSON.stringify(bob)).not.toContain(id);
    expect(bob.alerts).toEqual([]);
  });

  it("streams skeleton refresh events on /v1/events to the owning user only", async () => {
    const ac = new AbortController();
    const res = await fetch(url + "/v1/events", {
      headers: { authorization: `Bearer ${token}`, "x-acting-user": "bob" },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = "";
    await refresh("bob", "notes");
    const deadline = Date.now() + 3000;
    while (!text.includes("event: skeleton_refresh") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
    }
    ac.abort();
    expect(text).toContain("event: skeleton_refresh");
    const events = text
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => JSON.parse(l.slice(6)));
    const sk = events.filter((e) => e.type === "skeleton_refresh");
    expect(sk.length).toBeGreaterThan(0);
    expect(sk.every((e) => e.userId === "bob")).toBe(true);
    expect(sk[0].data).toMatchObject({ ok: true });
  });

  it("the watchdog restarts a crashed loop within seconds", async () => {
    const sched = k.internal.skeletons.current!;
    const before = (await section("erin", "activity")).snapshot.refreshes;
    const restarts = sched.stats().restarts;
    // A crash only takes loops that sit scheduled (a running or queued refresh reschedules itself), so crash
    // again until the watchdog has had one to restart; then the loop must be refreshing on its own again.
    const end = Date.now() + 6000;
    while (sched.stats().restarts === restarts && Date.now() < end) {
      sched.simulateCrash("erin");
      await new Promise((r) => setTimeout(r, 250));
    }
    const after = await until(
      () => section("erin", "activity"),
      (s) => s.snapshot.refreshes > before + 1,
      4000,
    );
    expect(after.snapshot.refreshes).toBeGreaterThan(before + 1);
    expect(sched.stats().restarts).toBeGreaterThan(restarts);
  });

  it("uninstall purges the user's snapshots within 2 s and stops their loops; using the extension again restarts them", async () => {
    expect((await section("bob", "activity")).snapshot).not.toBeNull();
    const t0 = Date.now();
    const r = await req(url, token, "POST", "/v1/users/bob/uninstall", { user: "bob" });
    const elapsed = Date.now() - t0;
    expect(r.status).toBe(200);
    expect(elapsed).toBeLessThan(2000);
    const db = new Database(join(k.stateDir, "kernel.db"), { readonly: true });
    try {
      expect(
        (db.prepare("SELECT count(*) AS n FROM skeleton_snapshots WHERE user_id='bob'").get() as { n: number }).n,
      ).toBe(0);
      expect((db.prepare("SELECT count(*) AS n FROM fact_ledger WHERE user_id='bob'").get() as { n: number }).n).toBe(
        0,
      );
    } finally {
      db.close();
    }
    const v = await view("bob");
    expect(v.sections.every((s: { snapshot: unknown }) => s.snapshot === null)).toBe(true);
    expect(v.loops.uninstalled).toBe(true);
    await sleep(1500);
    expect((await view("bob")).sections.every((s: { snapshot: unknown }) => s.snapshot === null)).toBe(true);
    // alice is untouched
    expect((await section("alice", "notes")).snapshot.total_notes).toBe(3);
    // bob chats again -> loops come back
    await req(url, token, "POST", "/v1/chat/turn", { body: { message: "hello" }, user: "bob" });
    const back = await until(
      () => section("bob", "activity"),
      (s) => s.snapshot !== null,
    );
    expect(back.snapshot.refreshes).toBe(1);
  });

  it("restarts cleanly on reload when the new build declares different sections", async () => {
    await buildFixture("notes-chat.ts", dir, {
      banner: "globalThis.__ACTIVITY_TTL__=1; globalThis.__NO_ACTIVITY__=true;",
    });
    const r = await k.reload();
    expect(r.ok).toBe(true);
    const v = await view("alice");
    expect(v.sections.map((s: { section: string }) => s.section)).toEqual(["notes"]);
    expect(v.block).not.toContain("activity:");
    const db = new Database(join(k.stateDir, "kernel.db"), { readonly: true });
    try {
      expect(
        (db.prepare("SELECT count(*) AS n FROM skeleton_snapshots WHERE section='activity'").get() as { n: number }).n,
      ).toBe(0);
    } finally {
      db.close();
    }
    const stats = k.internal.skeletons.current!.stats();
    expect(stats.entries).toBe(3);
    // the notes snapshot survived the reload and refreshing still works on the new build
    expect((await refresh("alice", "notes")).json.ok).toBe(true);
    expect((await refresh("alice", "activity")).status).toBe(404);
  });
});
