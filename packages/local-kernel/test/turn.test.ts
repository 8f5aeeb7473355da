// Chat turns through the HTTP API, as a client would use them: classify -> guards/authz/confirmation -> audit ->
// fact ledger -> reply, against a realistic notes extension with a skeleton.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;

let dir: string;
let k: K;
let url: string;
let token: string;
const turn = (user: string | undefined, message: unknown) =>
  req(url, token, "POST", "/v1/chat/turn", { body: { message }, user });
const call = (user: string, tool: string, args: unknown) =>
  req(url, token, "POST", `/v1/call/${tool}`, { body: { args }, user });
const audit = async (user: string) =>
  (await req(url, token, "GET", "/v1/audit?limit=200", { user })).json.rows as Array<{
    tool: string;
    status: string;
    source?: string;
    error_code?: string;
    args: any;
  }>;

beforeAll(async () => {
  dir = await buildFixture("notes-chat.ts", undefined, { banner: "globalThis.__ACTIVITY_TTL__=300;" });
  k = await createKernel({
    extensionDir: dir,
    port: 0,
    limits: { promotionMs: 30_000 },
    users: [{ id: "alice" }, { id: "bob", confirmations: { enabled: false } }, { id: "carol" }, { id: "dave" }],
  });
  url = k.url!;
  token = k.token;
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
});

describe("POST /v1/chat/turn", () => {
  it("answers small talk with a friendly chat reply (no tool runs)", async () => {
    const r = await turn("alice", "hello");
    expect(r.status).toBe(200);
    expect(r.json.outcome).toBe("chat");
    expect(r.json.turn_id).toMatch(/^turn_/);
    expect(r.json.classification.intent).toBe("chat");
    expect(r.json.reply).toMatch(/^Hi!/);
    expect(r.json.reply).toContain("create a new note");
    expect(r.json.results).toEqual([]);
  });

  it("creates a note from a chat message and lists it", async () => {
    const c = await turn("alice", "create a note called Q3 roadmap");
    expect(c.json.outcome).toBe("completed");
    expect(c.json.classification.plan).toEqual([{ tool: "create_note", args: { title: "Q3 roadmap", body: "" } }]);
    expect(c.json.reply).toBe('Created the note "Q3 roadmap".');
    expect(c.json.results[0].data.title).toBe("Q3 roadmap");
    const l = await turn("alice", "list my notes");
    expect(l.json.outcome).toBe("completed");
    expect(l.json.reply).toContain("Q3 roadmap");
    const rows = await audit("alice");
    expect(rows.some((r) => r.tool === "create_note" && r.status === "executed" && r.source === "turn")).toBe(true);
  });

  it("asks a clear question when a required argument is missing", async () => {
    const r = await turn("alice", "create a note");
    expect(r.json.outcome).toBe("clarify");
    expect(r.json.reply).toBe("What should the title be?");
    expect(r.json.missing).toEqual(["create_note.title"]);
    expect(r.json.calls).toEqual([]);
  });

  it("deletes 'the Q3 roadmap note' with the id resolved from the skeleton, after confirmation", async () => {
    // dave's notes are created by direct calls (outside the conversation): only the skeleton knows their ids.
    const ids: Record<string, string> = {};
    for (const title of ["Q3 roadmap", "Groceries", "Meeting prep"])
      ids[title] = (await call("dave", "create_note", { title })).json.results[0].data.note_id;
    expect((await req(url, token, "GET", "/v1/fact-ledger", { user: "dave" })).json.turns).toEqual([]);
    const s = await req(url, token, "POST", "/v1/skeleton/notes/refresh", { user: "dave" });
    expect(s.json.ok).toBe(true);
    const r = await turn("dave", "delete the Q3 roadmap note");
    expect(r.json.outcome).toBe("needs_confirmation");
    expect(r.json.confirmation.calls).toEqual([{ tool: "delete_note", args: { note_id: ids["Q3 roadmap"] } }]);
    expect(r.json.reply).toContain("please confirm");
    expect(r.json.reply).toContain(ids["Q3 roadmap"]);
    expect(r.json.context.skeleton_block).toContain(`Q3 roadmap (#${ids["Q3 roadmap"]})`);
    // nothing ran yet
    expect((await audit("dave")).filter((x) => x.tool === "delete_note").map((x) => x.status)).toEqual(["intercepted"]);
    const y = await turn("dave", "yes");
    expect(y.json.classification.is_acceptance).toBe(true);
    expect(y.json.outcome).toBe("completed");
    expect(y.json.reply).toBe('Deleted the note "Q3 roadmap".');
    expect(y.json.results[0].data.deleted).toBe(ids["Q3 roadmap"]);
    const rows = (await audit("dave")).filter((x) => x.tool === "delete_note");
    expect(rows.map((x) => x.status)).toEqual(["confirmed", "intercepted"]);
    const titles = (await call("dave", "list_notes", {})).json.results[0].data.notes.map(
      (n: { title: string }) => n.title,
    );
    expect(titles.sort()).toEqual(["Groceries", "Meeting prep"]);
    // a second "yes" has nothing left to accept
    const again = await turn("dave", "yes");
    expect(again.json.outcome).toBe("chat");
    expect(again.json.reply).toMatch(/nothing waiting/);
  });

  it("a chat-made confirmation can also be accepted through POST /v1/confirmations/{id}/accept", async () => {
    const id = (await turn("carol", "create a note called Draft")).json.results[0].data.note_id;
    const r = await turn("carol", "delete the Draft note");
    expect(r.json.outcome).toBe("needs_confirmation");
    expect(r.json.confirmation.calls[0].args.note_id).toBe(id);
    const a = await req(url, token, "POST", `/v1/confirmations/${r.json.confirmation.id}/accept`, { user: "carol" });
    expect(a.status).toBe(200);
    expect(a.json.outcome).toBe("completed");
    // the accepted result reached carol's fact ledger
    const fl = (await req(url, token, "GET", "/v1/fact-ledger", { user: "carol" })).json;
    expect(fl.turns.at(-1).tools).toEqual(["delete_note"]);
  });

  it("ids the user typed count as seen (user messages are conversation material for I-AH-1)", async () => {
    const r = await turn("alice", "delete note nt_4711abc");
    expect(r.json.outcome).toBe("needs_confirmation");
    expect(r.json.confirmation.calls[0].args.note_id).toBe("nt_4711abc");
    await req(url, token, "POST", `/v1/confirmations/${r.json.confirmation.id}/cancel`, { user: "alice" });
  });

  it("protocol errors: missing X-Acting-User 400, empty message 400, unknown user rejected and audited", async () => {
    expect((await turn(undefined, "hello")).status).toBe(400);
    expect((await turn("alice", "")).status).toBe(400);
    expect((await turn("alice", 42)).status).toBe(400);
    const long = await turn("alice", "x ".repeat(9000));
    expect(long.status).toBe(400);
    expect(long.json.error.code).toBe("MESSAGE_TOO_LONG");
    const u = await turn("mallory", "list my notes");
    expect(u.status).toBe(200);
    expect(u.json.outcome).toBe("rejected");
    expect(u.json.code).toBe("UNKNOWN_USER");
    // /v1/audit shows the acting (or default) user's rows only; the kernel API still lists every row.
    const rows = k.audit(50);
    expect(rows.some((x) => x.user_id === "mallory" && x.error_code === "UNKNOWN_USER")).toBe(true);
  });

  it("kernel.turn is the same path as the route", async () => {
    const r = (await k.turn("alice", "thanks")) as any;
    expect(r.outcome).toBe("chat");
    expect(r.reply).toMatch(/welcome/);
  });
});

