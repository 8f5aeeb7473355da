import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isSyntheticToolName } from "@imperal/sdk/patterns";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { here, loadKernel } from "../helpers.js";

const K = await loadKernel();
const { classifyEmbedded, detectLanguage, entitiesFromSkeletonBlock, isAcceptance, splitSteps, findDates } = K;
const {
  ClassificationSchema,
  validateClassification,
  createClassifier,
  renderSkeletonBlock,
  FactLedger,
  precheckPlan,
} = K;
type FactLedger = InstanceType<typeof K.FactLedger>;

const cat = (n: string): CatalogEntry[] =>
  JSON.parse(readFileSync(path.join(here, "../eval/catalogs", `${n}.json`), "utf8"));
const notes = cat("notes");
const tasks = cat("tasks");
const connector = cat("connector");
const now = new Date("2026-11-21T10:00:00Z"); // a Saturday

const notesBlock = renderSkeletonBlock(
  [
    {
      section: "notes",
      data: {
        total_notes: 3,
        recent_notes: [
          { note_id: "nt_1", title: "Q3 roadmap" },
          { note_id: "nt_2", title: "Meeting prep" },
        ],
      },
      refreshedAt: now.getTime() - 5000,
    },
  ],
  now,
);
const run = (message: string, catalog = notes, extra: object = {}) =>
  classifyEmbedded({ message, catalog, skeletonBlock: notesBlock, now, ...extra });

describe("findDates", () => {
  it.each<[string, string | undefined]>([
    ["due 2026-12-01", "2026-12-01"],
    ["today", "2026-11-21"],
    ["tomorrow", "2026-11-22"],
    ["yesterday", "2026-11-20"],
    ["day after tomorrow", "2026-11-23"],
    ["next friday", "2026-11-27"],
    ["on monday", "2026-11-23"],
    ["saturday", "2026-11-28"],
    ["this saturday", "2026-11-21"],
    ["in 3 days", "2026-11-24"],
    ["in two weeks", "2026-12-05"],
    ["next week", "2026-11-28"],
    ["December 15", "2026-12-15"],
    ["dec 5th", "2026-12-05"],
    ["1st of March", "2027-03-01"],
    ["March 3, 2028", "2028-03-03"],
    ["end of month", "2026-11-30"],
    ["2026-02-30", undefined],
    ["no date here", undefined],
  ])("%s", (text, want) => {
    expect(findDates(text, now)[0]?.date).toBe(want);
  });
  it("parses a time of day", () => {
    expect(findDates("tomorrow at 3pm", now)[0]).toMatchObject({ date: "2026-11-22", time: "15:00" });
  });
});

describe("splitSteps", () => {
  it.each<[string, string[]]>([
    ["create a note and then pin it", ["create a note", "pin it"]],
    ["search X, then delete Y", ["search X", "delete Y"]],
    ["do A; do B", ["do A", "do B"]],
    ['create a note "this and then that"', ['create a note "this and then that"']],
    ["create a note X and delete note Y", ["create a note X", "delete note Y"]],
    ["buy milk and eggs", ["buy milk and eggs"]],
    ["then show my notes", ["show my notes"]],
    ["details on job 5, incl. schedule health", ["details on job 5, incl. schedule health"]],
    ["done with the report. add a task to send it", ["done with the report", "add a task to send it"]],
  ])("%s", (m, want) => expect(splitSteps(m)).toEqual(want));
});

describe("acceptance, small talk, language", () => {
  it.each(["yes", "Yes, go ahead", "confirm", "ok do it", "sure", "go ahead please", "approved", "yep"])(
    "accepts %s",
    (m) => {
      expect(isAcceptance(m)).toBe(true);
      expect(run(m)).toMatchObject({ intent: "chat", is_acceptance: true, plan: [] });
    },
  );
  it.each(["yes delete the Q3 roadmap note", "no", "don't", "is it done?"])("does not accept %s", (m) =>
    expect(isAcceptance(m)).toBe(false),
  );
  it.each([
    "hi",
    "hello there!",
    "thanks a lot",
    "good morning",
    "thank you, bye",
    "what's the capital of France?",
    "tell me a joke",
  ])("chat: %s", (m) => {
    expect(run(m)).toMatchObject({ intent: "chat", plan: [], is_acceptance: false });
  });
  it.each<[string, string]>([
    ["show my notes", "en"],
    ["zeige mir bitte die Notiz", "de"],
    ["muestra mis notas por favor", "es"],
  ])("%s -> %s", (m, l) => expect(detectLanguage(m)).toBe(l));
});

