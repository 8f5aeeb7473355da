// The second round of "a classifier you can trust", as chat turns through POST /v1/chat/turn on a real kernel (HTTP
// on 127.0.0.1): asking which item instead of listing or guessing, the answer filling the question, times said after
// "today"/"tonight", dictated text over commas behind a confirmation, and the fallback reply in German.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;
const running: Array<{ k: K; dir: string }> = [];
const NOTES_TEMPLATE = "../../../../templates/notes/src/index.ts";
const TEMPLATE = { __APP_ID__: "notes", __DISPLAY_NAME__: "Notes", __SCOPE_NS__: "notes", __TOOL_NAME__: "notes" };
let notes: K;
let planner: K;

const start = async (fixture: string, replace?: Record<string, string>) => {
  const dir = await buildFixture(fixture, undefined, replace ? { replace } : undefined);
  const k = await createKernel({
    extensionDir: dir,
    port: 0,
    limits: { promotionMs: 30_000 },
    users: ["u1", "u2", "u3", "u4", "u5"].map((id) => ({ id })),
  });
  running.push({ k, dir });
  return k;
};
const turn = async (k: K, user: string, message: string) =>
  (await req(k.url!, k.token, "POST", "/v1/chat/turn", { body: { message }, user })).json;
const call = async (k: K, user: string, tool: string, args: unknown) =>
  (await req(k.url!, k.token, "POST", `/v1/call/${tool}`, { body: { args }, user })).json;
const codes = (t: { safety?: Array<{ code: string }> }) => (t.safety ?? []).map((s) => s.code);
// What ran (or waits), without the audit bookkeeping.
const planOf = (calls: Array<{ tool: string; args: unknown }>) => calls.map(({ tool, args }) => ({ tool, args }));

beforeAll(async () => {
  [notes, planner] = await Promise.all([start(NOTES_TEMPLATE, TEMPLATE), start("planner.ts")]);
  for (const u of ["u1", "u2", "u3", "u4", "u5"]) {
    await call(notes, u, "create_note", { title: "Trip to Rome", body: "flights booked" });
    await call(notes, u, "create_note", { title: "Groceries", body: "" });
    await req(notes.url!, notes.token, "POST", "/v1/skeleton/notes/refresh", { user: u });
  }
}, 120_000);
afterAll(async () => {
  for (const { k, dir } of running) {
    await k.close();
    cleanup(dir);
  }
});

const idOf = async (user: string, title: string) =>
  (await call(notes, user, "list_notes", {})).results[0].data.notes.find((n: { title: string }) => n.title === title)
    .note_id as string;

describe("one unnamed item: the turn asks which, and the answer fills it", () => {
  it('"open a note" asks which note (it creates nothing); the title answers it', async () => {
    const q = await turn(notes, "u1", "open a note");
    expect(q.outcome).toBe("clarify");
    expect(q.calls).toEqual([]);
    expect(q.classification.plan.map((p: { tool: string }) => p.tool)).toEqual(["get_note"]);
    expect((await call(notes, "u1", "list_notes", {})).results[0].data.notes).toHaveLength(2);
    const a = await turn(notes, "u1", "Trip to Rome");
    expect(codes(a)).toContain("CLARIFY_FILLED");
    expect(a.outcome).toBe("completed");
    expect(planOf(a.calls)).toEqual([{ tool: "get_note", args: { note_id: await idOf("u1", "Trip to Rome") } }]);
  });

  it('"show me a note" asks which one instead of listing', async () => {
    const q = await turn(notes, "u2", "show me a note");
    expect(q.outcome).toBe("clarify");
    expect(q.missing).toEqual(["get_note.note_id"]);
    const a = await turn(notes, "u2", "Groceries");
    expect(a.outcome).toBe("completed");
    expect(planOf(a.calls)).toEqual([{ tool: "get_note", args: { note_id: await idOf("u2", "Groceries") } }]);
  });

  it('"trash a note" asks which; the answer trashes that one only', async () => {
    const q = await turn(notes, "u3", "trash a note");
    expect(q.outcome).toBe("clarify");
    expect(q.calls).toEqual([]);
    const id = await idOf("u3", "Groceries");
    const a = await turn(notes, "u3", "Groceries");
    const planned = a.outcome === "needs_confirmation" ? a.confirmation.calls : a.calls;
    expect(planOf(planned)).toEqual([{ tool: "trash_note", args: { note_id: id } }]);
  });
});

describe("dictated text", () => {
  it("a new body said after the item runs over commas and is written whole", async () => {
    const id = await idOf("u4", "Trip to Rome");
    const t = await turn(notes, "u4", "change the body of Trip to Rome to flights, hotel, museum passes");
    expect(t.outcome).toBe("completed");
    expect(planOf(t.calls)).toEqual([
      { tool: "update_note", args: { note_id: id, body: "flights, hotel, museum passes" } },
    ]);
    expect((await call(notes, "u4", "get_note", { note_id: id })).results[0].data.body).toBe(
      "flights, hotel, museum passes",
    );
  });
});

describe("times said after the day", () => {
  for (const [m, text, hour] of [
    ["remind me to call the bank today at 5pm", "call the bank", "17:00"],
    ["remind me to water the plants this evening at 7", "water the plants", "19:00"],
  ] as const)
    it(`"${m}" keeps the time of day`, async () => {
      const t = await turn(planner, "u1", m);
      expect(t.outcome).toBe("completed");
      expect(t.calls[0].tool).toBe("create_reminder");
      expect(t.calls[0].args.text).toBe(text);
      expect(t.calls[0].args.remind_at).toMatch(new RegExp(`T${hour}:00`));
    });
});

describe("the fallback reply in the user's language", () => {
  it("a German message that no tool handles is answered in German, second person, grouped, every tool", async () => {
    const t = await turn(notes, "u5", "Wie wird das Wetter morgen auf dem Mars?");
    expect(t.outcome).toBe("chat");
    expect(t.calls).toEqual([]);
    expect(t.reply).toMatch(/^Ich bin nicht sicher/);
    expect(t.reply).toMatch(/Du kannst mich bitten:[\s\S]*nachsehen:[\s\S]*anlegen oder ändern:[\s\S]*löschen:/);
    expect(t.reply).not.toMatch(/the user/i);
    const listed = (await req(notes.url!, notes.token, "GET", "/v1/tools")).json;
    const chatTools = (listed.tools ?? listed).filter((x: { name: string }) => !/^(skeleton_|__)/.test(x.name));
    // Every tool the user can ask for once: "- <group>: a; b" lines.
    expect(t.reply.split("\n").slice(2).join("; ").split("; ").length).toBe(chatTools.length);
    expect(t.reply).toContain("list your notes");
    expect(t.reply).toContain("permanently delete a note");
  });

  it("a German greeting is greeted back in German", async () => {
    const t = await turn(notes, "u5", "Hallo");
    expect(t.outcome).toBe("chat");
    expect(t.reply).toMatch(/^Hallo! Ich helfe dir mit Notes\./);
  });
});