describe("chains", () => {
  it("'create a note called X and then delete it': one confirmation card listing both calls, then the chain runs", async () => {
    const r = await turn("alice", "create a note called Scratch and then delete it");
    expect(r.json.outcome).toBe("needs_confirmation");
    expect(r.json.classification.plan.map((s: { tool: string }) => s.tool)).toEqual(["create_note", "delete_note"]);
    expect(r.json.confirmation.calls).toEqual([
      { tool: "create_note", args: { title: "Scratch", body: "" } },
      { tool: "delete_note", args: { note_id: "$steps.0.data.note_id" } },
    ]);
    expect(r.json.reply).toMatch(/confirm these 2 steps/);
    expect(r.json.reply).toContain("create_note");
    expect(r.json.reply).toContain("delete_note");
    const rows = (await audit("alice")).filter((x) => x.source === "chain");
    expect(rows.slice(0, 2).map((x) => [x.tool, x.status])).toEqual([
      ["delete_note", "intercepted"],
      ["create_note", "intercepted"],
    ]);
    const y = await turn("alice", "yes");
    expect(y.json.outcome).toBe("completed");
    const created = y.json.results[0].data.note_id;
    expect(y.json.results[1].data.deleted).toBe(created);
    expect(y.json.reply).toBe('Created the note "Scratch". Deleted the note "Scratch".');
  });

  it("the user's confirmation settings apply to chains like single calls (bob has confirmations off)", async () => {
    const r = await turn("bob", "create a note called Tmp and then delete it");
    expect(r.json.outcome).toBe("completed");
    expect(r.json.results[1].data.deleted).toBe(r.json.results[0].data.note_id);
    const one = await turn("bob", "create a note called Keep");
    expect(one.json.outcome).toBe("completed");
    const del = await turn("bob", "delete the Keep note");
    expect(del.json.outcome).toBe("completed");
  });
});

