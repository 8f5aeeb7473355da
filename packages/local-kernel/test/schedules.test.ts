// SPEC 7.3 through a real kernel on the test clock: cron fires once per (schedule, minute) — also across a restart on
// the same state dir — no overlap (`skipped`), timeouts, failures, fan-out with asUser and queryAll, and the HTTP API.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

type Mod = Awaited<ReturnType<typeof loadKernel>>;
type K = Awaited<ReturnType<Mod["createKernel"]>>;
type Clock = ReturnType<Mod["createTestClock"]>;

let mod: Mod;
let dir: string;
let stateDir: string;
let k: K;
let clock: Clock;
const events: Array<{ type: string; data: any }> = [];
const users = [{ id: "alice" }, { id: "bob", tenantId: "t2" }];

const boot = async (at: string): Promise<void> => {
  clock = mod.createTestClock(at);
  k = await mod.createKernel({ extensionDir: dir, stateDir, port: 0, users, schedules: { clock } });
  k.onEvent((e) => events.push({ type: e.type, data: e.data }));
};
/** The audit rows of the system user for one schedule, oldest first, as `status`. */
const rows = (name: string) =>
  k
    .audit(200, "__system__")
    .filter((r) => r.tool === `__schedule__${name}`)
    .reverse();
const statuses = (name: string) => rows(name).map((r) => r.status);
/** Documents in the kernel database (read with SQLite directly, next to the running kernel). */
const docs = (collection: string): Array<{ user: string; data: any }> => {
  const db = new Database(join(stateDir, "kernel.db"), { readonly: true });
  try {
    return (
      db
        .prepare("SELECT user_id, data FROM documents WHERE app_id = 'plat' AND collection = ? ORDER BY seq")
        .all(collection) as Array<{ user_id: string; data: string }>
    ).map((r) => ({ user: r.user_id, data: JSON.parse(r.data) }));
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  mod = await loadKernel();
  dir = await buildFixture("platform.ts");
  stateDir = join(dir, "state");
  await boot("2030-01-01T09:59:30Z");
  for (const [user, title] of [
    ["alice", "a1"],
    ["alice", "a2"],
    ["bob", "b1"],
  ] as const)
    expect((await k.call(user, "create_item", { title })).outcome).toBe("completed");
}, 60_000);
afterAll(async () => {
  await k?.close();
  cleanup(dir);
});

describe("cron fires on the kernel clock (SPEC 7.3)", () => {
  it("nothing fires before a matching minute", async () => {
    await clock.advance(20_000); // 09:59:50
    expect(k.audit(50, "__system__")).toEqual([]);
  });

  it("fires at 10:00 once: digest fans out over every user with asUser; slow times out after its 1 s", async () => {
    await clock.set("2030-01-01T10:00:00Z"); // resolves once the runs it started have finished
    expect(statuses("digest")).toEqual(["executed"]);
    expect(statuses("slow")).toEqual(["timeout"]); // */5 matches 10:00 too; it sleeps 3 s against timeoutSeconds 1
    expect(statuses("broken")).toEqual([]);
    const digest = rows("digest")[0]!;
    expect(digest).toMatchObject({ user_id: "__system__", tenant_id: "default", source: "schedule" });
    expect(rows("slow")[0]!.duration_ms).toBeGreaterThanOrEqual(900);
    expect(rows("slow")[0]!.duration_ms).toBeLessThan(2900);
    // one digests document per user, written in that user's partition through ctx.asUser
    expect(docs("digests")).toEqual([
      { user: "alice", data: { items: 2, by: "__system__" } },
      { user: "bob", data: { items: 1, by: "__system__" } },
    ]);
    // the system partition: listUsers saw both users (across tenants), queryAll every user's item
    expect(docs("runs")).toEqual([{ user: "__system__", data: { users: 2, items: 3 } }]);
    const cron = events.filter((e) => e.type === "schedule" && e.data.name === "digest");
    expect(cron.map((e) => [e.data.phase, e.data.trigger, e.data.at])).toEqual([
      ["started", "cron", "2030-01-01T10:00:00.000Z"],
      ["finished", "cron", "2030-01-01T10:00:00.000Z"],
    ]);
    expect(events.some((e) => e.type === "platform_run" && e.data.tool === "__schedule__digest")).toBe(true);
  });

  it("not twice in the same minute, and not at 10:01", async () => {
    await clock.advance(45_000); // 10:00:45
    await clock.set("2030-01-01T10:01:00Z");
    await clock.advance(30_000);
    expect(statuses("digest")).toEqual(["executed"]);
    expect(statuses("slow")).toEqual(["timeout"]);
    expect(docs("digests")).toHaveLength(2);
  });

  it("a restart on the same state dir within 10:00 does not fire it again (the fired minute is in kv)", async () => {
    await k.close();
    await boot("2030-01-01T10:00:50Z"); // the start looks at the current minute: 10:00 matches, but it fired
    await clock.set("2030-01-01T10:01:10Z");
    expect(statuses("digest")).toEqual(["executed"]);
    expect(statuses("slow")).toEqual(["timeout"]);
    expect(docs("digests")).toHaveLength(2);
  }, 30_000);

  it("a cron fire while the previous run is still going is audited skipped (no overlap)", async () => {
    const manual = k.runSchedule("slow"); // runs ~1 s until its timeout
    await clock.set("2030-01-01T10:05:00Z");
    expect((await manual).status).toBe("timeout");
    // the manual run's row is written when it starts, so it comes before the skip it caused
    expect(statuses("slow")).toEqual(["timeout", "timeout", "skipped"]);
    const skipped = rows("slow")[2]!;
    expect(skipped).toMatchObject({ user_id: "__system__", status: "skipped", duration_ms: 0, source: "schedule" });
    expect(skipped.reason).toMatch(/previous run of this schedule is still going/);
    expect(events.filter((e) => e.type === "schedule" && e.data.phase === "skipped").at(-1)?.data).toMatchObject({
      name: "slow",
      trigger: "cron",
      at: "2030-01-01T10:05:00.000Z",
    });
  });

  it("POST run while a cron run is going answers skipped; after it, the next run really runs", async () => {
    const fired = clock.set("2030-01-01T10:10:00Z"); // slow fires and is in flight until its timeout
    const r = await req(k.url!, k.token, "POST", "/v1/schedules/slow/run");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: "slow", status: "skipped", duration_ms: 0 });
    await fired;
    expect(statuses("slow").slice(-2)).toEqual(["timeout", "skipped"]);
    expect(k.schedules().find((s) => s.name === "slow")!.running).toBe(false);
  });
});

