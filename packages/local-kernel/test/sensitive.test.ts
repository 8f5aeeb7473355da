// SPEC 7.7 end to end over real HTTP on 127.0.0.1: a sensitive value reaches the handler exactly and is replayed
// exactly by an accepted confirmation, but after a full flow (success, confirmation + accept, handler failures, a
// validation rejection, chat turns) no persisted byte under the state dir, no HTTP answer and no event holds it.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const { createKernel } = await loadKernel();
type K = Awaited<ReturnType<typeof createKernel>>;

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const core = `S3NT1NEL-${randomBytes(8).toString("hex")}`;
// A quote and a backslash make the JSON-escaped form differ from the raw one.
const TOKEN = `${core}-tok"q\\z`;
const PASSWORD = `${core}-pw`;
const KEY = `${core}-key"k`;
const PHRASE = `${core}-phrase`;
const SSN = `${core}-ssn`;
const CHAT_TOKEN = `${core}-chat`;
const CHAT_KEY = `${core}-chatkey`;
const ALL = [TOKEN, PASSWORD, KEY, PHRASE, SSN, CHAT_TOKEN, CHAT_KEY];
/** Every encoding the test searches for: the raw values, their JSON-escaped forms, and the random core itself. */
const NEEDLES = [core, ...ALL, ...ALL.map((v) => JSON.stringify(v).slice(1, -1))];

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Files and needles where any needle occurs in the file's bytes. */
function hits(files: string[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const n of NEEDLES) if (bytes.includes(Buffer.from(n, "utf8"))) found.push(`${f}: ${n}`);
  }
  return found;
}