describe("routing and args (notes)", () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['create a note "Shopping"', "create_note", { title: "Shopping", body: "", pinned: false }],
    ["add a note titled Weekly review", "create_note", { title: "Weekly review", body: "", pinned: false }],
    ["list my notes", "list_notes", { limit: 20, pinned_only: false, trashed: false }],
    ["show my 3 latest notes", "list_notes", { limit: 3, pinned_only: false, trashed: false }],
    ["search notes for 'tax'", "search_notes", { query: "tax", limit: 10 }],
    ["open the Q3 roadmap note", "get_note", { note_id: "nt_1" }],
    ["delete the meeting prep note", "delete_note", { note_id: "nt_2" }],
    ["permanently delete the Q3 roadmap note", "purge_note", { note_id: "nt_1" }],
    ["restore Q3 roadmap", "restore_note", { note_id: "nt_1" }],
    ['rename Meeting prep to "Standup"', "update_note", { note_id: "nt_2", title: "Standup" }],
    ["unpin the Q3 roadmap note", "update_note", { note_id: "nt_1", pinned: false }],
    ["delete note nt_1", "delete_note", { note_id: "nt_1" }],
  ])("%s", (m, tool, args) => {
    const r = run(m);
    expect(r.intent).toBe("action");
    expect(r.plan).toEqual([{ tool, args }]);
    expect(ClassificationSchema.safeParse(r).success).toBe(true);
  });
  it("flags destructive plans", () => {
    expect(run("delete the Q3 roadmap note").is_destructive).toBe(true);
    expect(run("show my notes").is_destructive).toBe(false);
  });
  it("clarifies when a required arg is missing", () => {
    expect(run("delete a note")).toMatchObject({
      intent: "clarify",
      plan: [{ tool: "delete_note", args: {} }],
      missing: ["delete_note.note_id"],
      question: "Which note do you mean?",
    });
    expect(run("create a note")).toMatchObject({ intent: "clarify", missing: ["create_note.title"] });
  });
  it("never targets skeleton or panel tools", () => {
    for (const m of ["refresh the notes skeleton", "show the sidebar panel", "skeleton_refresh_notes"]) {
      expect(run(m).plan.every((s) => !isSyntheticToolName(s.tool))).toBe(true);
    }
  });
  it("resolves ids from the fact ledger", () => {
    const ledger = new FactLedger();
    ledger.addTurn([{ tool: "list_notes", data: { notes: [{ note_id: "nt_old", title: "Old draft" }] } }]);
    expect(run("restore the old draft", notes, { factLedger: ledger.entries() }).plan).toEqual([
      { tool: "restore_note", args: { note_id: "nt_old" } },
    ]);
    expect(run("delete it", notes, { factLedger: ledger.entries() }).plan).toEqual([
      { tool: "delete_note", args: { note_id: "nt_old" } },
    ]);
  });
  it("resolves ids from explicit entities", () => {
    expect(
      run("open the budget note", notes, {
        skeletonBlock: "",
        entities: [{ id: "b7", label: "Budget 2027", key: "note_id" }],
      }).plan,
    ).toEqual([{ tool: "get_note", args: { note_id: "b7" } }]);
  });
  it("chains with $steps references that pass the chain pre-check", () => {
    const r = run('create a note "Standup" and then pin it');
    expect(r.plan).toEqual([
      { tool: "create_note", args: { title: "Standup", body: "", pinned: false } },
      { tool: "update_note", args: { note_id: "$steps.0.data.note_id", pinned: true } },
    ]);
    expect(precheckPlan(r.plan, notes).ok).toBe(true);
  });
});

