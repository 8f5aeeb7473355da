// Every defect of the "classifier you can trust" issue, as a chat turn through POST /v1/chat/turn on a real kernel
// (HTTP on 127.0.0.1) with the real notes template and planner-, Trello- and web-search-like fixtures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, cleanup, loadKernel, req } from "../helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;
interface Running {
  k: K;
  dir: string;
}
const kernels: Record<string, Running> = {};
// The real notes template, bundled straight from templates/ (its placeholders filled as `imperal init` does).
const NOTES_TEMPLATE = "../../../../templates/notes/src/index.ts";
const TEMPLATE = { __APP_ID__: "notes", __DISPLAY_NAME__: "Notes", __SCOPE_NS__: "notes", __TOOL_NAME__: "notes" };
// An OpenAI-compatible classifier's answers are held to the same rules: a stand-in that always guesses a rename.
const guesser = {
  kind: "openai" as const,
  classify: async () => ({
    intent: "action" as const,
    confidence: 0.47,
    language: "en",
    plan: [{ tool: "create_note", args: { title: "buy wine" } }],
    is_destructive: false,
    is_acceptance: false,
  }),
};
const start = async (name: string, fixture: string, confidenceFloor?: number, classifier?: typeof guesser) => {
  const dir = await buildFixture(fixture, undefined, { replace: TEMPLATE });
  const k = await createKernel({
    ...(confidenceFloor !== undefined ? { confidenceFloor } : {}),
    ...(classifier ? { classifier } : {}),
    extensionDir: dir,
    port: 0,
    limits: { promotionMs: 30_000 },
    users: [{ id: "u1" }, { id: "u2" }, { id: "u3" }, { id: "u4" }, { id: "u5" }, { id: "u6" }],
  });
  kernels[name] = { k, dir };
};
const on = (name: string) => {
  const { k } = kernels[name]!;
  return {
    turn: async (user: string, message: string) =>
      (await req(k.url!, k.token, "POST", "/v1/chat/turn", { body: { message }, user })).json,
    call: async (user: string, tool: string, args: unknown) =>
      (await req(k.url!, k.token, "POST", `/v1/call/${tool}`, { body: { args }, user })).json,
    refresh: (user: string, section: string) =>
      req(k.url!, k.token, "POST", `/v1/skeleton/${section}/refresh`, { user }),
  };
};
const codes = (t: { safety?: Array<{ code: string }> }) => (t.safety ?? []).map((s) => s.code);

beforeAll(async () => {
  await Promise.all([
    start("notes", NOTES_TEMPLATE),
    start("planner", "planner.ts"),
    start("trello", "trello.ts"),
    start("web", "websearch.ts"),
    start("strict", NOTES_TEMPLATE, 0.999),
    start("llm", NOTES_TEMPLATE, undefined, guesser),
  ]);
}, 120_000);
afterAll(async () => {
  for (const { k, dir } of Object.values(kernels)) {
    await k.close();
    cleanup(dir);
  }
});

