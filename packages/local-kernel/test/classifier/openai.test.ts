import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogEntry } from "../../src/classifier/types.js";
import { loadKernel } from "../helpers.js";

const { OpenAIClassifier, buildClassifierPrompt, ClassificationSchema, classifyEmbedded } = await loadKernel();

const catalog: CatalogEntry[] = [
  {
    name: "create_note",
    description: "Create a note.",
    actionType: "write",
    params: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
  },
  {
    name: "delete_note",
    description: "Delete a note.",
    actionType: "destructive",
    idProjection: "note_id",
    params: { type: "object", properties: { note_id: { type: "string" } }, required: ["note_id"] },
  },
  { name: "skeleton_refresh_notes", description: "skeleton", actionType: "read", kind: "skeleton_refresh" },
];
const KEY = "sk-test-SECRET-123456";

type Script = Array<string | { status: number; body: string } | "hang">;
let script: Script = [];
const received: Array<{
  auth?: string;
  body: { model: string; messages: Array<{ role: string; content: string }>; response_format: unknown };
}> = [];
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      received.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
      const next = script.shift() ?? "{}";
      if (next === "hang") return; // never answers
      if (typeof next === "object") {
        res.writeHead(next.status, { "content-type": "application/json" });
        res.end(next.body);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: next } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const ok = (o: object) =>
  JSON.stringify({
    intent: "action",
    confidence: 0.9,
    language: "en",
    is_destructive: false,
    is_acceptance: false,
    ...o,
  });
function make(extra: Partial<ConstructorParameters<typeof OpenAIClassifier>[0]> = {}) {
  const logs: string[] = [];
  const c = new OpenAIClassifier({
    baseUrl: base,
    apiKey: KEY,
    model: "test-model",
    timeoutMs: 500,
    log: (m) => logs.push(m),
    ...extra,
  });
  return { c, logs };
}
const input = {
  message: "create a note called Ideas",
  catalog,
  skeletonBlock: "[Skeleton: cached]\nnotes: total=1 (cached ~3s ago)",
  alerts: ["2 new overdue tasks"],
  factLedger: [{ text: '[{"tool":"create_note","data":{"note_id":"n1"}}]' }],
  now: "2026-11-21T10:00:00Z",
};

