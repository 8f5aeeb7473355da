/** Every clause of V35 (calls between extensions), V36 (system-only ctx) and V37 (credential-like params). */
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTemp } from "./helpers.js";
import { at, run } from "./platform-helpers.js";
import { looksLikeCredential } from "../src/rules/V37-credential-params.js";

afterAll(cleanupTemp);

const FN = `{ description: "Count the notes of a user.", actionType: "read", params: Empty, dataModel: Out }`;
const ok = `ActionResult.success({ ok: true }, "ok")`;

describe("V35 calls between extensions", () => {
  it('ext.expose with actionType "destructive" is an error; read and write pass', async () => {
    const body = `ext.expose("wipe", { actionType: "destructive" }, async () => ${ok});
ext.expose("find", { actionType: "read" }, async () => ${ok});
ext.expose("save", { actionType: "write" }, async () => ${ok});
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V35", body, 1, '"destructive"')]);
    expect(r.findings[0]!.message).toContain("not exposed across extensions");
  });

  it("any other or missing actionType is an error; a computed one is a cannot-verify warning", async () => {
    const body = `declare const T: "read";
ext.expose("a", { actionType: "delete" }, async () => ${ok});
ext.expose("b", { description: "No type." }, async () => ${ok});
ext.expose("c", { actionType: T }, async () => ${ok});
`;
    const r = await run(body);
    expect(r.brief).toEqual([
      at("V35", body, 2, '"delete"'),
      at("V35", body, 3, "ext.expose"),
      at("V35", body, 4, "T }", "warn"),
    ]);
  });

  it("ctx.extensions.call to the extension's own app id is an error (literal or const); another app passes", async () => {
    const body = `const SELF = "notes";
ext.tool("relay", { description: "Relay a call." }, async (ctx) => {
  await ctx.extensions.call("notes", "find", {});
  await ctx.extensions.call(SELF, "find", {});
  await ctx.extensions.call("calendar", "free_slots", {});
  return null;
});
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V35", body, 3, '"notes"'), at("V35", body, 4, "SELF")]);
  });

  it("a target that is not statically known is a cannot-verify warning", async () => {
    const body = `ext.tool("relay", { description: "Relay a call." }, async (ctx, p: { app: string }) => {
  await ctx.extensions.call(p.app, "find", {});
  return null;
});
`;
    expect((await run(body)).brief).toEqual([at("V35", body, 2, "p.app", "warn")]);
  });
});

