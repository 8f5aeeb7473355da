import { describe, expect, it } from "vitest";
import { memoryConformanceFactory, runConformance, type ConformanceFactory } from "../src/conformance/index.js";

/** Collects the suite's tests instead of registering them, so we can run them against broken clients. */
function collect(factory: ConformanceFactory): { name: string; fn: () => Promise<void> | void }[] {
  const tests: { name: string; fn: () => Promise<void> | void }[] = [];
  const prefix: string[] = [];
  runConformance(
    {
      describe: (name, fn) => {
        prefix.push(name);
        fn();
        prefix.pop();
      },
      it: (name, fn) => tests.push({ name: [...prefix, name].join(" > "), fn }),
      expect,
    },
    factory,
  );
  return tests;
}

async function failing(factory: ConformanceFactory): Promise<string[]> {
  const failed: string[] = [];
  for (const t of collect(factory)) {
    try {
      await t.fn();
    } catch {
      failed.push(t.name);
    }
  }
  return failed;
}

// A suite that passes everything proves nothing; these fakes each break one rule and must be caught.
describe("the conformance suite catches contract violations", () => {
  it("passes the correct in-memory implementation", async () => {
    expect(await failing(memoryConformanceFactory)).toEqual([]);
  });

  it("catches a store that ignores ifMatch (lost updates)", async () => {
    const broken: ConformanceFactory = async (input) => {
      const c = await memoryConformanceFactory(input);
      const u = c.alice.store.update.bind(c.alice.store);
      c.alice.store.update = (coll, id, patch) => u(coll, id, patch);
      return c;
    };
    const failed = await failing(broken);
    expect(failed.some((n) => n.includes("stale ifMatch"))).toBe(true);
  });

  it("catches a cache that measures characters instead of serialized bytes", async () => {
    const broken: ConformanceFactory = async (input) => {
      const c = await memoryConformanceFactory(input);
      const set = c.alice.cache.set.bind(c.alice.cache);
      // counts UTF-16 characters: "é".repeat(40000) looks like 40 002 "bytes" and slips through as ASCII
      c.alice.cache.set = async (key, value, opts) => {
        const text = JSON.stringify(value);
        if (text !== undefined && text.length <= 65_536 && Buffer.byteLength(text) > 65_536) return set(key, "x", opts);
        return set(key, value, opts);
      };
      return c;
    };
    const failed = await failing(broken);
    expect(failed.some((n) => n.includes("serialized UTF-8 bytes"))).toBe(true);
  });

  it("catches secrets leaking across tenants", async () => {
    const broken: ConformanceFactory = async (input) => {
      const c = await memoryConformanceFactory(input);
      c.carol.secrets = c.alice.secrets;
      return c;
    };
    const failed = await failing(broken);
    expect(failed).toContain("secrets conformance > values are per user and per tenant");
  });

  it("catches a store that shares one partition between users", async () => {
    const broken: ConformanceFactory = async (input) => {
      const c = await memoryConformanceFactory(input);
      c.bob.store = c.alice.store;
      return c;
    };
    expect(await failing(broken)).toContain("store conformance > documents are partitioned per user and per tenant");
  });
});
