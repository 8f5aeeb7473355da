import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z as z3 } from "zod3";
import { zodToJsonSchema } from "zod-to-json-schema";
import {
  APP_ID_PATTERN,
  ActionResult,
  CAPABILITY_PATTERN,
  CRON_PATTERN,
  ChatExtension,
  EVENT_NAME_PATTERN,
  Extension,
  IDENTIFIER_PATTERN,
  ManifestError,
  PANEL_TOOL_PATTERN,
  REFRESH_PATTERN,
  SECRET_NAME_PATTERN,
  SEMVER_PATTERN,
  SDK_VERSION,
  callableSurface,
  generateManifest,
  manifestJsonSchema,
  schemaToJsonSchema,
  serializeManifest,
  z,
} from "../src/index.js";
import { assertNotEmpty } from "../src/schema/index.js";
import { makeNotes } from "./helpers.js";

const schemaFile = fileURLToPath(new URL("../dist/manifest.schema.json", import.meta.url));
const readSchemaFile = () => JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, unknown>;

describe("generateManifest", () => {
  it("produces the SPEC 1.5 shape from the callable surface", () => {
    const { ext } = makeNotes();
    ext.secret("api_key", { description: "API key for the notes backend." });
    ext.schedule("nightly", { cron: "0 3 * * *", description: "Nightly cleanup." }, async () => {});
    const m = generateManifest(ext, { iconSizeBytes: 321 });
    expect(Object.keys(m)).toEqual([
      "manifest_schema_version",
      "sdk_version",
      "app_id",
      "version",
      "display_name",
      "description",
      "icon",
      "icon_size_bytes",
      "actions_explicit",
      "system",
      "capabilities",
      "tools",
      "skeletons",
      "panels",
      "secrets",
      "schedules",
      "chat_extensions",
    ]);
    expect(m.manifest_schema_version).toBe(3);
    expect(m.sdk_version).toBe(SDK_VERSION);
    expect(m.tools.map((t) => [t.name, t.kind])).toEqual([
      ["create_note", "chat_function"],
      ["delete_note", "chat_function"],
      ["skeleton_refresh_notes", "skeleton_refresh"],
      ["skeleton_alert_notes", "skeleton_alert"],
    ]);
    // the manifest's tools are the callable surface minus panels — one source of truth
    expect(m.tools.map((t) => t.name)).toEqual(
      callableSurface(ext)
        .filter((t) => t.kind !== "panel")
        .map((t) => t.name),
    );
    expect(m.panels).toEqual([
      {
        panel_id: "sidebar",
        tool: "__panel__sidebar",
        slot: "left",
        title: "Notes",
        icon: "NotebookPen",
        refresh: "on_event:notes.created",
      },
    ]);
    expect(m.skeletons).toEqual([
      {
        section: "notes",
        tool: "skeleton_refresh_notes",
        ttl: 300,
        alert: true,
        description: "Note counts and recent titles.",
      },
    ]);
    expect(m.secrets).toEqual([
      {
        name: "api_key",
        description: "API key for the notes backend.",
        required: false,
        write_mode: "user",
        max_bytes: 4096,
      },
    ]);
    expect(m.schedules).toEqual([{ name: "nightly", cron: "0 3 * * *", description: "Nightly cleanup." }]);
    const create = m.tools[0];
    expect(Object.keys(create)).toEqual([
      "name",
      "kind",
      "description",
      "action_type",
      "chain_callable",
      "params_schema",
      "return_schema",
      "event",
      "effects",
      "owner_chat_tool",
    ]);
    expect(create.params_schema).toMatchObject({
      type: "object",
      properties: {
        title: { type: "string", minLength: 1, description: "Note title" },
        body: { type: "string", default: "" },
      },
      required: ["title"],
    });
    expect(create.return_schema).toMatchObject({ type: "object", required: ["note_id", "title"] });
    expect(m.tools[1].id_projection).toBe("note_id");
  });

  it("omits secrets/schedules/icon_size_bytes when not declared", () => {
    const m = generateManifest(makeNotes().ext);
    expect("secrets" in m).toBe(false);
    expect("schedules" in m).toBe(false);
    expect("icon_size_bytes" in m).toBe(false);
  });

  it("is deterministic: two independent builds serialize to identical bytes", () => {
    const a = serializeManifest(generateManifest(makeNotes().ext, { iconSizeBytes: 10 }));
    const b = serializeManifest(generateManifest(makeNotes().ext, { iconSizeBytes: 10 }));
    expect(a).toBe(b);
    expect(a.endsWith("}\n")).toBe(true);
    expect(a.split("\n")[1]).toBe('  "manifest_schema_version": 3,');
  });

  it("serializeManifest fixes key order whatever order the input object has", () => {
    const m = generateManifest(makeNotes().ext);
    const shuffled = Object.fromEntries(Object.entries(m).reverse());
    (shuffled as { tools: object[] }).tools = m.tools.map((t) => Object.fromEntries(Object.entries(t).reverse()));
    expect(serializeManifest(shuffled)).toBe(serializeManifest(m));
  });

  it("serializeManifest rejects an invalid manifest", () => {
    const m = generateManifest(makeNotes().ext);
    expect(() => serializeManifest({ ...m, app_id: "Bad_ID" })).toThrow(ManifestError);
    expect(() => serializeManifest({ ...m, tool: [] })).toThrow(/MANIFEST_INVALID|invalid/i);
  });
});