describe("V36 system-only ctx members", () => {
  const uses = `for await (const u of ctx.store.listUsers("notes")) await ctx.asUser(u).store.count("notes");
  await ctx.store.queryAll("notes", {});`;
  it("listUsers / queryAll / asUser in a chat function, tool, panel, skeleton, hook, subscriber or exposed method are errors", async () => {
    const handlers = [
      `chat.function("count_all", ${FN}, async (ctx) => {\n  ${uses}\n  return ${ok};\n});`,
      `ext.tool("count_tool", { description: "Count all." }, async (ctx) => {\n  ${uses}\n  return null;\n});`,
      `ext.panel("all", { slot: "left", title: "All" }, async (ctx) => {\n  ${uses}\n  return ui.text("x");\n});`,
      `ext.skeleton("all", { ttl: 60, description: "All." }, async (ctx) => {\n  ${uses}\n  return { response: {} };\n});`,
      `ext.onInstall(async (ctx) => {\n  ${uses}\n});`,
      `ext.onUpgrade("2.0.0", async (ctx) => {\n  ${uses}\n});`,
      `ext.onEvent("notes.*")(async (ctx) => {\n  ${uses}\n});`,
      `ext.expose("count_exposed", { actionType: "read" }, async (ctx) => {\n  ${uses}\n  return ${ok};\n});`,
    ];
    for (const h of handlers) {
      const body = h + "\n";
      const r = await run(body);
      expect(r.brief, h.slice(0, 30)).toEqual([
        at("V36", body, 2, "ctx.store.listUsers"),
        at("V36", body, 2, "ctx.asUser"),
        at("V36", body, 3, "ctx.store.queryAll"),
      ]);
    }
  });

  it("the same code in a schedule or webhook handler passes", async () => {
    const body = `ext.schedule("nightly", { cron: "0 3 * * *" }, async (ctx) => {\n  ${uses}\n});
ext.webhook("push", { secretHeader: "X-Sig" }, async (ctx) => {\n  ${uses}\n  return { status: 204 };\n});
`;
    expect((await run(body)).brief).toEqual([]);
  });

  it("a helper is judged by the handlers that call it; destructured asUser and ctx aliases are followed", async () => {
    const body = `import type { ChatContext } from "@imperal/sdk";
async function fanOut(c: ChatContext) { const { asUser } = c; return asUser("bob"); }
ext.schedule("nightly", { cron: "0 3 * * *" }, async (ctx) => { await fanOut(ctx); });
ext.tool("peek", { description: "Peek at bob." }, async (ctx) => { await fanOut(ctx); const sys = ctx as unknown as { asUser(u: string): unknown }; return sys.asUser("x"); });
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V36", body, 2, 'asUser("bob")'), at("V36", body, 4, "sys.asUser")]);
    expect(r.findings[0]!.message).toContain('tool "peek"');
    const onlySchedule = body.replace(/^ext\.tool.*$/m, "");
    expect((await run(onlySchedule)).brief).toEqual([]);
  });

  it("members of objects that are not ctx pass", async () => {
    const body = `const db = { store: { listUsers: (c: string) => [c] }, asUser: (u: string) => u };
ext.tool("peek", { description: "Peek." }, async () => [db.store.listUsers("x"), db.asUser("y")]);
`;
    expect((await run(body)).brief).toEqual([]);
  });
});

describe("V37 credential-like params", () => {
  const fn = (params: string, extra = "") =>
    `const P = z.object(${params});\nchat.function("unlock", { description: "Unlock a protected note.", actionType: "write", params: P, dataModel: Out${extra} }, async () => ${ok});\n`;

  it("pin, otp, cvv, passphrase and *_key params not in sensitive are warnings", async () => {
    const body = fn(
      `{ pin: z.string(), otp: z.string(), card_cvv: z.number(), passphrase: z.string(), signingKey: z.string(), note_id: z.string() }`,
    );
    const r = await run(body);
    expect(r.brief).toEqual(
      ["pin", "otp", "card_cvv", "passphrase", "signingKey"].map((k) => at("V37", body, 1, `${k}:`, "warn")),
    );
    expect(r.findings[0]!.fix).toContain('sensitive: ["pin"]');
  });

  it("listed in sensitive (also by a parent path) passes", async () => {
    const body = fn(`{ pin: z.string(), auth: z.object({ otp: z.string() }) }`, `, sensitive: ["pin", "auth"]`);
    expect((await run(body)).brief).toEqual([]);
  });

  it("nested params are named by their path, and .extend keys count", async () => {
    const body = `const Base = z.object({ auth: z.object({ otp: z.string() }) });
const P = Base.extend({ cvv: z.string() }).describe("Unlock");
chat.function("unlock", { description: "Unlock a protected note.", actionType: "write", params: P, dataModel: Out, sensitive: ["cvv"] }, async () => ${ok});
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V37", body, 1, "otp", "warn")]);
    expect(r.findings[0]!.message).toContain('"auth.otp"');
  });

  it("names the default pattern covers, data *_key names and flags are not reported", async () => {
    const body = fn(
      `{ password: z.string(), api_key: z.string(), private_key: z.string(), access_token: z.string(), sort_key: z.string(), idempotency_key: z.string(), pin: z.boolean(), pinned: z.boolean(), spinner: z.string() }`,
    );
    expect((await run(body)).brief).toEqual([]);
    for (const k of ["pin", "user_pin", "pinCode", "otp", "cvv", "passphrase", "webhook_key", "encryptionKey"])
      expect(looksLikeCredential(k), k).toBe(true);
    for (const k of ["pinned", "spinner", "option", "key", "sort_key", "cacheKey", "apiKey", "monkey"])
      expect(looksLikeCredential(k), k).toBe(false);
  });

  it("tools and exposed methods are checked too; a computed sensitive list is a cannot-verify warning", async () => {
    const body = `const P = z.object({ otp: z.string() });
declare const S: string[];
ext.tool("verify", { description: "Verify a code.", params: P }, async () => null);
ext.expose("check", { actionType: "read", params: P, sensitive: S }, async () => ${ok});
`;
    const r = await run(body);
    expect(r.brief).toEqual([at("V37", body, 1, "otp", "warn"), at("V37", body, 4, "S }", "warn")]);
    expect(r.findings[1]!.message).toMatch(/^cannot verify the sensitive list/);
  });
});
