/**
 * The registration methods of SPEC 7.1 and 7.3-7.6 (expose, emits, onEvent, webhook, lifecycle hooks) in every
 * call form the engine follows, and every spelling it cannot follow reported as CANNOT-VERIFY naming the call.
 */
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTemp } from "./helpers.js";
import { at, run } from "./platform-helpers.js";

afterAll(cleanupTemp);

const ok = `ActionResult.success({ ok: true }, "ok")`;
const sys = `async (ctx) => { await ctx.asUser("bob"); return ${ok}; }`;

describe("new registration methods are followed in all three call forms", () => {
  it("direct, curried and decorator handlers are found (V36 sees ctx.asUser in each)", async () => {
    const body = `ext.onInstall(${sys});
ext.onUninstall()(${sys});
ext.onEvent("notes.created", ${sys});
ext.expose("peek", { actionType: "read" })(${sys});
class Hooks {
  @ext.healthCheck() async health(ctx: any) { await ctx.asUser("bob"); return { status: "ok" }; }
}
void Hooks;
`;
    const r = await run(body);
    expect(r.brief).toEqual(
      [1, 2, 3, 4].map((l) => at("V36", body, l, "ctx.asUser")).concat(at("V36", body, 6, "ctx.asUser")),
    );
  });

  it("their handlers are handler bodies for V22 (no console, debugger or stdout writes)", async () => {
    const body = `ext.webhook("push", {}, async () => { console.log("hit"); return { status: 204 }; });
ext.onEvent("notes.*", async () => { debugger; });
ext.onEnable()(async () => { process.stdout.write("on"); });
ext.expose("peek", { actionType: "read" }, async (ctx) => { ctx.log("peek"); return ${ok}; });
`;
    const r = await run(body);
    expect(r.brief).toEqual([
      at("V22", body, 1, "console.log"),
      at("V22", body, 2, "debugger"),
      at("V22", body, 3, "process.stdout.write"),
    ]);
  });

  it("webhook and schedule handlers in the curried form keep their system context", async () => {
    const body = `ext.webhook("push", {})(${sys});\next.schedule("nightly", { cron: "0 3 * * *" })(${sys});\n`;
    expect((await run(body)).brief).toEqual([]);
  });
});

describe("spellings the engine cannot follow are CANNOT-VERIFY warnings naming the call", () => {
  const spellings: [string, string, string][] = [
    ["expose by element access", `ext["expose"]("wipe", { actionType: "destructive" }, ${sys});`, 'ext["expose"](...)'],
    ["emits through apply", `ext.emits.apply(ext, ["synced"]);`, "ext.emits.apply(...)"],
    ["onInstall through call", `ext.onInstall.call(ext, ${sys});`, "ext.onInstall.call(...)"],
    ["webhook through bind", `ext.webhook.bind(ext)("push", {}, ${sys});`, "ext.webhook.bind(ext)(...)"],
    ["onEvent destructured", `const { onEvent } = ext;\nvoid onEvent;`, "const { onEvent } = ext"],
    [
      "expose with spread arguments",
      `const args = ["peek", { actionType: "read" }] as const;\next.expose(...args, ${sys});`,
      "ext.expose(...)",
    ],
    [
      "expose with unknown spread options",
      `declare const extra: object;\next.expose("peek", { ...extra, actionType: "read" }, ${sys});`,
      "ext.expose(...)",
    ],
  ];
  for (const [name, body, label] of spellings) {
    it(name, async () => {
      const r = await run(body + "\n");
      const cv = r.findings.filter((f) => f.rule === "CANNOT-VERIFY");
      expect(cv.length, JSON.stringify(r.findings)).toBe(1);
      expect(cv[0]!.severity).toBe("warn");
      expect(cv[0]!.message).toContain(`\`${label}\``);
      expect(cv[0]!.fix).toMatch(/\S/);
    });
  }

  it("the same registrations written directly are followed and not reported", async () => {
    const body = `ext.expose("peek", { actionType: "read" }, async () => ${ok});
ext.emits("notes.synced");
ext.onInstall(async () => {});
ext.webhook("push", {}, async () => ({ status: 204 }));
ext.onEvent("notes.*", async () => {});
const SHARED = { actionType: "read" } as const;
ext.expose("find", { ...SHARED }, async () => ${ok});
`;
    expect((await run(body)).brief).toEqual([]);
  });
});