describe("zod 3 and zod 4 params", () => {
  const z4Params = z.object({
    title: z.string().min(1),
    count: z.number().int().default(1),
    tags: z.array(z.string()).optional(),
  });
  const z3Params = z3.object({
    title: z3.string().min(1),
    count: z3.number().int().default(1),
    tags: z3.array(z3.string()).optional(),
  });

  it("both versions convert to the same essential JSON Schema", () => {
    for (const s of [z4Params, z3Params]) {
      const j = schemaToJsonSchema(s, { io: "input" });
      expect(j.type).toBe("object");
      expect(Object.keys(j.properties as object)).toEqual(["title", "count", "tags"]);
      expect(j.required).toEqual(["title"]);
      expect((j.properties as Record<string, { minLength?: number }>).title.minLength).toBe(1);
      expect("$schema" in j).toBe(false);
    }
  });

  it("zod-to-json-schema yields {} for a zod 4 schema — and that can never reach a manifest", () => {
    const bad = zodToJsonSchema(z4Params as never) as Record<string, unknown>;
    delete bad.$schema;
    expect(bad).toEqual({});
    expect(() => schemaToJsonSchema(z4Params)).not.toThrow();
    // An empty conversion for a non-empty object is an error, whatever produced it.
    for (const s of [z4Params, z3Params])
      expect(() => assertNotEmpty(s, {}, "params")).toThrow(expect.objectContaining({ code: "EMPTY_SCHEMA" }));
    expect(() => assertNotEmpty(z3Params, { type: "object", properties: {} }, "params")).toThrow(/empty JSON Schema/);
  });

  it("a manifest built from zod 3 and zod 4 params never contains an empty params_schema", () => {
    const ext = new Extension("mixed", { version: "1.0.0" });
    const chat = new ChatExtension(ext);
    chat.function(
      "v3_fn",
      {
        description: "Uses zod three.",
        actionType: "read",
        params: z3Params,
        dataModel: z3.object({ ok: z3.boolean() }),
      },
      async (_c, p) => ActionResult.success({ ok: p.count > 0 }, ""),
    );
    chat.function(
      "v4_fn",
      { description: "Uses zod four.", actionType: "read", params: z4Params, dataModel: z.object({ ok: z.boolean() }) },
      async (_c, p) => ActionResult.success({ ok: p.count > 0 }, ""),
    );
    const m = generateManifest(ext);
    for (const t of m.tools) {
      expect(Object.keys((t.params_schema as { properties: object }).properties)).toEqual(["title", "count", "tags"]);
      expect(Object.keys((t.return_schema as { properties: object }).properties)).toEqual(["ok"]);
    }
  });

  it("a schema faking zod 4 internals that converts to nothing is a build error", () => {
    const ext = new Extension("broken", { version: "1.0.0" });
    const chat = new ChatExtension(ext);
    // a zod 3 object wearing a `_zod` marker is routed to the zod 4 converter, which cannot read it
    const disguised = Object.assign(Object.create(z3Params), {
      _zod: { def: { type: "object", shape: { title: {} } } },
    });
    chat.function("x_fn", { description: "Disguised schema.", actionType: "read", params: disguised }, async () =>
      ActionResult.success(1, ""),
    );
    expect(() => generateManifest(ext)).toThrow(ManifestError);
  });
});

