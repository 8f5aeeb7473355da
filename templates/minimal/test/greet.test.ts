import { describe, expect, it } from "vitest";
import { callableSurface } from "@imperal/sdk";
import { invoke } from "@imperal/sdk/testing";
import { ext } from "../src/index.js";

describe("greet", () => {
  it("greets by name", async () => {
    const out = await invoke(ext, "greet", { name: "Ada" });
    expect(out).toMatchObject({ ok: true, result: { status: "success", data: { message: "Hello, Ada!" } } });
  });

  it("uses the default when no name is given", async () => {
    const out = await invoke(ext, "greet", {});
    expect(out).toMatchObject({ ok: true, result: { data: { message: "Hello, world!" } } });
  });

  it("is the extension's only function, and a read", () => {
    expect(callableSurface(ext).map((t) => [t.name, t.actionType])).toEqual([["greet", "read"]]);
  });
});
