import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runConformance } from "@imperal/sdk/conformance";
import { loadKernel } from "./helpers.js";

const K = await loadKernel();

// The SDK's one conformance suite, run against the kernel's SQLite clients (fresh database file per test).
runConformance({ describe, it, expect }, ({ clock, appId, secrets, users }) => {
  const dir = mkdtempSync(join(tmpdir(), "imperal-conf-"));
  const db = K.openKernelDb(dir, "NORMAL");
  const declared = new Map(secrets.map((s) => [s.name, s]));
  const sources = { file: {}, perUser: {}, env: {} };
  const make = (u: { tenantId: string; userId: string }) => {
    const scope = { ...u, appId };
    return {
      store: new K.SqliteStore({ db, scope, now: clock.now }) as never,
      cache: new K.SqliteCache(db, scope, clock.now) as never,
      secrets: new K.SqliteSecrets({ db, scope, declared, sources }) as never,
    };
  };
  return {
    alice: make(users.alice),
    bob: make(users.bob),
    carol: make(users.carol),
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