describe("no unsafe writes (notes template)", () => {
  const n = () => on("notes");
  const note = async (user: string, id: string) => (await n().call(user, "get_note", { note_id: id })).results[0].data;
  beforeAll(async () => {
    for (const u of ["u1", "u2", "u3", "u4"]) {
      await n().call(u, "create_note", { title: "Trip to Rome", body: "flights booked" });
      await n().call(u, "create_note", { title: "Groceries", body: "" });
      await n().refresh(u, "notes");
    }
  });

  it('add "buy wine" to Trip to Rome does not rename the note: it asks, showing the candidate', async () => {
    const t = await n().turn("u1", 'add "buy wine" to Trip to Rome');
    expect(t.outcome).toBe("clarify");
    expect(t.calls).toEqual([]);
    expect(codes(t)).toContain("WEAK_OVERWRITE");
    expect(t.reply).toContain("update_note");
    const list = (await n().call("u1", "list_notes", {})).results[0].data.notes.map((x: { title: string }) => x.title);
    expect(list).toContain("Trip to Rome");
    // "no" drops the candidate; nothing ran
    const no = await n().turn("u1", "no");
    expect(no.outcome).toBe("chat");
    expect(codes(no)).toContain("CANDIDATE_DECLINED");
  });

  it('append "buy wine" to the Trip to Rome note does not overwrite the body; yes runs the shown call', async () => {
    const t = await n().turn("u2", 'append "buy wine" to the Trip to Rome note');
    expect(t.outcome).toBe("clarify");
    expect(codes(t)).toContain("WEAK_OVERWRITE");
    const id = t.classification.plan[0].args.note_id as string;
    expect((await note("u2", id)).body).toBe("flights booked");
    expect(t.classification.plan[0].args.body).toBe("buy wine");
    const yes = await n().turn("u2", "yes");
    expect(codes(yes)).toContain("CANDIDATE_ACCEPTED");
    expect(yes.outcome).toBe("completed");
    expect(yes.calls.map((c: { tool: string }) => c.tool)).toEqual(["update_note"]);
    expect(yes.calls[0].args).toEqual(t.classification.plan[0].args);
  });

  it("note down the wifi password: hunter2 keeps the content", async () => {
    const t = await n().turn("u3", "note down the wifi password: hunter2");
    expect(t.outcome).toBe("completed");
    expect(t.calls[0].args).toMatchObject({ title: "wifi password", body: "hunter2" });
  });

  it("with body milk, eggs, bread keeps the whole list", async () => {
    const t = await n().turn("u3", "create a note Shopping with body milk, eggs, bread");
    expect(t.calls[0].args).toMatchObject({ title: "Shopping", body: "milk, eggs, bread" });
  });

  it("create a note -> What should the title be? -> Packing list creates it (the answer fills the question)", async () => {
    const q = await n().turn("u4", "create a note");
    expect(q.outcome).toBe("clarify");
    expect(q.missing).toEqual(["create_note.title"]);
    const a = await n().turn("u4", "Packing list");
    expect(codes(a)).toContain("CLARIFY_FILLED");
    expect(a.outcome).toBe("completed");
    expect(a.calls[0]).toMatchObject({ tool: "create_note", args: { title: "Packing list" } });
  });

  it("Groceries -> (question with a candidate) -> yes runs that candidate", async () => {
    const q = await n().turn("u4", "Groceries");
    if (q.outcome === "clarify") {
      expect(q.classification.plan.length).toBeGreaterThan(0);
      const y = await n().turn("u4", "yes");
      expect(y.reply).not.toMatch(/nothing waiting/);
      expect(y.calls.map((c: { tool: string }) => c.tool)).toEqual(
        q.classification.plan.map((p: { tool: string }) => p.tool),
      );
    } else {
      expect(q.outcome).toBe("completed");
      expect(q.calls[0].tool).toBe("get_note");
    }
  });

  it("a question left open does not swallow a new request", async () => {
    await n().turn("u1", "create a note");
    const l = await n().turn("u1", "list my notes");
    expect(l.calls[0].tool).toBe("list_notes");
    expect(codes(l)).toContain("CLARIFY_REPLACED");
  });

  it("the fallback reply says 'you' and names every function, grouped", async () => {
    const t = await n().turn("u1", "what's the weather on mars");
    expect(t.outcome).toBe("chat");
    expect(t.reply).not.toMatch(/the user/i);
    expect(t.reply).toMatch(/You can ask me to/);
    for (const tool of [
      "list your notes",
      "create a new note",
      "permanently delete a note",
      "move a note to the trash",
    ])
      expect(t.reply.toLowerCase()).toContain(tool);
    expect(t.reply).toMatch(/look things up:[\s\S]*create or change things:[\s\S]*delete things:/);
  });
});

