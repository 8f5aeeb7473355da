// SPEC 7.9: dataModel is checked at run time — a warning on the outcome, an error with { strictDataModel: true }.
import { describe, expect, it } from "vitest";
import { ActionResult, ChatExtension, Extension, z } from "../src/index.js";
import { invoke } from "../src/testing/index.js";

const ext = new Extension("shapes", { version: "1.0.0", capabilities: ["shapes:read"] });
const chat = new ChatExtension(ext, { toolName: "shapes", description: "Shape checks." });
const Out = z.object({ count: z.number(), items: z.array(z.string()) });
chat.function(
  "good",
  { description: "Answers data matching its model.", actionType: "read", params: z.object({}), dataModel: Out },
  async () => ActionResult.success({ count: 1, items: ["a"] }, "ok"),
);
chat.function(
  "bad",
  { description: "Answers data that breaks its model.", actionType: "read", params: z.object({}), dataModel: Out },
  async () => ActionResult.success({ count: 1, items: [2] } as unknown as z.infer<typeof Out>, "bad"),
);
chat.function(
  "failing",
  { description: "Answers an error (never checked).", actionType: "read", params: z.object({}), dataModel: Out },
  async () => ActionResult.error("nope"),
);

describe("dataModel checked at run time", () => {
  it("matching data has no warnings; an error result is not checked", async () => {
    const g = await invoke(ext, "good", {});
    expect(g.ok && g.warnings).toBeUndefined();
    const f = await invoke(ext, "failing", {}, { strictDataModel: true });
    expect(f.ok).toBe(true);
  });
  it("mismatching data is a DATA_MODEL_MISMATCH warning naming the path", async () => {
    const b = await invoke(ext, "bad", {});
    expect(b.ok).toBe(true);
    expect(b.ok && b.warnings).toEqual([
      { code: "DATA_MODEL_MISMATCH", path: "items.0", message: expect.stringContaining("bad returned data") },
    ]);
  });
  it("strictDataModel turns the mismatch into an error", async () => {
    await expect(invoke(ext, "bad", {}, { strictDataModel: true })).rejects.toMatchObject({
      code: "DATA_MODEL_MISMATCH",
    });
  });
});
