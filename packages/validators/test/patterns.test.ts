import { describe, expect, it } from "vitest";
import * as P from "../src/patterns.js";

describe("patterns come from @imperal/sdk", () => {
  it("every regex is the SDK's own object, not a copy", async () => {
    const sdk = (await import("@imperal/sdk")) as unknown as Record<string, unknown>;
    for (const name of [
      "APP_ID_PATTERN",
      "SEMVER_PATTERN",
      "CAPABILITY_PATTERN",
      "IDENTIFIER_PATTERN",
      "SECTION_PATTERN",
      "TOOL_NAME_PATTERN",
      "SECRET_NAME_PATTERN",
      "EVENT_NAME_PATTERN",
      "REFRESH_PATTERN",
      "CACHE_KEY_PATTERN",
      "ERROR_CODE_REGEX",
      "CRON_PATTERN",
      "PANEL_SLOTS",
      "ACTION_TYPES",
    ]) {
      expect((P as Record<string, unknown>)[name], name).toBe(sdk[name]);
    }
  });

  it("synthetic tool names are built by the SDK's own builders", async () => {
    const sdk = (await import("@imperal/sdk/patterns")) as unknown as Record<string, unknown>;
    for (const name of ["panelTool", "skeletonRefreshTool", "skeletonSectionOf"]) {
      expect((P as Record<string, unknown>)[name], name).toBe(sdk[name]);
    }
    expect(P.skeletonSectionOf(P.skeletonRefreshTool("inbox"))).toBe("inbox");
    expect(P.skeletonSectionOf("refresh_inbox")).toBeUndefined();
  });

  it("patterns behave as documented", () => {
    expect(P.APP_ID_PATTERN.test("notes")).toBe(true);
    expect(P.APP_ID_PATTERN.test("n")).toBe(false);
    expect(P.REFRESH_PATTERN.test("on_event:notes.created,notes.deleted")).toBe(true);
    expect(P.REFRESH_PATTERN.test("on_event:")).toBe(false);
    expect(P.CRON_PATTERN.test("0 * * * *")).toBe(true);
    expect(P.CRON_PATTERN.test("every night")).toBe(false);
  });
});