describe("routing that generalizes (planner)", () => {
  const p = () => on("planner");
  beforeAll(async () => {
    await p().call("u1", "create_task", { title: "File taxes" });
    await p().refresh("u1", "planner");
  });

  for (const m of ["show my tasks", "list my tasks", "what tasks do I have?"])
    it(`"${m}" lists the tasks (not export_tasks)`, async () => {
      const t = await p().turn("u2", m);
      expect(t.calls.map((c: { tool: string }) => c.tool)).toEqual(["list_tasks"]);
    });

  it("remind me to call mom tomorrow at 9am sets a reminder with a parsed time", async () => {
    const t = await p().turn("u2", "remind me to call mom tomorrow at 9am");
    expect(t.calls[0].tool).toBe("create_reminder");
    expect(t.calls[0].args.text).toBe("call mom");
    expect(t.calls[0].args.remind_at).toMatch(/T09:00/);
  });

  it("add 3 apples / add three apples to the shopping list: quantity and item apart", async () => {
    for (const m of ["add 3 apples to the shopping list", "add three apples to the shopping list"]) {
      const t = await p().turn("u2", m);
      expect(t.calls[0]).toMatchObject({
        tool: "add_item",
        args: { item: "apples", quantity: 3, list_name: "shopping" },
      });
    }
  });

  it("with high priority sets the enum value, not the word priority", async () => {
    const t = await p().turn("u2", "add a task water the plants with high priority");
    expect(t.calls[0]).toMatchObject({ tool: "create_task", args: { title: "water the plants", priority: "high" } });
  });

  it("is there a note about X searches", async () => {
    const t = await p().turn("u2", "is there a note about passwords");
    expect(t.calls[0]).toMatchObject({ tool: "search_notes", args: { query: "passwords" } });
  });

  it("done with X! completes the task instead of creating one", async () => {
    const t = await p().turn("u1", "done with File taxes!");
    expect(t.calls[0].tool).toBe("complete_task");
    expect(t.outcome).toBe("completed");
  });
});

describe("deletion is never a move (Trello-like)", () => {
  const tr = () => on("trello");
  it('delete card "Ship the landing page" on board "Client Work" plans delete_card behind a confirmation', async () => {
    const t = await tr().turn("u1", 'delete card "Ship the landing page" on board "Client Work"');
    expect(t.outcome).toBe("needs_confirmation");
    expect(t.confirmation.calls).toEqual([
      { tool: "delete_card", args: { card: "Ship the landing page", board: "Client Work" } },
    ]);
  });

  it("German deletion words land on the destructive tool too", async () => {
    const t = await tr().turn("u2", 'lösche die Karte "Alter Entwurf"');
    expect(t.outcome).toBe("needs_confirmation");
    expect(t.confirmation.calls[0].tool).toBe("delete_card");
  });

  it("create card X in list Y keeps the names apart", async () => {
    const t = await tr().turn("u3", "create card Fix login in list Doing");
    expect(t.calls[0]).toMatchObject({ tool: "create_card", args: { name: "Fix login", list: "Doing" } });
  });
});

describe("enum words and step references (web search)", () => {
  const w = () => on("web");
  it('"never use heavy readers" finds never_heavy', async () => {
    const t = await w().turn("u1", "search for rust news and never use heavy readers");
    expect(t.calls[0]).toMatchObject({ tool: "web_search", args: { query: "rust news", reader: "never_heavy" } });
  });

  it('"... and then read the first result" reads the first result of the search', async () => {
    const t = await w().turn("u1", "search for pasta recipes and then read the first result");
    expect(t.classification.plan[1]).toEqual({
      tool: "read_page",
      args: { url: "$steps.0.data.results.0.url", reader: "auto" },
    });
    expect(t.outcome).toBe("completed");
    expect(t.results[1].data.url).toBe("https://example.com/first");
  });
});

describe("the confidence floor is a createKernel option", () => {
  it("below the floor a write is shown and asked, and runs only after yes", async () => {
    const s = on("strict");
    const t = await s.turn("u1", "create a note called Floor test");
    expect(t.outcome).toBe("clarify");
    expect(codes(t)).toContain("LOW_CONFIDENCE_WRITE");
    expect(t.reply).toContain("create_note");
    expect((await s.call("u1", "list_notes", {})).results[0].data.notes).toEqual([]);
    const y = await s.turn("u1", "yes");
    expect(y.outcome).toBe("completed");
    expect(y.calls[0]).toMatchObject({ tool: "create_note", args: { title: "Floor test" } });
  });
});

describe("the rules hold for every classifier", () => {
  it("an OpenAI-compatible classifier's low-confidence write is asked back, not run", async () => {
    const l = on("llm");
    const t = await l.turn("u1", 'add "buy wine" to Trip to Rome');
    expect(t.outcome).toBe("clarify");
    expect(t.context.classifier).toBe("openai");
    expect(codes(t)).toEqual(["LOW_CONFIDENCE_WRITE"]);
    expect(t.calls).toEqual([]);
    expect((await l.call("u1", "list_notes", {})).results[0].data.notes).toEqual([]);
  });
});