describe("routing and args (tasks, connector)", () => {
  const t = (m: string) =>
    classifyEmbedded({
      message: m,
      catalog: tasks,
      now,
      entities: [{ id: "tk_1", label: "Pay rent", key: "task_id" }],
    });
  it.each<[string, string, Record<string, unknown>]>([
    [
      "remind me to call mom tomorrow",
      "create_task",
      { title: "call mom", due_date: "2026-11-22", priority: "medium" },
    ],
    [
      "add a high priority task 'file taxes' due next friday",
      "create_task",
      { title: "file taxes", due_date: "2026-11-27", priority: "high" },
    ],
    ["list overdue tasks", "list_tasks", { overdue: true, limit: 50 }],
    ["which tasks are in progress", "list_tasks", { status: "in_progress", overdue: false, limit: 50 }],
    ["mark pay rent as done", "update_task", { task_id: "tk_1", status: "done" }],
    ["move pay rent to December 2", "update_task", { task_id: "tk_1", due_date: "2026-12-02" }],
  ])("%s", (m, tool, args) => expect(t(m).plan).toEqual([{ tool, args }]));
  const c = (m: string) => classifyEmbedded({ message: m, catalog: connector, now });
  it.each<[string, string, Record<string, unknown>]>([
    ["show issue #42", "get_issue", { issue_number: 42 }],
    ["find closed issues about sso", "search_issues", { query: "sso", state: "closed", limit: 10 }],
    ['comment on issue 7: "thanks!"', "comment_on_issue", { issue_number: 7, body: "thanks!" }],
    ["close #9 as not planned", "close_issue", { issue_number: 9, reason: "not_planned" }],
  ])("%s", (m, tool, args) => expect(c(m).plan).toEqual([{ tool, args }]));
});

describe("skeleton block entities", () => {
  it("parses label (#id) items from the rendered block", () => {
    expect(entitiesFromSkeletonBlock(notesBlock)).toEqual([
      { id: "nt_1", label: "Q3 roadmap", key: "recent_notes", source: "skeleton" },
      { id: "nt_2", label: "Meeting prep", key: "recent_notes", source: "skeleton" },
    ]);
    expect(entitiesFromSkeletonBlock("s: items=[#a1, Only label, X (#b2)] (cached ~1s ago)").map((e) => e.id)).toEqual([
      "a1",
      "b2",
    ]);
  });
});

describe("contract", () => {
  it("validateClassification rejects unknown tools and internal tools", () => {
    const base = { intent: "action", confidence: 0.5, language: "en", is_destructive: false, is_acceptance: false };
    expect(validateClassification({ ...base, plan: [{ tool: "x", args: {} }] }, notes).ok).toBe(false);
    expect(validateClassification({ ...base, plan: [{ tool: "__panel__sidebar", args: {} }] }, notes).ok).toBe(false);
    expect(validateClassification({ ...base, plan: [] }, notes).ok).toBe(false);
    expect(validateClassification({ ...base, plan: [{ tool: "list_notes" }] }, notes)).toEqual({
      ok: true,
      value: { ...base, plan: [{ tool: "list_notes", args: {} }] },
    });
  });
  it("is deterministic", () => {
    expect(run("delete the Q3 roadmap note")).toEqual(run("delete the Q3 roadmap note"));
  });
  it("createClassifier defaults to embedded", async () => {
    const c = createClassifier();
    expect(c.kind).toBe("embedded");
    expect((await c.classify({ message: "show my notes", catalog: notes, now })).plan[0].tool).toBe("list_notes");
  });
  it("p50 latency is under 2 ms", () => {
    const msgs = [
      'create a note "A"',
      "delete the Q3 roadmap note",
      "show my notes",
      "hi",
      "search notes for tax and then open Meeting prep",
    ];
    for (let i = 0; i < 50; i++) run(msgs[i % msgs.length]);
    const lat: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      run(msgs[i % msgs.length]);
      lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    expect(lat[250]).toBeLessThan(2);
  });
});

