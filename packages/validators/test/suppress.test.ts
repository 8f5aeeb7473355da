import { afterAll, describe, expect, it } from "vitest";
import { HEADER, HEADER_LINES, cleanupTemp, validate, brief } from "./helpers.js";

afterAll(cleanupTemp);

const L = (n: number) => HEADER_LINES + n;
const tool = (body: string) =>
  `ext.tool("t_one", { description: "Tool." }, async (ctx) => {\n${body}\n  return null;\n});\n`;

describe("imperal-disable-next-line", () => {
  it("suppresses the named rule on the next line when a reason is given", async () => {
    const r = await validate({
      "src/index.ts":
        HEADER +
        tool(`  // imperal-disable-next-line V22 -- temporary trace while debugging the sync
  console.log("x");
  console.log("not suppressed");`),
    });
    expect(brief(r.findings)).toEqual([`V22 error src/index.ts:${L(4)}:3`]);
  });

  it("accepts block comments and several ids", async () => {
    const r = await validate({
      "src/index.ts":
        HEADER +
        tool(`  /* imperal-disable-next-line V22, SKEL-GUARD-2 -- legacy path kept for old hosts */
  console.log(ctx.skeletonData);`),
    });
    expect(brief(r.findings)).toEqual([]);
  });

  it("a directive without a reason suppresses nothing and is a SUPPRESSION error", async () => {
    const r = await validate({
      "src/index.ts":
        HEADER +
        tool(`  // imperal-disable-next-line V22
  console.log("x");`),
    });
    expect(brief(r.findings)).toEqual([`SUPPRESSION error src/index.ts:${L(2)}:3`, `V22 error src/index.ts:${L(3)}:3`]);
    expect(r.findings[0]!.message).toMatch(/has no reason/);
  });

  it("unknown rule ids and missing ids are SUPPRESSION errors", async () => {
    const r = await validate({
      "src/index.ts":
        HEADER +
        tool(`  // imperal-disable-next-line V99 -- no such rule
  const a = 1;
  // imperal-disable-next-line -- nothing named
  const b = 2;`),
    });
    expect(brief(r.findings)).toEqual([
      `SUPPRESSION error src/index.ts:${L(2)}:3`,
      `SUPPRESSION error src/index.ts:${L(4)}:3`,
    ]);
    expect(r.findings[0]!.message).toMatch(/unknown rule id V99/);
    expect(r.findings[1]!.message).toMatch(/names no rule id/);
  });

  it("an unused directive is a SUPPRESSION warning", async () => {
    const r = await validate({
      "src/index.ts":
        HEADER +
        tool(`  // imperal-disable-next-line V22 -- was noisy once
  ctx.log("fine");`),
    });
    expect(brief(r.findings)).toEqual([`SUPPRESSION warn src/index.ts:${L(2)}:3`]);
  });

  it("only suppresses the named rule", async () => {
    const r = await validate({
      "src/index.ts":
        HEADER +
        tool(`  // imperal-disable-next-line V29 -- wrong rule on purpose
  console.log("x");`),
    });
    expect(brief(r.findings)).toEqual([`SUPPRESSION warn src/index.ts:${L(2)}:3`, `V22 error src/index.ts:${L(3)}:3`]);
  });

  it("text inside strings and templates is not a directive", async () => {
    const r = await validate({
      "src/index.ts":
        HEADER +
        tool(`  const help = "// imperal-disable-next-line V22 -- not a comment";
  const t = \`// imperal-disable-next-line V22 -- \${help}\`; // see \`// imperal-disable-next-line V22 -- x\`
  /* docs: \`// imperal-disable-next-line V22 -- reason\` */
  console.log(help, t);`),
    });
    expect(brief(r.findings)).toEqual([`V22 error src/index.ts:${L(5)}:3`]);
  });

  it("PARSE cannot be suppressed", async () => {
    const r = await validate({
      "src/bad.ts": "// imperal-disable-next-line PARSE -- generated\nconst = ;\n",
      "src/index.ts": HEADER,
    });
    expect(brief(r.findings)).toEqual(["SUPPRESSION warn src/bad.ts:1:1", "PARSE error src/bad.ts:2:7"]);
  });
});
