import { settle, withClients } from "./harness.js";
import type { ConformanceFactory, ConformanceTestApi } from "./types.js";

/** The `ctx.store` contract: CRUD, ETag conflicts, equality where, orderBy, limit, cursor paging, per-user partitions. */
export function runStoreConformance(t: ConformanceTestApi, factory: ConformanceFactory): void {
  const { describe, it, expect } = t;
  describe("store conformance", () => {
    it("create returns a full document and get returns the same one", async () => {
      await withClients(factory, async ({ alice }) => {
        const doc = await alice.store.create("notes", { title: "a", tags: ["x"], meta: { n: 1 } });
        expect(typeof doc.id).toBe("string");
        expect(doc.id.length).toBeGreaterThan(0);
        expect(doc.collection).toBe("notes");
        expect(doc.data).toEqual({ title: "a", tags: ["x"], meta: { n: 1 } });
        expect(typeof doc.etag).toBe("string");
        expect(doc.etag.length).toBeGreaterThan(0);
        expect(new Date(doc.createdAt).toISOString()).toBe(doc.createdAt);
        expect(doc.updatedAt).toBe(doc.createdAt);
        expect(await alice.store.get("notes", doc.id)).toEqual(doc);
        expect(await alice.store.get("notes", "no-such-id")).toBeNull();
      });
    });

    it("returns copies: mutating a returned document does not change the store", async () => {
      await withClients(factory, async ({ alice }) => {
        const doc = await alice.store.create("notes", { title: "a", list: [1] });
        (doc.data as { title: string }).title = "mutated";
        (doc.data.list as number[]).push(2);
        const again = await alice.store.get("notes", doc.id);
        expect(again?.data).toEqual({ title: "a", list: [1] });
      });
    });

    it("update merges shallowly and changes the etag", async () => {
      await withClients(factory, async ({ alice }, { clock }) => {
        const doc = await alice.store.create("notes", { title: "a", body: "b", nested: { x: 1, y: 2 } });
        clock.advance(1000);
        const up = await alice.store.update("notes", doc.id, { title: "A", nested: { x: 9 } });
        expect(up.data).toEqual({ title: "A", body: "b", nested: { x: 9 } });
        expect(up.etag).not.toBe(doc.etag);
        expect(up.createdAt).toBe(doc.createdAt);
        expect(Date.parse(up.updatedAt)).toBeGreaterThan(Date.parse(doc.createdAt));
        expect((await alice.store.get("notes", doc.id))?.etag).toBe(up.etag);
      });
    });

    it("update with a stale ifMatch throws STORE_CONFLICT and leaves the document unchanged", async () => {
      await withClients(factory, async ({ alice }) => {
        const doc = await alice.store.create("notes", { n: 1 });
        const first = await alice.store.update("notes", doc.id, { n: 2 }, { ifMatch: doc.etag });
        expect(first.data).toEqual({ n: 2 });
        await expect(
          settle(() => alice.store.update("notes", doc.id, { n: 3 }, { ifMatch: doc.etag })),
        ).rejects.toMatchObject({ code: "STORE_CONFLICT" });
        expect((await alice.store.get("notes", doc.id))?.data).toEqual({ n: 2 });
        const second = await alice.store.update("notes", doc.id, { n: 3 }, { ifMatch: first.etag });
        expect(second.data).toEqual({ n: 3 });
      });
    });

    it("an etag never comes back after the data returns to an earlier value", async () => {
      await withClients(factory, async ({ alice }) => {
        const doc = await alice.store.create("notes", { n: 1 });
        await alice.store.update("notes", doc.id, { n: 2 });
        await alice.store.update("notes", doc.id, { n: 1 });
        await expect(
          settle(() => alice.store.update("notes", doc.id, { n: 5 }, { ifMatch: doc.etag })),
        ).rejects.toMatchObject({ code: "STORE_CONFLICT" });
      });
    });

    it("update of a missing document throws STORE_NOT_FOUND", async () => {
      await withClients(factory, async ({ alice }) => {
        await expect(settle(() => alice.store.update("notes", "missing", { a: 1 }))).rejects.toMatchObject({
          code: "STORE_NOT_FOUND",
        });
      });
    });

    it("delete returns true once, then false", async () => {
      await withClients(factory, async ({ alice }) => {
        const doc = await alice.store.create("notes", { a: 1 });
        expect(await alice.store.delete("notes", doc.id)).toBe(true);
        expect(await alice.store.delete("notes", doc.id)).toBe(false);
        expect(await alice.store.get("notes", doc.id)).toBeNull();
        expect(await alice.store.count("notes")).toBe(0);
      });
    });

    it("where is field equality; count honours it; collections are separate", async () => {
      await withClients(factory, async ({ alice }) => {
        await alice.store.create("tasks", { status: "open", prio: 1 });
        await alice.store.create("tasks", { status: "open", prio: 2 });
        await alice.store.create("tasks", { status: "done", prio: 1 });
        await alice.store.create("notes", { status: "open" });
        const open = await alice.store.query("tasks", { where: { status: "open" } });
        expect(open.data.map((d) => d.data.prio)).toEqual([1, 2]);
        expect(open.total).toBe(2);
        expect((await alice.store.query("tasks", { where: { status: "open", prio: 1 } })).total).toBe(1);
        expect((await alice.store.query("tasks", { where: { status: "Open" } })).total).toBe(0);
        expect(await alice.store.count("tasks", { where: { status: "done" } })).toBe(1);
        expect(await alice.store.count("tasks")).toBe(3);
        expect(await alice.store.count("notes")).toBe(1);
      });
    });

    it("orderBy sorts ascending, '-field' descending, numbers numerically; default is insertion order", async () => {
      await withClients(factory, async ({ alice }) => {
        for (const [title, n] of [
          ["b", 10],
          ["a", 2],
          ["c", 1],
        ] as const)
          await alice.store.create("items", { title, n });
        const titles = async (orderBy?: string) =>
          (await alice.store.query("items", orderBy ? { orderBy } : {})).data.map((d) => d.data.title);
        expect(await titles()).toEqual(["b", "a", "c"]);
        expect(await titles("title")).toEqual(["a", "b", "c"]);
        expect(await titles("-title")).toEqual(["c", "b", "a"]);
        expect(await titles("n")).toEqual(["c", "a", "b"]);
        expect(await titles("-n")).toEqual(["b", "a", "c"]);
      });
    });

    it("limit defaults to 100 and pages report hasMore/total", async () => {
      await withClients(factory, async ({ alice }) => {
        for (let i = 0; i < 105; i++) await alice.store.create("bulk", { i });
        const page = await alice.store.query("bulk");
        expect(page.data).toHaveLength(100);
        expect(page.hasMore).toBe(true);
        expect(page.total).toBe(105);
        expect(typeof page.cursor).toBe("string");
        const small = await alice.store.query("bulk", { limit: 5 });
        expect(small.data.map((d) => d.data.i)).toEqual([0, 1, 2, 3, 4]);
      });
    });

    it("cursor paging visits every document exactly once, in order", async () => {
      await withClients(factory, async ({ alice }) => {
        for (let i = 0; i < 7; i++) await alice.store.create("pages", { i, parity: i % 2 });
        const seen: unknown[] = [];
        let cursor: string | null | undefined;
        let pages = 0;
        do {
          const page = await alice.store.query("pages", { limit: 3, orderBy: "-i", ...(cursor ? { cursor } : {}) });
          seen.push(...page.data.map((d) => d.data.i));
          expect(page.total).toBe(7);
          expect(page.hasMore).toBe(page.cursor !== null);
          cursor = page.cursor;
          pages++;
        } while (cursor);
        expect(pages).toBe(3);
        expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
        const evens = await alice.store.query("pages", { where: { parity: 0 }, limit: 2 });
        const rest = await alice.store.query("pages", { where: { parity: 0 }, limit: 2, cursor: evens.cursor });
        expect([...evens.data, ...rest.data].map((d) => d.data.i)).toEqual([0, 2, 4, 6]);
        expect(rest.hasMore).toBe(false);
        expect(rest.cursor).toBeNull();
      });
    });

    it("documents are partitioned per user and per tenant", async () => {
      await withClients(factory, async ({ alice, bob, carol }) => {
        const doc = await alice.store.create("notes", { secret: true });
        for (const other of [bob, carol]) {
          expect(await other.store.get("notes", doc.id)).toBeNull();
          expect((await other.store.query("notes")).total).toBe(0);
          expect(await other.store.count("notes")).toBe(0);
          expect(await other.store.delete("notes", doc.id)).toBe(false);
          await expect(settle(() => other.store.update("notes", doc.id, { secret: false }))).rejects.toMatchObject({
            code: "STORE_NOT_FOUND",
          });
        }
        expect((await alice.store.get("notes", doc.id))?.data).toEqual({ secret: true });
      });
    });

    it("rejects invalid collection names and non-object data", async () => {
      await withClients(factory, async ({ alice }) => {
        for (const bad of ["Notes", "1notes", "", "no-dash", "a".repeat(65)]) {
          await expect(settle(() => alice.store.create(bad, { a: 1 }))).rejects.toMatchObject({
            code: "STORE_INVALID_COLLECTION",
          });
        }
        expect((await alice.store.create("a".repeat(64), { a: 1 })).collection).toBe("a".repeat(64));
        await expect(settle(() => alice.store.create("notes", [1, 2] as never))).rejects.toMatchObject({
          code: "STORE_INVALID_DATA",
        });
      });
    });
  });
}
