import * as z from "zod/v4";
import { settle, withClients } from "./harness.js";
import type { ConformanceFactory, ConformanceTestApi } from "./types.js";

const LIMIT = 64 * 1024;

/** The `ctx.cache` contract: TTL bounds and expiry, key pattern, 64 KiB on serialized bytes, schema reads, isolation. */
export function runCacheConformance(t: ConformanceTestApi, factory: ConformanceFactory): void {
  const { describe, it, expect } = t;
  describe("cache conformance", () => {
    it("get of a missing key is null; set/get round-trips JSON by value", async () => {
      await withClients(factory, async ({ alice }) => {
        expect(await alice.cache.get("missing")).toBeNull();
        const value = { list: [1, "two", { three: 3 }], flag: false, none: null };
        await alice.cache.set("k", value);
        const got = (await alice.cache.get("k")) as typeof value;
        expect(got).toEqual(value);
        got.list.push(4);
        expect(await alice.cache.get("k")).toEqual(value);
      });
    });

    it("entries expire after ttlSeconds (default 60)", async () => {
      await withClients(factory, async ({ alice }, { clock }) => {
        await alice.cache.set("d", 1);
        await alice.cache.set("short", 2, { ttlSeconds: 5 });
        clock.advance(4_999);
        expect(await alice.cache.get("short")).toBe(2);
        clock.advance(1);
        expect(await alice.cache.get("short")).toBeNull();
        clock.advance(54_999);
        expect(await alice.cache.get("d")).toBe(1);
        clock.advance(1);
        expect(await alice.cache.get("d")).toBeNull();
      });
    });

    it("ttlSeconds must be an integer in 5..300", async () => {
      await withClients(factory, async ({ alice }) => {
        for (const ttl of [4, 301, 0, -5, 5.5]) {
          await expect(settle(() => alice.cache.set("k", 1, { ttlSeconds: ttl }))).rejects.toMatchObject({
            code: "CACHE_INVALID_TTL",
          });
        }
        await alice.cache.set("lo", 1, { ttlSeconds: 5 });
        await alice.cache.set("hi", 1, { ttlSeconds: 300 });
        expect(await alice.cache.get("hi")).toBe(1);
        expect(await alice.cache.get("lo")).toBe(1);
      });
    });

    it("keys must match ^[A-Za-z0-9_:-]{1,128}$", async () => {
      await withClients(factory, async ({ alice }) => {
        for (const key of ["", "has space", "a/b", "ü", "x".repeat(129), "dot.ted"]) {
          await expect(settle(() => alice.cache.set(key, 1))).rejects.toMatchObject({ code: "CACHE_INVALID_KEY" });
          await expect(settle(() => alice.cache.get(key))).rejects.toMatchObject({ code: "CACHE_INVALID_KEY" });
        }
        await alice.cache.set("x".repeat(128), 1);
        await alice.cache.set("Aa0_:-", 2);
        expect(await alice.cache.get("Aa0_:-")).toBe(2);
      });
    });

    it("the 64 KiB limit applies to the serialized UTF-8 bytes", async () => {
      await withClients(factory, async ({ alice }) => {
        const exact = "a".repeat(LIMIT - 2); // JSON adds two quotes
        await alice.cache.set("exact", exact);
        expect(await alice.cache.get("exact")).toBe(exact);
        await expect(settle(() => alice.cache.set("over", "a".repeat(LIMIT - 1)))).rejects.toMatchObject({
          code: "CACHE_VALUE_TOO_LARGE",
        });
        // 40 000 characters but 80 002 bytes: a character count would wrongly accept it.
        await expect(settle(() => alice.cache.set("wide", "é".repeat(40_000)))).rejects.toMatchObject({
          code: "CACHE_VALUE_TOO_LARGE",
        });
        expect(await alice.cache.get("over")).toBeNull();
      });
    });

    it("get with a schema returns the parsed value, or null when the value does not match", async () => {
      await withClients(factory, async ({ alice }) => {
        await alice.cache.set("user", { name: "Ann", age: 3 });
        expect(await alice.cache.get("user", z.object({ name: z.string() }))).toEqual({ name: "Ann" });
        expect(await alice.cache.get("user", z.object({ name: z.number() }))).toBeNull();
      });
    });

    it("getOrFetch fetches once per TTL and still serves values too large to cache", async () => {
      await withClients(factory, async ({ alice }, { clock }) => {
        let calls = 0;
        const fetcher = async () => ({ n: ++calls });
        expect(await alice.cache.getOrFetch("f", fetcher, { ttlSeconds: 10 })).toEqual({ n: 1 });
        expect(await alice.cache.getOrFetch("f", fetcher, { ttlSeconds: 10 })).toEqual({ n: 1 });
        clock.advance(10_000);
        expect(await alice.cache.getOrFetch("f", fetcher, { ttlSeconds: 10 })).toEqual({ n: 2 });
        expect(calls).toBe(2);
        const big = "b".repeat(LIMIT);
        expect(await alice.cache.getOrFetch("big", () => big)).toBe(big);
        expect(await alice.cache.get("big")).toBeNull();
      });
    });

    it("delete removes a key (true), then reports false", async () => {
      await withClients(factory, async ({ alice }) => {
        await alice.cache.set("k", 1);
        expect(await alice.cache.delete("k")).toBe(true);
        expect(await alice.cache.delete("k")).toBe(false);
        expect(await alice.cache.get("k")).toBeNull();
      });
    });

    it("entries are per user and per tenant", async () => {
      await withClients(factory, async ({ alice, bob, carol }) => {
        await alice.cache.set("same", "alice");
        await bob.cache.set("same", "bob");
        expect(await alice.cache.get("same")).toBe("alice");
        expect(await bob.cache.get("same")).toBe("bob");
        expect(await carol.cache.get("same")).toBeNull();
      });
    });
  });
}
