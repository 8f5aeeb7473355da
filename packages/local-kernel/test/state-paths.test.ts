// Storage and state paths over real HTTP and real files: ids map injectively (and case-safely) to directories,
// state files are 0600 and directories 0700 whatever existed before, and every user file is listed.
import { describe, it, expect, afterAll } from "vitest";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";

const K = await loadKernel();
const I = (await import("../dist/internals.js")) as unknown as typeof import("../src/internals.js");

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

async function boot(users: Array<{ id: string; tenantId?: string }>, stateDir?: string, extDir?: string) {
  const dir = extDir ?? (await buildFixture("notes.ts"));
  if (!extDir) dirs.push(dir);
  const k = await K.createKernel({
    extensionDir: dir,
    stateDir: stateDir ?? join(dir, "state"),
    port: 0,
    writeDiscovery: false,
    users,
  });
  const call = async (user: string, tool: string, args: unknown) =>
    (await req(k.url!, k.token, "POST", `/v1/call/${tool}`, { body: { args }, user })).json;
  return { k, dir, call };
}
const result = (t: { results: Array<{ status: string; data?: any }> }) => t.results[0]!;

/** The id the old code mapped `id` to: a valid user id itself. */
const oldHashed = (id: string) => "h_" + createHash("sha256").update(id).digest("hex").slice(0, 32);

describe("storage paths are injective in (tenant, user, app)", () => {
  it("the h_<sha256> attack: that user id cannot read or overwrite dave@example.com's files", async () => {
    const attacker = oldHashed("dave@example.com");
    const { k, call } = await boot([{ id: "dave@example.com" }, { id: attacker }]);
    try {
      expect(
        result(await call("dave@example.com", "file_put", { path: "cv.txt", content: "dave-private" })).status,
      ).toBe("success");
      expect(result(await call(attacker, "file_list", { prefix: "" })).data.paths).toEqual([]);
      expect(result(await call(attacker, "file_get", { path: "cv.txt" })).status).toBe("error");
      await call(attacker, "file_put", { path: "cv.txt", content: "overwritten" });
      expect(result(await call("dave@example.com", "file_get", { path: "cv.txt" })).data.content).toBe("dave-private");
      expect(result(await call(attacker, "file_get", { path: "cv.txt" })).data.content).toBe("overwritten");
    } finally {
      await k.close();
    }
  });

  it("user ids that differ only in case get different directories, also on a case-insensitive file system", async () => {
    const { k, call } = await boot([{ id: "alice" }, { id: "Alice" }, { id: "ALICE" }]);
    try {
      for (const u of ["alice", "Alice", "ALICE"]) await call(u, "file_put", { path: "me.txt", content: u });
      for (const u of ["alice", "Alice", "ALICE"])
        expect(result(await call(u, "file_get", { path: "me.txt" })).data.content).toBe(u);
      const tenantDirs = readdirSync(join(k.stateDir, "storage"));
      expect(tenantDirs.length).toBe(1);
      const names = readdirSync(join(k.stateDir, "storage", tenantDirs[0]!));
      expect(names.length).toBe(3);
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(3);
    } finally {
      await k.close();
    }
  });

  it("tenant ids map injectively too: the old hash collision and a case-only difference", async () => {
    const dir = await buildFixture("notes.ts");
    dirs.push(dir);
    const stateDir = join(dir, "state");
    // The same user id in different tenants across runs (the users file changed) must never share files.
    const tenants = ["Acme Corp", oldHashed("Acme Corp"), "acme", "Acme", "acme_2e", "acme."];
    for (const t of tenants) {
      const { k, call } = await boot([{ id: "bob", tenantId: t }], stateDir, dir);
      try {
        expect(result(await call("bob", "file_list", { prefix: "" })).data.paths).toEqual([]);
        await call("bob", "file_put", { path: `${tenants.indexOf(t)}.txt`, content: t });
      } finally {
        await k.close();
      }
    }
    const names = readdirSync(join(stateDir, "storage"));
    expect(names.length).toBe(tenants.length);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(tenants.length);
  });

  it("pathSegment is reversible, lowercase-only and never . or ..; over-long ids use a marker the escape never emits", () => {
    const ids = ["dave@example.com", "h_7b34", "A", "a", "_41", "_u0041", ".", "..", "a/b", "ü", "😀", "\uD800", "-"];
    const seen = new Map<string, string>();
    for (const id of ids) {
      const s = I.pathSegment(id);
      expect(s).toMatch(/^[a-z0-9_-]+$/);
      expect(I.segmentToId(s)).toBe(id);
      expect(seen.has(s.toLowerCase())).toBe(false);
      seen.set(s.toLowerCase(), id);
    }
    const long = I.pathSegment("x".repeat(300));
    expect(long).toMatch(/^~[0-9a-f]{64}$/);
    expect(I.pathSegment("x".repeat(301))).not.toBe(long);
    expect(I.segmentToId(long)).toBeUndefined();
    // Names that are not the shortest escape decode to nothing, so each id has exactly one name.
    for (const n of ["_u0041", "_61", "A", "_4", "_zz", ""]) expect(I.segmentToId(n)).toBeUndefined();
  });
});