describe("manifest.schema.json", () => {
  it("the built file is draft 2020-12 and equals a fresh generation from ManifestSchema", () => {
    const file = readSchemaFile();
    expect(file.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(file).toEqual(manifestJsonSchema());
  });

  it("is exported as @imperal/sdk/manifest.schema.json", async () => {
    const { createRequire } = await import("node:module");
    expect(createRequire(import.meta.url).resolve("@imperal/sdk/manifest.schema.json")).toBe(schemaFile);
  });

  it("contains every SPEC 1.5 regex", () => {
    const text = readFileSync(schemaFile, "utf8");
    for (const re of [
      APP_ID_PATTERN,
      SEMVER_PATTERN,
      CAPABILITY_PATTERN,
      IDENTIFIER_PATTERN,
      CRON_PATTERN,
      REFRESH_PATTERN,
      PANEL_TOOL_PATTERN,
      SECRET_NAME_PATTERN,
      EVENT_NAME_PATTERN,
    ]) {
      expect(text, re.source).toContain(JSON.stringify(re.source));
    }
    expect(text).toContain(JSON.stringify("^[a-z0-9][a-z0-9-]*[a-z0-9]$"));
    expect(text).toContain("^\\\\*$|^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)+$");
    for (const slot of ["center", "left", "right", "overlay", "bottom", "chat-sidebar"])
      expect(text).toContain(`"${slot}"`);
    expect(text).not.toContain('"main"');
  });

  it("ajv accepts generated manifests and rejects pattern violations", () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(readSchemaFile());
    const { ext } = makeNotes();
    ext.secret("api_key", { description: "key" });
    ext.schedule("nightly", { cron: "*/15 0-6 * * 1,3" }, async () => {});
    const m = JSON.parse(serializeManifest(generateManifest(ext, { iconSizeBytes: 1 })));
    expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
    const bad = (patch: (x: any) => void) => {
      const c = structuredClone(m);
      patch(c);
      return validate(c);
    };
    expect(bad((x) => (x.app_id = "Notes_App"))).toBe(false);
    expect(bad((x) => (x.version = "1.0"))).toBe(false);
    expect(bad((x) => (x.capabilities = ["notes"]))).toBe(false);
    expect(bad((x) => (x.tools[0].name = "Create-Note"))).toBe(false);
    expect(bad((x) => (x.panels[0].slot = "main"))).toBe(false);
    expect(bad((x) => (x.panels[0].refresh = "sometimes"))).toBe(false);
    expect(bad((x) => (x.schedules[0].cron = "0 3 * *"))).toBe(false);
    expect(bad((x) => (x.tool = []))).toBe(false);
    expect(bad((x) => (x.capabilities = ["*", "notes:read:own"]))).toBe(true);
  });
});

describe("sdk version", () => {
  it("SDK_VERSION equals package.json version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe("manifest additions (SPEC 7.10)", () => {
  it("chat_extensions with system_prompt, lifecycle booleans, config_defaults and sensitive tool params", async () => {
    const { Extension, ChatExtension, generateManifest, z, ActionResult } = await import("../src/index.js");
    const ext = new Extension("porty", {
      version: "1.0.0",
      configDefaults: { backend: { url: "https://api.example.com", timeoutMs: 30000 } },
    });
    const chat = new ChatExtension(ext, {
      toolName: "porty",
      description: "Porty.",
      systemPrompt: "Prefer read tools.",
    });
    chat.function(
      "connect_account",
      {
        description: "Connect an account with a key and token.",
        actionType: "write",
        params: z.object({ key: z.string(), token: z.string() }),
        sensitive: ["key"],
      },
      async () => ActionResult.success({}, "ok"),
    );
    ext.onInstall(async () => {});
    ext.onUpgrade("2.0.0")(async () => {});
    ext.onUpgrade("1.5.0", async () => {});
    ext.healthCheck(async () => ({ status: "ok" as const }));
    const m = generateManifest(ext) as Record<string, any>;
    expect(m.chat_extensions).toEqual([
      { tool_name: "porty", description: "Porty.", system_prompt: "Prefer read tools." },
    ]);
    expect(m.lifecycle).toEqual({
      on_install: true,
      on_uninstall: false,
      on_enable: false,
      on_disable: false,
      on_upgrade: ["1.5.0", "2.0.0"],
      health_check: true,
    });
    expect(m.config_defaults).toEqual({ backend: { url: "https://api.example.com", timeoutMs: 30000 } });
    expect(m.tools[0].sensitive).toEqual(["key"]);
    expect(() => ext.onInstall(async () => {})).toThrow(/already registered/);
    expect(() =>
      chat.function(
        "bad",
        {
          description: "A bad sensitive list here.",
          actionType: "write",
          params: z.object({ a: z.string() }),
          sensitive: ["b"],
        },
        async () => ActionResult.success({}, "x"),
      ),
    ).toThrow(/sensitive names "b", which is not a param/);
    expect(
      () => new ChatExtension(new Extension("p2", { version: "1.0.0" }), { systemPrompt: "x".repeat(4001) }),
    ).toThrow(/at most 4,000/);
    expect(() => new Extension("p3", { version: "1.0.0", configDefaults: [] as never })).toThrow(
      /configDefaults must be a JSON object/,
    );
  });
});