describe("real template catalogs (eval/catalogs/template-*.json)", () => {
  const tn = cat("template-notes");
  const tt = cat("template-tasks");
  const tc = cat("template-connector");
  const tm = cat("template-minimal");
  const nb = renderSkeletonBlock(
    [
      {
        section: "notes",
        data: {
          total: 2,
          recent: [
            { note_id: "n_1", title: "Q3 roadmap" },
            { note_id: "n_2", title: "Grocery list" },
          ],
        },
        refreshedAt: now,
      },
    ],
    now,
  );
  const tb = renderSkeletonBlock(
    [
      {
        section: "tasks",
        data: {
          open: 2,
          overdue_tasks: [
            { task_id: "t_1", title: "Pay rent" },
            { task_id: "t_2", title: "Call the dentist" },
          ],
        },
        refreshedAt: now,
      },
    ],
    now,
  );
  const go = (message: string, catalog: CatalogEntry[], skeletonBlock = "") =>
    classifyEmbedded({ message, catalog, skeletonBlock, now }).plan;
  it.each<[string, CatalogEntry[], string, string, Record<string, unknown>]>([
    ["move the grocery list to the trash", tn, nb, "trash_note", { note_id: "n_2" }],
    ["delete the Q3 roadmap note", tn, nb, "delete_note", { note_id: "n_1" }],
    ["permanently remove Grocery list", tn, nb, "delete_note", { note_id: "n_2" }],
    ["show notes tagged work", tn, nb, "list_notes", { tag: "work", view: "active", limit: 20 }],
    ["add a note titled Trip tagged travel", tn, nb, "create_note", { title: "Trip", tags: ["travel"], body: "" }],
    ["change the title of grocery list to Shopping", tn, nb, "update_note", { note_id: "n_2", title: "Shopping" }],
    ["mark pay rent as done", tt, tb, "complete_task", { task_id: "t_1" }],
    ["finish the dentist task", tt, tb, "complete_task", { task_id: "t_2" }],
    ["set the dentist task to in progress", tt, tb, "update_task", { task_id: "t_2", status: "in_progress" }],
    ["what's overdue?", tt, tb, "list_tasks", { filter: "overdue", limit: 20 }],
    ["remove call the dentist", tt, tb, "delete_task", { task_id: "t_2" }],
    ["search issues for login", tc, "", "list_issues", { search: "login", state: "open", limit: 20 }],
    [
      "any closed issues mentioning payments?",
      tc,
      "",
      "list_issues",
      { search: "payments", state: "closed", limit: 20 },
    ],
    ["show issue #42", tc, "", "get_issue", { issue_id: "42" }],
    ["close ticket 12", tc, "", "close_issue", { issue_id: "12" }],
    ["is the tracker connected?", tc, "", "connection_status", {}],
    ["say hello to Bob", tm, "", "greet", { name: "Bob" }],
  ])("%s", (m, catalog, block, tool, args) => expect(go(m, catalog, block)).toEqual([{ tool, args }]));
  it("chains with a literal id when the earlier step had one", () => {
    expect(go("show me issue 5 and then close it", tc)).toEqual([
      { tool: "get_issue", args: { issue_id: "5" } },
      { tool: "close_issue", args: { issue_id: "5" } },
    ]);
  });
});