describe("running schedules on demand and listing them", () => {
  it("POST /v1/schedules/{name}/run: a throwing handler is failed with its error, on the same audit path", async () => {
    const r = await req(k.url!, k.token, "POST", "/v1/schedules/broken/run");
    expect(r.status).toBe(200);
    expect(r.json.name).toBe("broken");
    expect(r.json.status).toBe("failed");
    expect(r.json.error).toMatch(/schedule broke/);
    expect(typeof r.json.duration_ms).toBe("number");
    const row = rows("broken").at(-1)!;
    expect(row).toMatchObject({ status: "failed", user_id: "__system__", source: "schedule" });
    expect(row.reason).toMatch(/schedule broke/);
  });

  it("kernel.runSchedule: queryAll sees every user's documents, each with its userId", async () => {
    const r = await k.runSchedule("census");
    expect(r).toMatchObject({ name: "census", status: "executed" });
    expect(docs("census")).toEqual([
      { user: "__system__", data: { owners: ["alice", "alice", "bob"], titles: ["a1", "a2", "b1"] } },
    ]);
  });

  it("GET /v1/schedules: name, cron, description, next_run_at on the kernel clock, last_run", async () => {
    const r = await req(k.url!, k.token, "GET", "/v1/schedules");
    expect(r.status).toBe(200);
    const by = Object.fromEntries((r.json.schedules as any[]).map((s) => [s.name, s]));
    expect(Object.keys(by)).toEqual(["digest", "slow", "broken", "census"]);
    expect(by.digest).toMatchObject({
      cron: "0 10 * * *",
      description: "Daily digest per user.",
      timeout_seconds: 180,
      next_run_at: "2030-01-02T10:00:00.000Z", // the clock is at 10:10
      running: false,
      last_run: { at: "2030-01-01T10:00:00.000Z", status: "executed" },
    });
    expect(by.slow).toMatchObject({ timeout_seconds: 1, next_run_at: "2030-01-01T10:15:00.000Z" });
    expect(by.slow.last_run).toMatchObject({ at: "2030-01-01T10:10:00.000Z", status: "timeout" });
    expect(by.broken.next_run_at).toBe("2031-01-01T00:00:00.000Z");
    expect(by.broken.last_run.error).toMatch(/schedule broke/);
    expect(by.census.description).toBe("Every user's items in one system document.");
    expect(r.json.schedules).toEqual(k.schedules());
  });

  it("schedule events reach every user's SSE stream (GET /v1/events)", async () => {
    const ac = new AbortController();
    const res = await fetch(k.url + "/v1/events", {
      headers: { authorization: `Bearer ${k.token}`, "x-acting-user": "bob" },
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    const frames: any[] = [];
    const read = (async () => {
      while (!frames.some((f) => f.type === "schedule" && f.data.phase === "finished")) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        for (let cut = buf.indexOf("\n\n"); cut >= 0; cut = buf.indexOf("\n\n")) {
          const data = buf
            .slice(0, cut)
            .split("\n")
            .find((l) => l.startsWith("data: "));
          buf = buf.slice(cut + 2);
          if (data) frames.push(JSON.parse(data.slice(6)));
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 50)); // subscribed before the run
    await k.runSchedule("census");
    await Promise.race([read, new Promise((r) => setTimeout(r, 5000))]);
    ac.abort();
    const mine = frames.filter((f) => f.type === "schedule" && f.data.name === "census");
    expect(mine.map((f) => [f.data.phase, f.data.trigger])).toEqual([
      ["started", "manual"],
      ["finished", "manual"],
    ]);
    expect(mine[1].data).toMatchObject({ status: "executed", at: "2030-01-01T10:10:00.000Z" });
    expect(frames.some((f) => f.type === "platform_run" && f.data.tool === "__schedule__census")).toBe(true);
  });

  it("an unknown name is 404 NOT_FOUND naming the schedules; a body is refused; no token is 401", async () => {
    const r = await req(k.url!, k.token, "POST", "/v1/schedules/nope/run");
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ code: "NOT_FOUND" });
    expect(r.json.error.message).toContain('"nope"');
    expect(r.json.error.fix).toContain("digest, slow, broken, census");
    await expect(k.runSchedule("nope")).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    const body = await req(k.url!, k.token, "POST", "/v1/schedules/digest/run", { body: { user: "alice" } });
    expect(body.status).toBe(400);
    expect(body.json.error.code).toBe("BODY_NOT_ALLOWED");
    expect((await req(k.url!, undefined, "GET", "/v1/schedules")).status).toBe(401);
    expect(statuses("digest")).toEqual(["executed"]); // none of these ran it
    // the kernel kept serving
    expect((await k.call("alice", "count_log", {})).outcome).toBe("completed");
  });
});
