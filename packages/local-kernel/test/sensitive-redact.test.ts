// The kernel's one redaction of sensitive args (src/sensitive/): which positions count as sensitive, how text that
// quotes a value is scrubbed, and the turn object as it is shown; then the default pattern and declared paths through
// a real kernel (audit rows, cancel, a pending confirmation surviving a restart).
import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { redactionFor, redactionForCalls } from "../src/sensitive/redact.js";
import { redactTurn } from "../src/sensitive/turn.js";
import { buildFixture, cleanup, loadKernel } from "./helpers.js";

const { createKernel } = await loadKernel();
const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("redactionFor", () => {
  it("redacts the default key pattern at any depth (api_key, nested auth.password), leaving the input untouched", () => {
    const args = { name: "n", api_key: "k-12345", list: [{ auth: { password: "p-12345", user: "u" } }] };
    const r = redactionFor(undefined, args);
    expect(r.args).toEqual({
      name: "n",
      api_key: "[redacted]",
      list: [{ auth: { password: "[redacted]", user: "u" } }],
    });
    expect(args.api_key).toBe("k-12345");
    expect([...r.values].sort()).toEqual(["k-12345", "p-12345"]);
  });

  it("redacts declared paths (top level and nested) and every leaf under a sensitive object", () => {
    const r = redactionFor(
      { sensitive: ["pin", "profile.ssn"] },
      {
        pin: 987654,
        profile: { ssn: "123-45-6789", city: "Oslo" },
        credentials: { a: "alpha-1", b: ["beta-22"] },
      },
    );
    expect(r.args).toEqual({
      pin: "[redacted]",
      profile: { ssn: "[redacted]", city: "Oslo" },
      credentials: "[redacted]",
    });
    expect([...r.values].sort()).toEqual(["123-45-6789", "987654", "alpha-1", "beta-22"]);
  });

  it("scrubs text of raw and JSON-escaped values, longest first; values under 4 chars only where they sit", () => {
    const r = redactionFor(undefined, { token: 'ab"c\\d', secret: "xyz", password: "hunter2", passwd: "hunter22" });
    expect(r.text('got ab"c\\d')).toBe("got [redacted]");
    expect(r.text(JSON.stringify({ m: 'ab"c\\d' }))).toBe('{"m":"[redacted]"}');
    expect(r.text("hunter22 then hunter2")).toBe("[redacted] then [redacted]");
    expect(r.text("xyz stays")).toBe("xyz stays");
    expect((r.args as Record<string, unknown>).secret).toBe("[redacted]");
    expect(r.deep({ a: ["x hunter2"], __proto__key: 1 })).toEqual({ a: ["x [redacted]"], __proto__key: 1 });
  });

  it("has nothing to scrub without sensitive args (text and values returned as they are)", () => {
    const r = redactionFor({ sensitive: [] }, { title: "hello", note_id: "n1" });
    expect(r.values).toEqual([]);
    const v = { a: "hello" };
    expect(r.deep(v)).toBe(v);
    expect(r.args).toEqual({ title: "hello", note_id: "n1" });
  });

  it("redacts several calls by their own tool's paths and scrubs a turn object everywhere", () => {
    const lookup = (t: string) => (t === "a" ? { sensitive: ["code"] } : undefined);
    const { calls } = redactionForCalls(
      [
        { tool: "a", args: { code: "c0de-1" } },
        { tool: "b", args: { code: "visible" } },
      ],
      lookup,
    );
    expect(calls.map((c) => c.args)).toEqual([{ code: "[redacted]" }, { code: "visible" }]);
    const turn = {
      reply: "Used c0de-1.",
      results: [{ data: { echo: "c0de-1" } }],
      calls: [{ tool: "a", args: { code: "c0de-1" }, message: "bad c0de-1" }],
      confirmation: { id: "cnf", calls: [{ tool: "a", args: { code: "c0de-1" } }] },
      classification: { intent: "action", plan: [{ tool: "a", args: { code: "c0de-1" } }] },
    };
    const shown = redactTurn(turn, lookup);
    expect(JSON.stringify(shown)).not.toContain("c0de-1");
    expect(shown.calls[0]).toEqual({ tool: "a", args: { code: "[redacted]" }, message: "bad [redacted]" });
    expect(shown.classification.plan[0].args).toEqual({ code: "[redacted]" });
    expect(turn.calls[0]!.args.code).toBe("c0de-1"); // the exact turn is not changed
  });
});

