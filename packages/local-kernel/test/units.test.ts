import { describe, it, expect } from "vitest";
import { createServer } from "node:http";
import { mkdtempSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadKernel } from "./helpers.js";

const K = await loadKernel();

describe("authz", () => {
  it("matches * and ns:* wildcards", () => {
    expect(K.scopeCovers("*", "notes:write")).toBe(true);
    expect(K.scopeCovers("notes:*", "notes:write")).toBe(true);
    expect(K.scopeCovers("notes:*", "notesx:write")).toBe(false);
    expect(K.scopeCovers("notes:read", "notes:write")).toBe(false);
    expect(K.hasScope(["mail:*", "notes:read"], "notes:read")).toBe(true);
  });
  it("derives required scopes from the action verb, tool scopes first", () => {
    const caps = ["notes:read", "notes:write", "notes:delete"];
    expect(K.requiredScopes("read", undefined, caps)).toEqual(["notes:read"]);
    expect(K.requiredScopes("write", undefined, caps)).toEqual(["notes:write"]);
    expect(K.requiredScopes("destructive", undefined, caps)).toEqual(["notes:delete"]);
    expect(K.requiredScopes("destructive", undefined, ["notes:read", "notes:write"])).toEqual(["notes:write"]);
    expect(K.requiredScopes("read", undefined, ["notes:sync"])).toEqual(["notes:sync"]);
    expect(K.requiredScopes("read", ["x:admin"], caps)).toEqual(["x:admin"]);
  });
  it("rejects tenant mismatches", () => {
    const user = { id: "a", tenantId: "t1", scopes: ["*"], role: "user", email: "", lang: "en" };
    expect(K.authorize({ user, targetTenantId: "t2", actionType: "read", capabilities: [] })).toMatchObject({
      ok: false,
      code: "TENANT_MISMATCH",
    });
    expect(K.authorize({ user, targetTenantId: "t1", actionType: "read", capabilities: ["n:read"] }).ok).toBe(true);
  });
});

describe("confirmation policy", () => {
  it("master toggle + per-action-type", () => {
    expect(K.needsConfirmation("destructive", undefined)).toBe(true);
    expect(K.needsConfirmation("write", undefined)).toBe(false);
    expect(K.needsConfirmation("read", { enabled: true, actions: ["write", "destructive"] })).toBe(false);
    expect(K.needsConfirmation("write", { enabled: true, actions: ["write"] })).toBe(true);
    expect(K.needsConfirmation("destructive", { enabled: true, actions: ["write"] })).toBe(false);
    expect(K.needsConfirmation("destructive", { enabled: false })).toBe(false);
    expect(K.needsConfirmation("write", { actions: { write: true } })).toBe(true);
  });
});

describe("storage", () => {
  it("keeps users apart and refuses escapes, including through symlinks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imperal-st-"));
    try {
      const a = new K.FileStorage(dir, { tenantId: "t", userId: "alice", appId: "app" });
      const b = new K.FileStorage(dir, { tenantId: "t", userId: "../alice", appId: "app" });
      await a.upload("x/y.txt", "hello", "text/plain");
      expect(new TextDecoder().decode(await a.download("x/y.txt"))).toBe("hello");
      expect(await b.list("")).toEqual([]);
      await expect(b.download("x/y.txt")).rejects.toMatchObject({ code: "STORAGE_NOT_FOUND" });
      for (const p of ["../y", "/abs", "a/./b", "a\\b", "", "a/\0"])
        await expect(a.upload(p, "x")).rejects.toMatchObject({ code: "STORAGE_INVALID_PATH" });
      // a symlink planted inside the user's root that points outside is refused
      const outside = join(dir, "outside");
      mkdirSync(outside);
      writeFileSync(join(outside, "secret.txt"), "nope");
      const root = join(dir, "storage", "t", "alice", "app", "files");
      symlinkSync(outside, join(root, "link"));
      await expect(a.download("link/secret.txt")).rejects.toMatchObject({ code: "STORAGE_INVALID_PATH" });
      await expect(a.upload("link/new.txt", "x")).rejects.toMatchObject({ code: "STORAGE_INVALID_PATH" });
      const listed = await a.list("");
      expect(listed.map((f) => f.path)).toEqual(["x/y.txt"]);
      expect(listed[0]).toMatchObject({ size: 5, contentType: "text/plain" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("store extras", () => {
  it("filters on dotted fields and booleans; cursors are bound to their query", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imperal-store-"));
    const db = K.openKernelDb(dir, "NORMAL");
    try {
      const s = new K.SqliteStore({ db, scope: { tenantId: "t", userId: "u", appId: "a" } });
      for (let i = 0; i < 5; i++)
        await s.create("items", { n: i, meta: { kind: i % 2 ? "odd" : "even" }, done: i > 2 });
      expect(await s.count("items", { where: { "meta.kind": "odd" } })).toBe(2);
      expect(await s.count("items", { where: { done: true } })).toBe(2);
      expect(await s.count("items", { where: { done: 1 } })).toBe(0);
      const p = await s.query("items", { orderBy: "-n", limit: 2 });
      expect(p.data.map((d) => d.data.n)).toEqual([4, 3]);
      await expect(s.query("items", { orderBy: "n", cursor: p.cursor })).rejects.toMatchObject({
        code: "STORE_INVALID_CURSOR",
      });
      const p2 = await s.query("items", { orderBy: "-n", limit: 2, cursor: p.cursor });
      expect(p2.data.map((d) => d.data.n)).toEqual([2, 1]);
      await expect(s.query("items", { where: { "bad field": 1 } })).rejects.toMatchObject({
        code: "STORE_INVALID_QUERY",
      });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("http and ai clients", () => {
  it("does a real fetch with timeout bounds", async () => {
    const srv = createServer((req, res) => {
      if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 2000);
        return;
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
    try {
      const http = K.makeHttpClient();
      const r = await http.post(base + "/x", { json: { a: 1 }, query: { q: "1" } });
      expect(r.status).toBe(200);
      expect(r.json()).toEqual({ path: "/x?q=1", method: "POST" });
      await expect(http.get(base + "/slow", { timeoutMs: 100 })).rejects.toMatchObject({ code: "HTTP_TIMEOUT" });
      await expect(http.get(base, { timeoutMs: 180_001 })).rejects.toMatchObject({ code: "HTTP_INVALID_TIMEOUT" });
      await expect(http.get("file:///etc/passwd")).rejects.toMatchObject({ code: "HTTP_INVALID_URL" });
    } finally {
      srv.closeAllConnections();
      srv.close();
    }
  });

  it("the embedded ai is deterministic and says it is a local stand-in", async () => {
    const ai = K.makeAiClient("embedded");
    const a = await ai.complete("Summarise my notes", { system: "be brief" });
    const b = await ai.complete("Summarise my notes", { system: "be brief" });
    expect(a).toEqual(b);
    expect(a.text).toMatch(/local stand-in/);
    expect(a.usage.inputTokens).toBeGreaterThan(0);
  });
});
