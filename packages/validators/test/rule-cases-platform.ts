/**
 * The docs examples of the SPEC 7.11 rules (V32-V37), in the format of rule-cases.ts: `body` follows HEADER as
 * src/index.ts, expected lines are body-relative. Every clause of each rule also has its own failing and passing
 * test in platform-rules.test.ts.
 */
import type { RuleCase } from "./rule-case-types.js";

export const platformCases: RuleCase[] = [
  {
    rule: "V32",
    title: "ui.call names a registered function, tool or panel",
    fail: {
      body: `ext.panel("sidebar", { slot: "left", title: "Notes" }, async () =>
  ui.stack([
    ui.button("New", { onClick: ui.call("create_note") }),
    ui.button("Open", { onClick: ui.call("__panel__editor", { note_id: "n1" }) }),
  ]),
);
`,
      expect: [
        { line: 3, at: '"create_note"' },
        { line: 4, at: '"__panel__editor"' },
      ],
    },
    pass: {
      body: `chat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Created"),
);

ext.panel("editor", { slot: "center", title: "Editor" }, async () => ui.text("Pick a note"));

const open = (panel: string) => ui.button("Open", { onClick: ui.call(panel, { note_id: "n1" }) });

ext.panel("sidebar", { slot: "left", title: "Notes" }, async () =>
  ui.stack([ui.button("New", { onClick: ui.call("create_note") }), open("__panel__editor")]),
);
`,
    },
    note:
      "A name that reaches `ui.call` through a helper's parameter is checked at every call site of the helper; a " +
      "name that is not statically known anywhere is a cannot-verify warning.",
  },
  {
    rule: "V33",
    title: "event types are the app's and declared",
    fail: {
      body: `ext.emits("synced", { description: "Notes were synced." });

ext.tool("sync_notes", { description: "Sync the notes." }, async (ctx) => {
  await ctx.events.emit("notes.imported", { count: 1 });
  return { response: "ok" };
});
`,
      expect: [
        { line: 1, at: '"synced"' },
        { line: 4, at: '"notes.imported"' },
      ],
    },
    pass: {
      body: `ext.emits("notes.synced", { description: "Notes were synced." });

ext.tool("sync_notes", { description: "Sync the notes." }, async (ctx) => {
  await ctx.events.emit("notes.synced", { count: 1 });
  return { response: "ok" };
});
`,
    },
    note:
      "A chat function's own `event` counts as declared: the kernel publishes it as `{app_id}.{event}` (or as " +
      "written when it already starts with `{app_id}.`).",
  },
  {
    rule: "V34",
    title: "schedules: a valid cron and their own name",
    fail: {
      body: `ext.tool("cleanup", { description: "Remove empty notes." }, async () => ({ response: "done" }));

ext.schedule("nightly", { cron: "0 25 * * *" }, async () => null);
ext.schedule("cleanup", { cron: "0 3 * * *" }, async () => null);
`,
      expect: [
        { line: 3, at: '"0 25 * * *"' },
        { line: 4, at: '"cleanup"' },
      ],
    },
    pass: {
      body: `ext.tool("cleanup", { description: "Remove empty notes." }, async () => ({ response: "done" }));

ext.schedule("nightly", { cron: "0 3 * * *" }, async () => null);
ext.schedule("cleanup_job", { cron: "*/15 8-18 * * 1-5" }, async () => null);
`,
    },
    note: "The cron is checked with the SDK's own parser (`cronProblem` from `@imperal/sdk/patterns`), so a cron the validator accepts is one the registry accepts.",
  },
  {
    rule: "V35",
    title: "calls between extensions",
    fail: {
      body: `const NoteRef = z.object({ note_id: z.string() });

ext.expose("delete_note", { actionType: "destructive", params: NoteRef, description: "Delete a note." }, async (ctx, p) => {
  await ctx.store.delete("notes", p.note_id);
  return ActionResult.success({ ok: true }, "Deleted");
});

ext.tool("archive_all", { description: "Archive all notes." }, async (ctx) => {
  const r = await ctx.extensions.call("notes", "find_notes", {});
  return { response: r.summary };
});
`,
      expect: [
        { line: 3, at: '"destructive"' },
        { line: 9, at: '"notes"' },
      ],
    },
    pass: {
      body: `const NoteRef = z.object({ note_id: z.string() });

ext.expose("get_note", { actionType: "read", params: NoteRef, description: "Read a note." }, async (ctx, p) => {
  const doc = await ctx.store.get("notes", p.note_id);
  return ActionResult.success({ ok: doc !== null }, "Read");
});

ext.tool("plan_week", { description: "Put notes on the calendar." }, async (ctx) => {
  const r = await ctx.extensions.call("calendar", "free_slots", {});
  return { response: r.summary };
});
`,
    },
  },
  {
    rule: "V36",
    title: "cross-user access only in schedules and webhooks",
    fail: {
      body: `chat.function("count_all", { description: "Count every user's notes.", actionType: "read", params: Empty, dataModel: Out }, async (ctx) => {
  for await (const user of ctx.store.listUsers("notes")) void user;
  return ActionResult.success({ ok: true }, "Counted");
});

ext.panel("everyone", { slot: "left", title: "Everyone" }, async (ctx) => {
  const other = ctx.asUser("bob");
  return ui.text(String(await other.store.count("notes")));
});
`,
      expect: [
        { line: 2, at: "ctx.store.listUsers" },
        { line: 7, at: "ctx.asUser" },
      ],
    },
    pass: {
      body: `ext.schedule("nightly_count", { cron: "0 3 * * *" }, async (ctx) => {
  for await (const user of ctx.store.listUsers("notes")) {
    await ctx.asUser(user).store.count("notes");
  }
});
`,
    },
    note: "Code in a helper is checked in every handler that calls it, found through the helper's call sites.",
  },
  {
    rule: "V37",
    title: "credential-like params are listed in sensitive",
    fail: {
      body: `const Unlock = z.object({ note_id: z.string(), pin: z.string().min(4) });

chat.function("unlock_note", { description: "Unlock a protected note.", actionType: "write", params: Unlock, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Unlocked"),
);
`,
      expect: [{ line: 1, at: "pin", severity: "warn" }],
    },
    pass: {
      body: `const Unlock = z.object({ note_id: z.string(), pin: z.string().min(4) });

chat.function("unlock_note", { description: "Unlock a protected note.", actionType: "write", params: Unlock, dataModel: Out, sensitive: ["pin"] }, async () =>
  ActionResult.success({ ok: true }, "Unlocked"),
);
`,
    },
    note:
      "Names the default pattern already covers (password, secret, token, api_key, private_key, ...) are redacted " +
      "anyway and are not reported; flags and fixed choices (`z.boolean()`, `z.enum(...)`, `z.literal(...)`) " +
      "cannot hold a credential and are skipped; `*_key` names that are ordinary data (sort_key, cache_key, " +
      "idempotency_key, ...) are not reported.",
  },
];