describe("sensitive values: the full flow over HTTP leaves no trace of them", () => {
  let dir: string;
  let stateDir: string;
  let k: K;
  const answers: string[] = [];
  const events: string[] = [];
  let sse = "";
  let sseAbort: AbortController;
  let sseDone: Promise<void>;
  let stateFiles: string[] = [];
  const seen: Record<string, any> = {};

  const http = async (method: string, path: string, body?: unknown) => {
    const r = await req(k.url!, k.token, method, path, { user: "dev", ...(body !== undefined ? { body } : {}) });
    answers.push(JSON.stringify(r.json));
    return r;
  };

  beforeAll(async () => {
    dir = await buildFixture("sensitive-vault.ts");
    stateDir = mkdtempSync(join(tmpdir(), "imperal-sensitive-state-"));
    k = await createKernel({ extensionDir: dir, stateDir, port: 0, writeDiscovery: false });
    k.onEvent((e) => events.push(JSON.stringify(e)));
    sseAbort = new AbortController();
    const res = await fetch(`${k.url}/v1/events`, {
      headers: { authorization: `Bearer ${k.token}`, "x-acting-user": "dev" },
      signal: sseAbort.signal,
    });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    sseDone = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          sse += dec.decode(value, { stream: true });
        }
      } catch {
        /* aborted at the end of the flow */
      }
    })();

    // 1. A successful call: default-pattern keys (token, nested auth.password) and declared paths.
    seen.ok = await http("POST", "/v1/call/connect_account", {
      args: {
        account: "acme",
        token: TOKEN,
        auth: { user: "ann", password: PASSWORD },
        recovery_phrase: PHRASE,
        profile: { city: "Oslo", ssn: SSN },
      },
    });
    // 2. A destructive call needs confirmation; accepting it replays the stored (exact) args.
    seen.pending = await http("POST", "/v1/call/rotate_key", {
      args: { account: "acme", api_key: KEY, settings: { auth: { password: PASSWORD } } },
    });
    seen.accepted = await http("POST", `/v1/confirmations/${seen.pending.json.confirmation.id}/accept`);
    // 3. Handlers that fail with the value in their message: a plain throw (stack -> log) and an SDK error (shown).
    seen.thrown = await http("POST", "/v1/call/probe_bank", { args: { token: TOKEN } });
    seen.refused = await http("POST", "/v1/call/verify_token", { args: { token: TOKEN } });
    // 4. A validation rejection whose message quotes the value.
    seen.invalid = await http("POST", "/v1/call/strict_connect", { args: { token: TOKEN } });
    // 5. Chat turns: the classifier takes the value from the message; one needs confirmation, then "yes".
    seen.chat = await http("POST", "/v1/chat/turn", { message: `connect account "beta" with token "${CHAT_TOKEN}"` });
    seen.chatPending = await http("POST", "/v1/chat/turn", {
      message: `rotate the api key of account "beta" to "${CHAT_KEY}"`,
    });
    seen.chatYes = await http("POST", "/v1/chat/turn", { message: "yes" });
    // 6. Everything a client can read back.
    seen.audit = await http("GET", "/v1/audit?limit=100");
    seen.facts = await http("GET", "/v1/fact-ledger");
    seen.health = await http("GET", "/v1/health");
    await new Promise((r) => setTimeout(r, 100)); // let the last SSE frames arrive
    sseAbort.abort();
    await k.close();
    await sseDone;
    stateFiles = filesUnder(stateDir);
  }, 60_000);

  afterAll(() => {
    cleanup(dir);
    cleanup(stateDir);
  });

  it("the flow ran as intended (each step's outcome)", () => {
    expect(seen.ok.json.outcome).toBe("completed");
    expect(seen.pending.json.outcome).toBe("needs_confirmation");
    expect(seen.accepted.json.outcome).toBe("completed");
    expect(seen.thrown.json.outcome).toBe("failed");
    expect(seen.thrown.json.code).toBe("HANDLER_ERROR");
    expect(seen.refused.json.outcome).toBe("failed");
    expect(seen.refused.json.code).toBe("HANDLER_ERROR"); // an SDK error keeps its user-facing message
    expect(seen.invalid.json.outcome).toBe("rejected");
    expect(seen.invalid.json.code).toBe("VALIDATION_FAILED");
    expect(seen.chat.json.outcome).toBe("completed");
    expect(seen.chatPending.json.outcome).toBe("needs_confirmation");
    expect(seen.chatYes.json.outcome).toBe("completed");
  });

  it("the handlers got the exact values, and the accepted confirmation replayed them byte-identically", () => {
    const d = seen.ok.json.results[0].data;
    expect(d.token_sha256).toBe(sha(TOKEN));
    expect(d.token_length).toBe(TOKEN.length);
    expect(d.password_sha256).toBe(sha(PASSWORD));
    expect(d.phrase_sha256).toBe(sha(PHRASE));
    expect(d.ssn_sha256).toBe(sha(SSN));
    const r = seen.accepted.json.results[0].data;
    expect(r.key_sha256).toBe(sha(KEY));
    expect(r.password_sha256).toBe(sha(PASSWORD));
    expect(seen.chat.json.results[0].data.token_sha256).toBe(sha(CHAT_TOKEN));
    expect(seen.chatYes.json.results[0].data.key_sha256).toBe(sha(CHAT_KEY));
  });

  it("shows [redacted] in place of each value: turn args, confirmation card, echoed result, messages", () => {
    expect(seen.ok.json.calls[0].args).toEqual({
      account: "acme",
      token: "[redacted]",
      auth: { user: "ann", password: "[redacted]" },
      recovery_phrase: "[redacted]",
      profile: { city: "Oslo", ssn: "[redacted]" },
    });
    expect(seen.ok.json.results[0].data.echo).toBe("[redacted]");
    expect(seen.pending.json.confirmation.calls[0].args).toEqual({
      account: "acme",
      api_key: "[redacted]",
      settings: { auth: { password: "[redacted]" } },
    });
    expect(seen.pending.json.reply).toContain('"api_key":"[redacted]"');
    expect(seen.refused.json.reply).toBe("The bank refused the token [redacted].");
    expect(seen.invalid.json.feedback).toContain("token [redacted] must start with tok_");
    expect(seen.chat.json.classification.plan[0].args.token).toBe("[redacted]");
    expect(seen.chatPending.json.reply).toContain('api_key: "[redacted]"');
    const rows = seen.audit.json.rows ?? seen.audit.json;
    const rotate = rows.find((x: any) => x.tool === "rotate_key" && x.status === "confirmed");
    expect(rotate.args.api_key).toBe("[redacted]");
    const refused = rows.find((x: any) => x.tool === "verify_token");
    expect(refused.reason).toBe("The bank refused the token [redacted].");
  });

  it("no HTTP answer, event (in-process and on the SSE stream) or health field carries a value", () => {
    expect(answers.length).toBeGreaterThan(10);
    expect(events.length).toBeGreaterThan(10);
    expect(sse).toContain("event: confirmation");
    expect(sse).toContain("event: log");
    expect(seen.health.json.last_handler_error.message).toContain("[redacted]");
    for (const text of [...answers, ...events, sse]) for (const n of NEEDLES) expect(text.includes(n)).toBe(false);
  });

  it("no persisted byte under the state dir holds a value (database, WAL, SHM, log, storage)", () => {
    const names = stateFiles.map((f) => f.slice(stateDir.length + 1));
    expect(names).toContain("kernel.db");
    expect(names).toContain("kernel.log");
    expect(names.some((n) => n.endsWith("acme.json"))).toBe(true); // the handler's storage file is searched too
    const log = readFileSync(join(stateDir, "kernel.log"), "utf8");
    expect(log).toContain("connecting acme with token [redacted]");
    expect(hits(stateFiles)).toEqual([]);
  });
});