describe("state files are private whatever existed before", () => {
  const mode = (p: string) => statSync(p).mode & 0o777;
  function walk(d: string, out: string[] = []): string[] {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out.push(p);
      if (e.isDirectory()) walk(p, out);
    }
    return out;
  }

  it("a pre-created 0755 state dir with 0644 database, WAL, log and storage files becomes 0700/0600", async () => {
    const dir = await buildFixture("notes.ts");
    dirs.push(dir);
    const stateDir = join(dir, "state");
    // A first run leaves real files behind; then everything is widened as an older version or a cp -r would.
    const first = await boot([{ id: "dev" }], stateDir, dir);
    await first.call("dev", "file_put", { path: "deep/dir/a.txt", content: "x" });
    await first.call("dev", "create_note", { title: "n" });
    await first.k.close();
    mkdirSync(join(stateDir, "storage", "extra"), { recursive: true });
    writeFileSync(join(stateDir, "kernel.db-wal"), "");
    writeFileSync(join(stateDir, "kernel.db-shm"), "");
    for (const p of [stateDir, ...walk(stateDir)]) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    expect(mode(join(stateDir, "kernel.db"))).toBe(0o644);

    const { k, call } = await boot([{ id: "dev" }], stateDir, dir);
    try {
      await call("dev", "create_note", { title: "after" });
      await call("dev", "file_put", { path: "new/b.txt", content: "y" });
      const all = [stateDir, ...walk(stateDir)];
      for (const f of ["kernel.db", "kernel.db-wal", "kernel.db-shm", "kernel.log"])
        expect(all).toContain(join(stateDir, f));
      const wrong = all
        .filter((p) => mode(p) !== (statSync(p).isDirectory() ? 0o700 : 0o600))
        .map((p) => `${p.slice(stateDir.length)} ${mode(p).toString(8)}`);
      expect(wrong).toEqual([]);
    } finally {
      await k.close();
    }
  });
});

describe("ctx.storage.list() shows every user file", () => {
  it("lists files named *.tmp (and names like the old temp suffix) and leaves no temp file behind", async () => {
    const { k, call } = await boot([{ id: "dev" }]);
    try {
      const names = ["a.tmp", "notes/b.txt.tmp", `c.txt.${process.pid}.${Date.now()}.tmp`, ".imperal-tmp", "d.txt"];
      await Promise.all(names.map((p) => call("dev", "file_put", { path: p, content: p })));
      expect(result(await call("dev", "file_list", { prefix: "" })).data.paths).toEqual([...names].sort());
      for (const p of names) expect(result(await call("dev", "file_get", { path: p })).data.content).toBe(p);
      const tmp = join(
        I.storageRoot(k.stateDir, { tenantId: "default", userId: "dev", appId: "notes" }),
        ".imperal-tmp",
      );
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      await k.close();
    }
  });
});