describe("refusing a confirmation", () => {
  it("'no' while a confirmation is pending cancels it; nothing runs", async () => {
    const r = await turn("alice", "create a note called Oops and then delete it");
    expect(r.json.outcome).toBe("needs_confirmation");
    const n = await turn("alice", "no");
    expect(n.json.outcome).toBe("chat");
    expect(n.json.reply).toBe("OK, I cancelled that. Nothing was changed.");
    const rows = (await audit("alice")).slice(0, 2);
    expect(rows.map((x) => [x.tool, x.status])).toEqual([
      ["delete_note", "cancelled"],
      ["create_note", "cancelled"],
    ]);
    expect((await turn("alice", "yes")).json.reply).toMatch(/nothing waiting/);
    const again = await req(url, token, "POST", `/v1/confirmations/${r.json.confirmation.id}/accept`, {
      user: "alice",
    });
    expect(again.status).toBe(409);
  });
});

describe("fact ledger", () => {
  it("keeps verbatim data of the last 5 turns, at most 3 KB per turn with a truncation marker, per user", async () => {
    for (let i = 0; i < 3; i++) await call("carol", "create_note", { title: `Long ${i}` });
    const e = await turn("carol", "sync my notes");
    expect(e.json.outcome).toBe("completed");
    expect(e.json.classification.plan[0].tool).toBe("sync_notes");
    const full = JSON.stringify(e.json.results[0].data);
    expect(Buffer.byteLength(full)).toBeGreaterThan(3072);
    const fl = (await req(url, token, "GET", "/v1/fact-ledger", { user: "carol" })).json;
    expect(fl.max_turns).toBe(5);
    expect(fl.max_bytes_per_turn).toBe(3072);
    const last = fl.turns.at(-1);
    expect(last.tools).toEqual(["sync_notes"]);
    expect(last.truncated).toBe(true);
    expect(last.bytes).toBeLessThanOrEqual(3072);
    expect(last.text.endsWith("…[truncated]")).toBe(true);
    expect(last.text.startsWith('[{"tool":"sync_notes","data":{"report":"# Long 0')).toBe(true);
    // a small result is kept verbatim
    const c = await turn("carol", "create a note called Small");
    const fl2 = (await req(url, token, "GET", "/v1/fact-ledger", { user: "carol" })).json;
    expect(fl2.turns.at(-1).text).toBe(JSON.stringify([{ tool: "create_note", data: c.json.results[0].data }]));
    expect(fl2.turns.at(-1).truncated).toBe(false);
    // only 5 turns are kept
    for (let i = 0; i < 6; i++) await turn("carol", `create a note called Extra ${i}`);
    const fl3 = (await req(url, token, "GET", "/v1/fact-ledger", { user: "carol" })).json;
    expect(fl3.turns).toHaveLength(5);
    expect(fl3.turns.map((t: { text: string }) => JSON.parse(t.text)[0].data.title)).toEqual([
      "Extra 1",
      "Extra 2",
      "Extra 3",
      "Extra 4",
      "Extra 5",
    ]);
    // per user
    const other = (await req(url, token, "GET", "/v1/fact-ledger", { user: "bob" })).json;
    expect(JSON.stringify(other)).not.toContain("Extra 1");
    // the classifier saw it on the next turn
    const n = await turn("carol", "hello");
    expect(n.json.context.fact_ledger_turns).toBe(5);
  });

  it("fact-ledger ids feed the fabricated-id guard: 'delete it' after creating works", async () => {
    const c = await turn("bob", "create a note called Ephemeral");
    const d = await turn("bob", "delete it");
    expect(d.json.outcome).toBe("completed");
    expect(d.json.results[0].data.deleted).toBe(c.json.results[0].data.note_id);
  });
});

describe("promoted turns", () => {
  it("a slow turn is promoted; its result reaches the event stream and the fact ledger when done", async () => {
    const d2 = await buildFixture("notes-chat.ts", undefined, { banner: "globalThis.__ACTIVITY_TTL__=300;" });
    const k2 = await createKernel({
      extensionDir: d2,
      limits: { promotionMs: 150 },
      skeletons: { enabled: false },
      writeDiscovery: false,
    });
    try {
      const events: Array<{ type: string; data: any }> = [];
      k2.onEvent((e) => events.push(e));
      const r = (await k2.turn("dev", "backup my notes")) as any;
      expect(r.classification.plan[0].tool).toBe("backup_notes");
      expect(r.outcome).toBe("promoted");
      expect(r.task_id).toBeTruthy();
      for (let i = 0; i < 60 && !events.some((e) => e.type === "promoted_result"); i++)
        await new Promise((res) => setTimeout(res, 50));
      const e = events.find((x) => x.type === "promoted_result")!;
      expect(e.data.turn_id).toBe(r.turn_id);
      expect(e.data.outcome).toBe("completed");
      const fl = k2.factLedger("dev") as { turns: Array<{ tools: string[]; text: string }> };
      expect(fl.turns.at(-1)!.tools).toEqual(["backup_notes"]);
      expect(fl.turns.at(-1)!.text).toContain("bk_0_");
    } finally {
      await k2.close();
      cleanup(d2);
    }
  });
});