describe("general rules (blind-set round)", () => {
  const tn = cat("template-notes");
  const tt = cat("template-tasks");
  const tc = cat("template-connector");
  const tm = cat("template-minimal");
  const nb = renderSkeletonBlock(
    [
      {
        section: "notes",
        data: {
          total: 3,
          recent: [
            { note_id: "n_1", title: "Q3 roadmap" },
            { note_id: "n_2", title: "Grocery list" },
            { note_id: "n_3", title: "Meeting prep" },
          ],
        },
        refreshedAt: now,
      },
    ],
    now,
  );
  const tb = renderSkeletonBlock(
    [
      {
        section: "tasks",
        data: {
          open: 2,
          overdue_tasks: [
            { task_id: "t_1", title: "Pay rent" },
            { task_id: "t_2", title: "Call the dentist" },
          ],
        },
        refreshedAt: now,
      },
    ],
    now,
  );
  const ledgerOf = (...turns: Array<Array<{ tool: string; data: unknown }>>) => {
    const l = new FactLedger();
    for (const t of turns) l.addTurn(t);
    return l.entries();
  };
  const listed = ledgerOf([
    {
      tool: "list_tasks",
      data: {
        tasks: [
          { task_id: "t_1", title: "Pay rent" },
          { task_id: "t_5", title: "Book flights" },
          { task_id: "t_6", title: "Water the plants" },
        ],
      },
    },
  ]);
  const created = ledgerOf([{ tool: "create_task", data: { task_id: "t_9", title: "Buy milk", status: "todo" } }]);
  const go = (
    message: string,
    catalog: CatalogEntry[],
    skeletonBlock = "",
    factLedger?: ReturnType<FactLedger["entries"]>,
  ) => classifyEmbedded({ message, catalog, skeletonBlock, now, factLedger });
  const plan = (...a: Parameters<typeof go>) => go(...a).plan;

  it("titles after called/named/titled keep verbs and keywords", () => {
    expect(plan("create a note called Delete old files", tn, nb)).toEqual([
      { tool: "create_note", args: { title: "Delete old files", body: "", tags: [] } },
    ]);
    expect(plan("open a ticket called Dark mode toggle missing", tc)).toEqual([
      { tool: "create_issue", args: { title: "Dark mode toggle missing", body: "" } },
    ]);
    expect(plan("please create a task called Finish the report", tt, tb)).toEqual([
      { tool: "create_task", args: { title: "Finish the report", priority: "normal" } },
    ]);
  });
  it("a verb-like word after a determiner is a noun", () => {
    expect(plan("export my notes as a report", tn, nb)).toEqual([
      { tool: "list_notes", args: { view: "active", limit: 20 } },
    ]);
    expect(plan("please remove pay rent from my list", tt, tb)).toEqual([
      { tool: "delete_task", args: { task_id: "t_1" } },
    ]);
  });
  it("text after a colon is taken verbatim; a noun + colon introduces a new item", () => {
    expect(plan("report a bug: the export button does nothing", tc)).toEqual([
      { tool: "create_issue", args: { title: "the export button does nothing", body: "" } },
    ]);
    expect(plan("I found a bug: the logo is blurry", tc)).toEqual([
      { tool: "create_issue", args: { title: "the logo is blurry", body: "" } },
    ]);
  });
  it("back references and ordinals resolve against the fact ledger", () => {
    expect(plan("complete the task I just created", tt, tb, created)).toEqual([
      { tool: "complete_task", args: { task_id: "t_9" } },
    ]);
    expect(plan("make it due friday", tt, tb, created)).toEqual([
      { tool: "update_task", args: { task_id: "t_9", due: "2026-11-27" } },
    ]);
    expect(plan("complete the first one", tt, tb, listed)).toEqual([
      { tool: "complete_task", args: { task_id: "t_1" } },
    ]);
    expect(plan("delete the second task", tt, tb, listed)).toEqual([{ tool: "delete_task", args: { task_id: "t_5" } }]);
    expect(
      plan(
        "open the last one",
        tt,
        tb,
        ledgerOf([
          {
            tool: "list_notes",
            data: {
              notes: [
                { note_id: "n_8", title: "A" },
                { note_id: "n_9", title: "B" },
              ],
            },
          },
        ]),
      ),
    ).toEqual([]);
  });
  it("idioms, 'gimme' and question forms", () => {
    expect(plan("what's on my plate?", tt, tb)).toEqual([{ tool: "list_tasks", args: { filter: "open", limit: 20 } }]);
    expect(plan("gimme my tasks due tomorrow", tt, tb)).toEqual([
      { tool: "list_tasks", args: { filter: "open", limit: 20 } },
    ]);
    expect(plan("any open bugs?", tc)).toEqual([{ tool: "list_issues", args: { state: "open", limit: 20 } }]);
    expect(plan("which account am I using?", tc)).toEqual([{ tool: "connection_status", args: {} }]);
    expect(plan("look up issue 42", tc)).toEqual([{ tool: "get_issue", args: { issue_id: "42" } }]);
    expect(plan("I want to see the grocery list", tn, nb)).toEqual([{ tool: "get_note", args: { note_id: "n_2" } }]);
  });
  it("negated and inflected enum values", () => {
    expect(plan("show tasks I haven't started", tt, tb)).toEqual([
      { tool: "list_tasks", args: { filter: "todo", limit: 20 } },
    ]);
    expect(plan("show my trashed notes", tn, nb)).toEqual([{ tool: "list_notes", args: { view: "trash", limit: 20 } }]);
    expect(plan("which notes are in the bin?", tn, nb)).toEqual([
      { tool: "list_notes", args: { view: "trash", limit: 20 } },
    ]);
    expect(plan("lower the priority of pay rent", tt, tb)).toEqual([
      { tool: "update_task", args: { task_id: "t_1", priority: "low" } },
    ]);
  });
  it("'I need to X' records a to-do unless X reads or acts on a named item", () => {
    expect(plan("I need to finish the slides by friday", tt, tb)).toEqual([
      { tool: "create_task", args: { title: "finish the slides", due: "2026-11-27", priority: "normal" } },
    ]);
    expect(plan("I need to delete the pay rent task", tt, tb)).toEqual([
      { tool: "delete_task", args: { task_id: "t_1" } },
    ]);
    expect(plan("what do I still have to do?", tt, tb)[0].tool).toBe("list_tasks");
  });
  it("verbs no tool can serve are ignored ('start working on X')", () => {
    expect(plan("start working on pay rent", tt, tb)).toEqual([
      { tool: "update_task", args: { task_id: "t_1", status: "in_progress" } },
    ]);
  });
  it("'and make it <attribute>' folds into the create step; other chains stay two steps", () => {
    expect(plan("create a task to call Anna tomorrow and make it high priority", tt, tb)).toEqual([
      { tool: "create_task", args: { title: "call Anna", due: "2026-11-22", priority: "high" } },
    ]);
    expect(plan('add a task "Submit report" and then mark it done', tt, tb).map((s) => s.tool)).toEqual([
      "create_task",
      "complete_task",
    ]);
  });
  it("'add X to <item>' and 'remove the <field> from <item>' edit the item", () => {
    expect(plan("add the tag urgent to meeting prep", tn, nb)).toEqual([
      { tool: "update_note", args: { note_id: "n_3", tags: ["urgent"] } },
    ]);
    expect(plan("remove the deadline from pay rent", tt, tb)).toEqual([
      { tool: "update_task", args: { task_id: "t_1", due: null } },
    ]);
    expect(plan("clear the due date of call the dentist", tt, tb)).toEqual([
      { tool: "update_task", args: { task_id: "t_2", due: null } },
    ]);
  });
  it("a partial label after a topic cue is a search topic, not a reference", () => {
    const issues = ledgerOf([
      { tool: "list_issues", data: { issues: [{ issue_id: "42", title: "Login page crashes" }] } },
    ]);
    expect(plan("are there issues about the login page?", tc, "", issues)).toEqual([
      { tool: "list_issues", args: { search: "login page", state: "open", limit: 20 } },
    ]);
  });
  it("several items joined by and/commas give one call each", () => {
    expect(plan("delete Q3 roadmap and meeting prep", tn, nb)).toEqual([
      { tool: "delete_note", args: { note_id: "n_1" } },
      { tool: "delete_note", args: { note_id: "n_3" } },
    ]);
    expect(plan("close issues 42 and 43", tc)).toEqual([
      { tool: "close_issue", args: { issue_id: "42" } },
      { tool: "close_issue", args: { issue_id: "43" } },
    ]);
    expect(plan('rename Q3 roadmap to "Meeting prep"', tn, nb)).toEqual([
      { tool: "update_note", args: { note_id: "n_1", title: "Meeting prep" } },
    ]);
  });
  it("list values split on and/commas; pronoun after a cue", () => {
    expect(plan("add a note titled Gift ideas with tags family and xmas", tn, nb)).toEqual([
      { tool: "create_note", args: { title: "Gift ideas", tags: ["family", "xmas"], body: "" } },
    ]);
    // Tagging the note being created is one create call, not a create and an update.
    expect(plan("create a note named Todo and tag it urgent", tn, nb)).toEqual([
      { tool: "create_note", args: { title: "Todo", body: "", tags: ["urgent"] } },
    ]);
  });
  it("call-off words are chat", () => {
    for (const m of ["cancel", "no, cancel that", "never mind", "forget it"])
      expect(go(m, tt, tb)).toMatchObject({ intent: "chat", plan: [], is_acceptance: false });
  });
  it("German verbs, nouns, enum words and dates", () => {
    expect(plan("zeige meine Notizen", tn, nb)).toEqual([{ tool: "list_notes", args: { view: "active", limit: 20 } }]);
    expect(plan("erstelle eine Aufgabe 'Zahnarzt anrufen' für morgen", tt, tb)).toEqual([
      { tool: "create_task", args: { title: "Zahnarzt anrufen", due: "2026-11-22", priority: "normal" } },
    ]);
    expect(plan("welche Aufgaben sind überfällig?", tt, tb)).toEqual([
      { tool: "list_tasks", args: { filter: "overdue", limit: 20 } },
    ]);
    expect(plan("markiere Pay rent als erledigt", tt, tb)).toEqual([
      { tool: "complete_task", args: { task_id: "t_1" } },
    ]);
    expect(plan("begrüße Anna", tm)).toEqual([{ tool: "greet", args: { name: "Anna" } }]);
    expect(go("danke!", tm)).toMatchObject({ intent: "chat", plan: [] });
    expect(go("ja, mach das", tm)).toMatchObject({ intent: "chat", is_acceptance: true });
    expect(go("zeige meine Notizen", tn, nb).language).toBe("de");
  });
  it.each<[string, string]>([
    ["on the 30th", "2026-11-30"],
    ["by the 5th", "2026-12-05"],
    ["the 21st", "2026-11-21"],
    ["the 1st of March", "2027-03-01"],
    ["morgen", "2026-11-22"],
    ["übermorgen", "2026-11-23"],
  ])("date %s", (text, want) => expect(findDates(text, now)[0]?.date).toBe(want));
});