describe("sensitive values in a real kernel", () => {
  it("audit rows redact default keys and declared paths; a cancel wipes the stored calls", async () => {
    const dir = await buildFixture("sensitive-vault.ts");
    const stateDir = mkdtempSync(join(tmpdir(), "imperal-sensitive-"));
    const k = await createKernel({ extensionDir: dir, stateDir });
    try {
      const ok = await k.call("dev", "connect_account", {
        account: "a1",
        token: "tok-123456",
        recovery_phrase: "horse battery",
        profile: { ssn: "078-05-1120", city: "Rome" },
      });
      expect(ok.results[0]).toMatchObject({
        data: { token_sha256: sha("tok-123456"), ssn_sha256: sha("078-05-1120") },
      });
      const row = k.audit(1)[0]!;
      expect(row.args).toEqual({
        account: "a1",
        token: "[redacted]",
        recovery_phrase: "[redacted]",
        profile: { ssn: "[redacted]", city: "Rome" },
      });
      const p = await k.call("dev", "rotate_key", { account: "a1", api_key: "key-cancel-me" });
      expect(p.outcome).toBe("needs_confirmation");
      await k.cancelConfirmation("dev", p.confirmation!.id);
      expect(k.audit(1)[0]).toMatchObject({ status: "cancelled", args: { api_key: "[redacted]" } });
    } finally {
      await k.close();
    }
    const db = new Database(join(stateDir, "kernel.db"), { readonly: true });
    const stored = db.prepare("SELECT calls FROM confirmations").all() as Array<{ calls: string }>;
    db.close();
    expect(stored.map((r) => JSON.parse(r.calls))).toEqual([
      [{ tool: "rotate_key", args: { account: "a1", api_key: "[redacted]" } }],
    ]);
    cleanup(dir);
    cleanup(stateDir);
  }, 30_000);

  it("a pending confirmation keeps the exact value across a restart, and accept replays it", async () => {
    const dir = await buildFixture("sensitive-vault.ts");
    const stateDir = mkdtempSync(join(tmpdir(), "imperal-sensitive-"));
    const key = 'key-"restart"\\-7f3a';
    const k1 = await createKernel({ extensionDir: dir, stateDir });
    const p = await k1.call("dev", "rotate_key", { account: "a2", api_key: key });
    expect(p.confirmation!.calls[0]!.args).toEqual({ account: "a2", api_key: "[redacted]" });
    await k1.close();
    const k2 = await createKernel({ extensionDir: dir, stateDir });
    try {
      const r = await k2.accept("dev", p.confirmation!.id);
      expect(r.outcome).toBe("completed");
      expect((r.results[0] as { data: { key_sha256: string } }).data.key_sha256).toBe(sha(key));
      expect(r.calls[0]!.args).toEqual({ account: "a2", api_key: "[redacted]" });
    } finally {
      await k2.close();
      cleanup(dir);
      cleanup(stateDir);
    }
  }, 30_000);

  it("a promoted call's result event is scrubbed like the turn object", async () => {
    const dir = await buildFixture("sensitive-vault.ts");
    const stateDir = mkdtempSync(join(tmpdir(), "imperal-sensitive-"));
    const k = await createKernel({ extensionDir: dir, stateDir, limits: { promotionMs: 50 } });
    try {
      const token = "tok-promoted-5150";
      const done = new Promise<unknown>((resolve) =>
        k.onEvent((e) => {
          if (e.type === "promoted_result") resolve(e.data);
        }),
      );
      const r = await k.call("dev", "slow_sync", { token });
      expect(r.outcome).toBe("promoted");
      const data = (await done) as { outcome: string; reply: string; results: Array<{ data: Record<string, string> }> };
      expect(data.outcome).toBe("completed");
      expect(data.reply).toBe("Synced with [redacted].");
      expect(data.results[0]!.data).toEqual({ echo: "[redacted]", token_sha256: sha(token) });
      expect(JSON.stringify(k.audit(5))).not.toContain(token);
    } finally {
      await k.close();
      cleanup(dir);
      cleanup(stateDir);
    }
  }, 30_000);

  it("guard messages that quote a sensitive value (fabricated id, placeholder) are scrubbed in the turn and the ledger", async () => {
    const dir = await buildFixture("sensitive-vault.ts");
    const stateDir = mkdtempSync(join(tmpdir(), "imperal-sensitive-"));
    const k = await createKernel({ extensionDir: dir, stateDir });
    try {
      const fab = await k.call("dev", "use_credential", { credential_id: "cred-unseen-9999" });
      expect(fab.code).toBe("FABRICATED_ID");
      expect(fab.reply).toContain('The id "[redacted]"');
      expect(fab.calls[0]!.args).toEqual({ credential_id: "[redacted]" });
      const ph = await k.call("dev", "probe_bank", { token: "<API_TOKEN>" });
      expect(ph.code).toBe("PLACEHOLDER_ARG");
      expect(ph.reply).toContain("placeholder ([redacted])");
      const rows = JSON.stringify(k.audit(5));
      expect(rows).toContain("FABRICATED_ID");
      expect(rows).not.toContain("cred-unseen-9999");
      expect(rows).not.toContain("<API_TOKEN>");
    } finally {
      await k.close();
      cleanup(dir);
      cleanup(stateDir);
    }
  }, 30_000);
});
