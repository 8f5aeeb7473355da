// The audit ledger's started rows: the only update allowed is completing one; rows a crash left started stay
// started, with their args redacted again once the secret the interrupted handler stored is known.
import { describe, it, expect } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanup } from "./helpers.js";

const internals = (await import("../dist/internals.js")) as unknown as typeof import("../src/internals.js");

describe("AuditLedger started rows", () => {
  it("completes a started row once; a crash-left started row is listed as started, re-redacted on restart", () => {
    const state = mkdtempSync(join(tmpdir(), "imperal-audit-"));
    try {
      const db = internals.openKernelDb(state);
      const known = new Set<string>();
      const redact = (_u: string, text: string) => [...known].reduce((t, v) => t.split(v).join("[redacted]"), text);
      const ledger = new internals.AuditLedger({ db, appId: "app", redact });
      const base = { tenantId: "default", userId: "dev", actionType: "write", source: "call" };
      const done = ledger.start({ ...base, tool: "noop", args: { x: 1 } });
      expect(ledger.list(1)[0]).toMatchObject({ id: done, status: "started" });
      ledger.complete(done, { userId: "dev", args: { x: 1 }, status: "succeeded", durationMs: 5, callId: "7" });
      expect(ledger.list(1)[0]).toMatchObject({ id: done, status: "executed", duration_ms: 5, call_id: "7" });
      expect(() => ledger.complete(done, { userId: "dev", args: {}, status: "failed", durationMs: 1 })).toThrow(
        /not a started row/,
      );
      expect(() => db.prepare("UPDATE audit SET tool='x' WHERE id=?").run(done)).toThrow(/append-only/);
      // a handler storing a secret is killed mid-call: its started row was written before the value was known
      const cut = ledger.start({ ...base, tool: "secret_set", args: { value: "s3cret-value" } });
      expect(() => db.prepare("UPDATE audit SET tool='x' WHERE id=?").run(cut)).toThrow(/append-only/);
      db.close();
      known.add("s3cret-value");
      const db2 = internals.openKernelDb(state);
      const after = new internals.AuditLedger({ db: db2, appId: "app", redact });
      expect(after.list(5).map((r) => [r.tool, r.status, r.args])).toEqual([
        ["secret_set", "started", { value: "[redacted]" }],
        ["noop", "executed", { x: 1 }],
      ]);
      db2.close();
    } finally {
      cleanup(state);
    }
  });
});