describe("OpenAIClassifier", () => {
  it("sends catalog, skeleton block, alerts and fact ledger, with json_object and the key only in the header", async () => {
    received.length = 0;
    script = [ok({ plan: [{ tool: "create_note", args: { title: "Ideas" } }] })];
    const { c } = make();
    const r = await c.classify(input);
    expect(r).toEqual({
      intent: "action",
      confidence: 0.9,
      language: "en",
      plan: [{ tool: "create_note", args: { title: "Ideas" } }],
      is_destructive: false,
      is_acceptance: false,
    });
    const req = received[0];
    expect(req.auth).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe("test-model");
    expect(req.body.response_format).toEqual({ type: "json_object" });
    const user = req.body.messages[1].content;
    expect(user).toContain('"name":"create_note"');
    expect(user).not.toContain("skeleton_refresh_notes");
    expect(user).toContain("notes: total=1 (cached ~3s ago)");
    expect(user).toContain("- 2 new overdue tasks");
    expect(user).toContain('"note_id":"n1"');
    expect(JSON.stringify(req.body)).not.toContain(KEY);
  });

  it("retries a malformed answer with prose feedback, then succeeds", async () => {
    received.length = 0;
    script = [
      "not json at all",
      ok({ intent: "maybe" }),
      ok({ plan: [{ tool: "create_note", args: { title: "Ideas" } }] }),
    ];
    const { c } = make();
    const r = await c.classify(input);
    expect(r.intent).toBe("action");
    expect(received.length).toBe(3);
    const third = received[2].body.messages;
    expect(third.at(-1)!.content).toMatch(/could not be used[\s\S]*intent/);
    expect(third.at(-3)!.content).toMatch(/not valid JSON/);
  });

  it("gives up after 2 retries with a clarify carrying an error", async () => {
    received.length = 0;
    script = ["{}", "[]", ok({ plan: [{ tool: "nope", args: {} }] }), ok({})];
    const { c } = make();
    const r = await c.classify(input);
    expect(received.length).toBe(3);
    expect(r.intent).toBe("clarify");
    expect(r.plan).toEqual([]);
    expect(r.error?.code).toBe("LLM_INVALID_ANSWER");
    expect(r.error?.message).toContain('"nope" is not in the tool catalog');
    expect(ClassificationSchema.safeParse(r).success).toBe(true);
  });

  it("rejects skeleton/panel tools as targets", async () => {
    script = [ok({ plan: [{ tool: "skeleton_refresh_notes", args: {} }] }), ok({ intent: "chat", plan: [] })];
    const { c } = make();
    const r = await c.classify(input);
    expect(r.intent).toBe("chat");
  });

  it("passes placeholder args and unseen ids through (the kernel guards reject them) and the output still validates", async () => {
    script = [
      ok({
        is_destructive: true,
        plan: [
          { tool: "delete_note", args: { note_id: "<NOTE_ID>" } },
          { tool: "delete_note", args: { note_id: "n_made_up" } },
        ],
      }),
    ];
    const { c } = make();
    const r = await c.classify({ ...input, message: "delete my notes" });
    expect(r.plan).toEqual([
      { tool: "delete_note", args: { note_id: "<NOTE_ID>" } },
      { tool: "delete_note", args: { note_id: "n_made_up" } },
    ]);
    expect(ClassificationSchema.safeParse(r).success).toBe(true);
  });

  it("normalises action_plan and fills missing flags", async () => {
    script = [
      JSON.stringify({
        intent: "action",
        confidence: 0.8,
        action_plan: { tool: "delete_note", args: { note_id: "n1" } },
      }),
    ];
    const { c } = make();
    const r = await c.classify(input);
    expect(r).toMatchObject({
      plan: [{ tool: "delete_note", args: { note_id: "n1" } }],
      is_destructive: true,
      is_acceptance: false,
      language: "en",
    });
  });

  it("times out a hanging server within the bound", async () => {
    script = ["hang"];
    const { c, logs } = make({ timeoutMs: 200 });
    const t0 = Date.now();
    const r = await c.classify(input);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r.intent).toBe("clarify");
    expect(r.error?.code).toBe("LLM_TIMEOUT");
    expect(logs.join("\n")).not.toContain(KEY);
  });

  it("reports a 401 without leaking the key", async () => {
    script = [{ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }) }];
    const { c, logs } = make();
    const r = await c.classify(input);
    expect(r.error?.code).toBe("LLM_HTTP_4XX");
    expect(r.error?.message).not.toContain(KEY);
    expect(logs.join("\n")).not.toContain(KEY);
    expect(logs.join("\n")).toContain("[redacted]");
  });

  it("retries a 500 and recovers", async () => {
    script = [{ status: 500, body: "oops" }, ok({ intent: "chat", plan: [] })];
    const { c } = make();
    expect((await c.classify(input)).intent).toBe("chat");
  });

  it("reads IMPERAL_LLM_* from the environment", async () => {
    const saved = { ...process.env };
    process.env.IMPERAL_LLM_BASE_URL = base + "/";
    process.env.IMPERAL_LLM_API_KEY = "env-key";
    process.env.IMPERAL_LLM_MODEL = "env-model";
    try {
      received.length = 0;
      script = [ok({ intent: "chat", plan: [] })];
      await new OpenAIClassifier().classify(input);
      expect(received[0].auth).toBe("Bearer env-key");
      expect(received[0].body.model).toBe("env-model");
    } finally {
      process.env = saved;
    }
  });

  it("prompt mentions $steps references and the date", () => {
    const [sys] = buildClassifierPrompt(input);
    expect(sys.content).toContain("$steps.0.data.note_id");
    expect(sys.content).toContain("2026-11-21");
  });
});

describe("OpenAIClassifier end to end with a model stand-in", () => {
  it("round-trips the prompt: a fake model that answers with the embedded classifier gives the same plans", async () => {
    const { readFileSync } = await import("node:fs");
    const notes: CatalogEntry[] = JSON.parse(
      readFileSync(new URL("../../eval/catalogs/notes.json", import.meta.url), "utf8"),
    );
    const block = "[Skeleton: cached]\nnotes: recent_notes=[Q3 roadmap (#nt_1)] (cached ~1s ago)";
    const stand = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const body = JSON.parse(raw) as { messages: Array<{ content: string }> };
        const user = body.messages[1].content;
        const message = user.slice(user.lastIndexOf("User message:\n") + "User message:\n".length);
        const answer = classifyEmbedded({ message, catalog: notes, skeletonBlock: block, now: "2026-11-21T10:00:00Z" });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify(answer) } }] }));
      });
    });
    await new Promise<void>((r) => stand.listen(0, "127.0.0.1", r));
    try {
      const c = new OpenAIClassifier({
        baseUrl: `http://127.0.0.1:${(stand.address() as AddressInfo).port}`,
        apiKey: "k",
        timeoutMs: 2000,
      });
      for (const message of ["delete the Q3 roadmap note", 'create a note "X" and then pin it', "hi", "yes"]) {
        const direct = classifyEmbedded({ message, catalog: notes, skeletonBlock: block, now: "2026-11-21T10:00:00Z" });
        expect(
          await c.classify({ message, catalog: notes, skeletonBlock: block, now: "2026-11-21T10:00:00Z" }),
        ).toEqual(direct);
      }
    } finally {
      stand.closeAllConnections();
      await new Promise((r) => stand.close(r));
    }
  });
});