describe("general rules (probe rounds)", () => {
  const tn = cat("template-notes");
  const tt = cat("template-tasks");
  const nb = renderSkeletonBlock(
    [
      {
        section: "notes",
        data: {
          recent: [
            { note_id: "n_1", title: "Q3 roadmap" },
            { note_id: "n_2", title: "Grocery list" },
          ],
        },
        refreshedAt: now,
      },
    ],
    now,
  );
  const tb = renderSkeletonBlock(
    [
      {
        section: "tasks",
        data: {
          overdue_tasks: [
            { task_id: "t_1", title: "Pay rent" },
            { task_id: "t_2", title: "Book flights" },
          ],
        },
        refreshedAt: now,
      },
    ],
    now,
  );
  const go = (message: string, catalog: CatalogEntry[], skeletonBlock: string) =>
    classifyEmbedded({ message, catalog, skeletonBlock, now });
  it("'start/begin a <noun>' creates", () => {
    expect(go("start a note named Recipes", tn, nb).plan).toEqual([
      { tool: "create_note", args: { title: "Recipes", body: "", tags: [] } },
    ]);
  });
  it("comma-separated list values", () => {
    expect(go("create a note titled Q4 goals tagged work, planning", tn, nb).plan).toEqual([
      { tool: "create_note", args: { title: "Q4 goals", tags: ["work", "planning"], body: "" } },
    ]);
  });
  it("'including X' does not make X the filter", () => {
    expect(go("show me everything, including done", tt, tb).plan).toEqual([
      { tool: "list_tasks", args: { filter: "all", limit: 20 } },
    ]);
  });
  it("several quoted values create several items", () => {
    expect(go('add "Pack bags" and "Print tickets" as tasks', tt, tb).plan).toEqual([
      { tool: "create_task", args: { title: "Pack bags", priority: "normal" } },
      { tool: "create_task", args: { title: "Print tickets", priority: "normal" } },
    ]);
  });
  it("'undo the deletion of X' restores; words of a named item are not routing evidence", () => {
    expect(go("undo the deletion of the grocery list", tn, nb).plan).toEqual([
      { tool: "restore_note", args: { note_id: "n_2" } },
    ]);
  });
  it("a plain question never writes; without a read-one tool it lists", () => {
    expect(go("is pay rent done?", tt, tb).plan.map((s) => s.tool)).toEqual(["list_tasks"]);
    expect(go("what's the status of book flights?", tt, tb).plan.map((s) => s.tool)).toEqual(["list_tasks"]);
    expect(go("can you delete pay rent?", tt, tb).plan).toEqual([{ tool: "delete_task", args: { task_id: "t_1" } }]);
  });
  it("plural synonyms, agent nouns and 'set a <noun>'", () => {
    const tc = cat("template-connector");
    expect(go("bugs", tc, "").plan).toEqual([{ tool: "list_issues", args: { state: "open", limit: 20 } }]);
    expect(go("show my reminders", tt, tb).plan).toEqual([{ tool: "list_tasks", args: { filter: "open", limit: 20 } }]);
    expect(go("set a reminder to call mom tomorrow", tt, tb).plan).toEqual([
      { tool: "create_task", args: { title: "call mom", due: "2026-11-22", priority: "normal" } },
    ]);
    expect(go("set a due date for pay rent: friday", tt, tb).plan).toEqual([
      { tool: "update_task", args: { task_id: "t_1", due: "2026-11-27" } },
    ]);
  });
  it("a free-standing dash works like a colon; words after a colon are never routing words", () => {
    expect(go("quick note - buy batteries", tn, nb)).toMatchObject({
      intent: "action",
      plan: [{ tool: "create_note", args: { title: "buy batteries", body: "", tags: [] } }],
    });
    expect(go("new high priority task: submit the tax return by december 31", tt, tb).plan).toEqual([
      { tool: "create_task", args: { title: "submit the tax return", priority: "high", due: "2026-12-31" } },
    ]);
  });
  it("two values of a filter with 'all' mean all; 'and <enum value>' does not split; '<value> list' is the list", () => {
    const tc = cat("template-connector");
    expect(splitSteps("list all issues, open and closed", new Set(["open", "closed", "all"]))).toEqual([
      "list all issues, open and closed",
    ]);
    expect(go("list all issues, open and closed", tc, "").plan).toEqual([
      { tool: "list_issues", args: { state: "all", limit: 20 } },
    ]);
    expect(go("show all closed issues", tc, "").plan).toEqual([
      { tool: "list_issues", args: { state: "closed", limit: 20 } },
    ]);
    expect(go("what's on my to-do list?", tt, tb).plan).toEqual([
      { tool: "list_tasks", args: { filter: "open", limit: 20 } },
    ]);
  });
  it("an indefinite 'someone' is no value: the turn asks who, default or not", () => {
    const c = go("greet someone", cat("template-minimal"), "");
    expect(c.intent).toBe("clarify");
    expect(c.missing).toEqual(["greet.name"]);
    expect(c.plan).toEqual([{ tool: "greet", args: {} }]);
  });
  it("names after called/named keep their words; number words as limits; append -> body; 'logged in' -> connection", () => {
    expect(go("CREATE A NOTE CALLED URGENT STUFF", tn, nb).plan).toEqual([
      { tool: "create_note", args: { title: "URGENT STUFF", body: "", tags: [] } },
    ]);
    expect(go("create a note called Shopping please", tn, nb).plan[0].args.title).toBe("Shopping");
    expect(go("show me five notes", tn, nb).plan).toEqual([{ tool: "list_notes", args: { view: "active", limit: 5 } }]);
    expect(go('append "call Bob" to the grocery list', tn, nb).plan).toEqual([
      { tool: "update_note", args: { note_id: "n_2", body: "call Bob" } },
    ]);
    expect(go("am I logged in to the tracker?", cat("template-connector"), "").plan).toEqual([
      { tool: "connection_status", args: {} },
    ]);
  });
  it("a verbless later step repeats the verb; ', <verb>' splits only after a command", () => {
    expect(go('create a note "A", then a note "B"', tn, nb)).toMatchObject({
      intent: "action",
      plan: [
        { tool: "create_note", args: { title: "A", body: "", tags: [] } },
        { tool: "create_note", args: { title: "B", body: "", tags: [] } },
      ],
    });
    expect(splitSteps("create a note called Trip, tag it travel and then show my notes")).toEqual([
      "create a note called Trip",
      "tag it travel",
      "show my notes",
    ]);
    expect(splitSteps("I called the dentist, mark it done")).toEqual(["I called the dentist, mark it done"]);
    expect(
      go(
        "I called the dentist, mark it done",
        tt,
        renderSkeletonBlock(
          [
            {
              section: "tasks",
              data: { overdue_tasks: [{ task_id: "t_2", title: "Call the dentist" }] },
              refreshedAt: now,
            },
          ],
          now,
        ),
      ).plan,
    ).toEqual([{ tool: "complete_task", args: { task_id: "t_2" } }]);
  });
  it("out-of-scope verbs stay chat", () => {
    expect(go("send the grocery list to Bob", tn, nb)).toMatchObject({ intent: "chat", plan: [] });
  });
});
