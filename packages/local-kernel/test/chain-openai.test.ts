// `llm: "openai"` end to end against a fake OpenAI-compatible server on 127.0.0.1: the prompt carries the catalog,
// skeleton block, ambient alerts and fact ledger; the kernel enforces guards and chain pre-checks on whatever the
// model plans.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;

interface Seen {
  auth?: string;
  model?: string;
  system: string;
  user: string;
}
const requests: Seen[] = [];
let server: Server;
let llmUrl: string;
let dir: string;
let k: K;
let url: string;
let token: string;
const turn = (user: string, message: string) => req(url, token, "POST", "/v1/chat/turn", { body: { message }, user });
const call = (user: string, tool: string, args: unknown) =>
  req(url, token, "POST", `/v1/call/${tool}`, { body: { args }, user });

const cls = (o: Record<string, unknown>) => ({
  intent: "action",
  confidence: 0.9,
  language: "en",
  plan: [],
  is_destructive: false,
  is_acceptance: false,
  ...o,
});

/** The fake model: answers from the user message, reading ids out of the skeleton block like a real model would. */
function answer(prompt: string): string {
  const msg = /User message:\n([\s\S]*)$/.exec(prompt)?.[1]?.trim() ?? "";
  const titled = /called (.+)$/.exec(msg);
  if (msg === "hello") return JSON.stringify(cls({ intent: "chat" }));
  if (msg === "yes") return JSON.stringify(cls({ intent: "chat", is_acceptance: true }));
  if (msg === "garbage") return "this is not json";
  if (msg === "delete the Q3 roadmap note") {
    const id = /Q3 roadmap \(#([^)]+)\)/.exec(prompt)?.[1];
    return JSON.stringify(cls({ plan: [{ tool: "delete_note", args: { note_id: id } }], is_destructive: true }));
  }
  if (msg === "delete note ghost")
    return JSON.stringify(
      cls({ plan: [{ tool: "delete_note", args: { note_id: "nt_fabricated_123" } }], is_destructive: true }),
    );
  if (msg === "broken chain") {
    return JSON.stringify(
      cls({
        plan: [
          { tool: "create_note", args: { title: "Broken" } },
          { tool: "delete_note", args: { note_id: "$steps.0.data.missing_field" } },
        ],
        is_destructive: true,
      }),
    );
  }
  if (msg === "forward chain") {
    return JSON.stringify(
      cls({
        plan: [
          { tool: "delete_note", args: { note_id: "$steps.1.data.note_id" } },
          { tool: "create_note", args: { title: "Forward" } },
        ],
        is_destructive: true,
      }),
    );
  }
  if (msg === "delete the eighth listed note") {
    return JSON.stringify(
      cls({
        plan: [
          { tool: "list_notes", args: {} },
          { tool: "delete_note", args: { note_id: "$steps.0.data.notes.7.id" } },
          { tool: "create_note", args: { title: "After the failure" } },
        ],
        is_destructive: true,
      }),
    );
  }
  if (titled && msg.includes("then delete it")) {
    return JSON.stringify(
      cls({
        plan: [
          { tool: "create_note", args: { title: titled[1]!.replace(/ and then delete it$/, "") } },
          { tool: "delete_note", args: { note_id: "$steps.0.data.note_id" } },
        ],
        is_destructive: true,
      }),
    );
  }
  if (titled) return JSON.stringify(cls({ plan: [{ tool: "create_note", args: { title: titled[1] } }] }));
  return JSON.stringify(cls({ intent: "clarify", question: "What would you like me to do with your notes?" }));
}

beforeAll(async () => {
  server = createServer((rq, rs) => {
    let body = "";
    rq.on("data", (c) => {
      body += c;
    });
    rq.on("end", () => {
      if (rq.url !== "/v1/chat/completions") {
        rs.writeHead(404).end();
        return;
      }
      const j = JSON.parse(body) as { model: string; messages: Array<{ role: string; content: string }> };
      const user = j.messages.filter((m) => m.role === "user")[0]!.content;
      requests.push({ auth: rq.headers.authorization, model: j.model, system: j.messages[0]!.content, user });
      const last = j.messages[j.messages.length - 1]!;
      const content =
        last.role === "user" && last.content.startsWith("Your previous answer") ? "still not json" : answer(user);
      rs.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  llmUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  dir = await buildFixture("notes-chat.ts", undefined, { banner: "globalThis.__ACTIVITY_TTL__=300;" });
  k = await createKernel({
    extensionDir: dir,
    port: 0,
    llm: "openai",
    llmOptions: { baseUrl: llmUrl, apiKey: "test-key-123", model: "fake-model" },
    limits: { promotionMs: 30_000 },
    users: [{ id: "alice" }, { id: "bob", confirmations: { enabled: false } }],
  });
  url = k.url!;
  token = k.token;
});
afterAll(async () => {
  await k.close();
  cleanup(dir);
  server.close();
});

describe("openai classifier end to end", () => {
  it("classifies through the endpoint with the catalog (no internal tools) and answers chat", async () => {
    const r = await turn("alice", "hello");
    expect(r.json.outcome).toBe("chat");
    expect(r.json.context.classifier).toBe("openai");
    const q = requests.at(-1)!;
    expect(q.auth).toBe("Bearer test-key-123");
    expect(q.model).toBe("fake-model");
    expect(q.user).toContain('"name":"create_note"');
    expect(q.user).toContain('"name":"delete_note"');
    expect(q.user).not.toContain("skeleton_refresh_notes");
    expect(q.user).not.toContain("skeleton_alert_notes");
  });

  it("creates, then deletes 'the Q3 roadmap note' using the id the model read from the skeleton block", async () => {
    const c = await turn("alice", "create a note called Q3 roadmap");
    expect(c.json.outcome).toBe("completed");
    const id = c.json.results[0].data.note_id;
    await req(url, token, "POST", "/v1/skeleton/notes/refresh", { user: "alice" });
    const d = await turn("alice", "delete the Q3 roadmap note");
    const prompt = requests.at(-1)!.user;
    expect(prompt).toContain("Skeleton snapshot:\n[Skeleton: cached per-user snapshot");
    expect(prompt).toContain(`Q3 roadmap (#${id})`);
    expect(prompt).toContain("Fact ledger (verbatim results of recent turns):");
    expect(prompt).toContain("Ambient alerts:\n- Heads-up: you now have 1 notes (before: 0).");
    expect(d.json.outcome).toBe("needs_confirmation");
    const y = await turn("alice", "yes");
    expect(y.json.outcome).toBe("completed");
    expect(y.json.results[0].data.deleted).toBe(id);
  });

  it("rejects an id the model made up (FABRICATED_ID) and nothing runs", async () => {
    const r = await turn("alice", "delete note ghost");
    expect(r.json.outcome).toBe("rejected");
    expect(r.json.code).toBe("FABRICATED_ID");
    expect(r.json.reply).not.toMatch(/Error|at .*\.js/);
    const rows = (await req(url, token, "GET", "/v1/audit?limit=20", { user: "alice" })).json.rows as Array<{
      tool: string;
      status: string;
      error_code?: string;
    }>;
    expect(rows[0]).toMatchObject({ tool: "delete_note", status: "rejected", error_code: "FABRICATED_ID" });
  });

  it("a chain whose write step references a field the earlier step never returns fails hard before anything runs", async () => {
    const before = (await req(url, token, "GET", "/v1/audit?limit=500", { user: "alice" })).json.rows.length;
    const r = await turn("alice", "broken chain");
    expect(r.json.outcome).toBe("rejected");
    expect(r.json.code).toBe("CHAIN_REF_UNRESOLVED");
    expect(r.json.reply).toMatch(/Nothing was changed/);
    expect(r.json.feedback[0]).toMatchObject({
      step: 1,
      code: "CHAIN_REF_UNKNOWN_FIELD",
      ref: "$steps.0.data.missing_field",
    });
    expect(r.json.calls.map((c: { tool: string; status: string; code: string }) => [c.tool, c.status, c.code])).toEqual(
      [
        ["create_note", "rejected", "PLAN_REJECTED"],
        ["delete_note", "rejected", "CHAIN_REF_UNRESOLVED"],
      ],
    );
    const rows = (await req(url, token, "GET", "/v1/audit?limit=500", { user: "alice" })).json.rows as Array<{
      tool: string;
      status: string;
      error_code?: string;
    }>;
    const fresh = rows.slice(0, rows.length - before);
    expect(fresh.map((x) => [x.tool, x.status, x.error_code])).toEqual([
      ["delete_note", "rejected", "CHAIN_REF_UNKNOWN_FIELD"],
      ["create_note", "rejected", "PLAN_REJECTED"],
    ]);
    // no note "Broken" exists
    const titles = (await call("alice", "list_notes", {})).json.results[0].data.notes.map(
      (n: { title: string }) => n.title,
    );
    expect(titles).not.toContain("Broken");
    const f = await turn("alice", "forward chain");
    expect(f.json.code).toBe("CHAIN_REF_UNRESOLVED");
    expect(f.json.feedback[0].code).toBe("CHAIN_REF_FORWARD");
  });

  it("a reference that only fails at run time stops the write step (UNRESOLVED_REFERENCE); later steps are cancelled and audited", async () => {
    await call("bob", "create_note", { title: "only one" });
    const r = await turn("bob", "delete the eighth listed note");
    expect(r.json.outcome).toBe("rejected");
    expect(r.json.code).toBe("UNRESOLVED_REFERENCE");
    expect(r.json.calls.map((c: { tool: string; status: string }) => [c.tool, c.status])).toEqual([
      ["list_notes", "succeeded"],
      ["delete_note", "rejected"],
      ["create_note", "cancelled"],
    ]);
    // every planned action has its ledger row, including the step that never ran
    const rows = (await req(url, token, "GET", "/v1/audit?limit=3", { user: "bob" })).json.rows as Array<{
      tool: string;
      status: string;
      error_code?: string;
    }>;
    expect(rows.map((x) => [x.tool, x.status, x.error_code])).toEqual([
      ["create_note", "cancelled", "PREVIOUS_STEP_FAILED"],
      ["delete_note", "rejected", "UNRESOLVED_REFERENCE"],
      ["list_notes", "executed", undefined],
    ]);
    const after = (await call("bob", "list_notes", {})).json.results[0].data;
    expect(after.total).toBe(1);
    expect(after.notes.map((n: { title: string }) => n.title)).toEqual(["only one"]);
  });

  it("chains: one confirmation card lists every call; accepting resolves the reference", async () => {
    const r = await turn("alice", "create a note called Temp and then delete it");
    expect(r.json.outcome).toBe("needs_confirmation");
    expect(r.json.confirmation.calls.map((c: { tool: string }) => c.tool)).toEqual(["create_note", "delete_note"]);
    const a = await req(url, token, "POST", `/v1/confirmations/${r.json.confirmation.id}/accept`, { user: "alice" });
    expect(a.json.outcome).toBe("completed");
    expect(a.json.results[1].data.deleted).toBe(a.json.results[0].data.note_id);
  });

  it("an invalid model answer ends as a clarify with a stable code, never a crash", async () => {
    const r = await turn("alice", "garbage");
    expect(r.status).toBe(200);
    expect(r.json.outcome).toBe("clarify");
    expect(r.json.code).toBe("LLM_INVALID_ANSWER");
    expect(r.json.reply).toMatch(/rephrase/);
  });

  it("reads IMPERAL_LLM_BASE_URL / _API_KEY / _MODEL when no llmOptions are given", async () => {
    const old = { ...process.env };
    process.env.IMPERAL_LLM_BASE_URL = llmUrl;
    process.env.IMPERAL_LLM_API_KEY = "env-key";
    process.env.IMPERAL_LLM_MODEL = "env-model";
    const k2 = await createKernel({
      extensionDir: dir,
      stateDir: `${dir}/state-env`,
      llm: "openai",
      writeDiscovery: false,
      skeletons: { enabled: false },
    });
    try {
      const r = (await k2.turn("dev", "hello")) as { outcome: string };
      expect(r.outcome).toBe("chat");
      expect(requests.at(-1)).toMatchObject({ auth: "Bearer env-key", model: "env-model" });
    } finally {
      await k2.close();
      process.env.IMPERAL_LLM_BASE_URL = old.IMPERAL_LLM_BASE_URL;
      process.env.IMPERAL_LLM_API_KEY = old.IMPERAL_LLM_API_KEY;
      process.env.IMPERAL_LLM_MODEL = old.IMPERAL_LLM_MODEL;
      for (const n of ["IMPERAL_LLM_BASE_URL", "IMPERAL_LLM_API_KEY", "IMPERAL_LLM_MODEL"])
        if (old[n] === undefined) delete process.env[n];
    }
  });
});
