import { settle, withClients } from "./harness.js";
import type { ConformanceFactory, ConformanceTestApi } from "./types.js";

/** The `ctx.secrets` contract: declared names only, write modes, maxBytes on UTF-8 bytes, per-user isolation. */
export function runSecretsConformance(t: ConformanceTestApi, factory: ConformanceFactory): void {
  const { describe, it, expect } = t;
  describe("secrets conformance", () => {
    it("every method rejects an undeclared name with SECRET_NOT_DECLARED", async () => {
      await withClients(factory, async ({ alice }) => {
        await expect(settle(() => alice.secrets.get("nope"))).rejects.toMatchObject({ code: "SECRET_NOT_DECLARED" });
        await expect(settle(() => alice.secrets.set("nope", "v"))).rejects.toMatchObject({
          code: "SECRET_NOT_DECLARED",
        });
        await expect(settle(() => alice.secrets.isSet("nope"))).rejects.toMatchObject({ code: "SECRET_NOT_DECLARED" });
        await expect(settle(() => alice.secrets.delete("nope"))).rejects.toMatchObject({ code: "SECRET_NOT_DECLARED" });
      });
    });

    it("an unset secret reads as null / not set; list shows every declaration in order", async () => {
      await withClients(factory, async ({ alice }) => {
        expect(await alice.secrets.get("token")).toBeNull();
        expect(await alice.secrets.isSet("token")).toBe(false);
        await alice.secrets.set("token", "t-1");
        const list = await alice.secrets.list();
        expect(list.map((s) => s.name)).toEqual(["api_key", "token", "shared"]);
        expect(list.map((s) => s.isSet)).toEqual([false, true, false]);
        expect(list[1].description).toBe("Written by the extension");
        expect(JSON.stringify(list)).not.toContain("t-1");
      });
    });

    it("set/get/isSet/delete for extension-writable secrets", async () => {
      await withClients(factory, async ({ alice }) => {
        await alice.secrets.set("shared", "s3cr3t");
        expect(await alice.secrets.get("shared")).toBe("s3cr3t");
        expect(await alice.secrets.isSet("shared")).toBe(true);
        expect(await alice.secrets.delete("shared")).toBe(true);
        expect(await alice.secrets.delete("shared")).toBe(false);
        expect(await alice.secrets.isSet("shared")).toBe(false);
      });
    });

    it("a user-written secret cannot be set or deleted by the extension", async () => {
      await withClients(factory, async ({ alice }) => {
        await expect(settle(() => alice.secrets.set("api_key", "x"))).rejects.toMatchObject({
          code: "SECRET_READ_ONLY",
        });
        await expect(settle(() => alice.secrets.delete("api_key"))).rejects.toMatchObject({ code: "SECRET_READ_ONLY" });
        expect(await alice.secrets.isSet("api_key")).toBe(false);
      });
    });

    it("maxBytes counts UTF-8 bytes", async () => {
      await withClients(factory, async ({ alice }) => {
        await alice.secrets.set("token", "x".repeat(16));
        await expect(settle(() => alice.secrets.set("token", "x".repeat(17)))).rejects.toMatchObject({
          code: "SECRET_TOO_LARGE",
        });
        await expect(settle(() => alice.secrets.set("token", "é".repeat(9)))).rejects.toMatchObject({
          code: "SECRET_TOO_LARGE",
        });
        expect(await alice.secrets.get("token")).toBe("x".repeat(16));
      });
    });

    it("values are per user and per tenant", async () => {
      await withClients(factory, async ({ alice, bob, carol }) => {
        await alice.secrets.set("token", "alice");
        expect(await bob.secrets.get("token")).toBeNull();
        expect(await carol.secrets.get("token")).toBeNull();
        await bob.secrets.set("token", "bob");
        expect(await alice.secrets.get("token")).toBe("alice");
      });
    });
  });
}
