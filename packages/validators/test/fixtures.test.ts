import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateExtension } from "../src/index.js";
import { brief } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => path.join(here, "fixtures", name);

describe("realistic multi-file extensions", () => {
  it("the clean notes extension has no findings", async () => {
    const r = await validateExtension(fixture("clean-notes"), { env: {} });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.files).toEqual(["src/app.ts", "src/functions.ts", "src/index.ts", "src/schemas.ts", "src/views.ts"]);
    expect(r.extensions).toEqual([
      { appId: "notes", file: "src/app.ts", line: 5, functions: 5, tools: 1, skeletons: 1, panels: 2 },
    ]);
  });

  it("the violations extension has exactly one finding per rule", async () => {
    const r = await validateExtension(fixture("violations"), { env: {} });
    expect(brief(r.findings)).toEqual([
      "V21 error icon.svg:3:3",
      "V14 error src/app.ts:4:12",
      "V15 error src/app.ts:6:16",
      "V27 warn src/app.ts:8:18",
      "PARSE error src/broken.ts:1:38",
      "V16 error src/companion.ts:7:9",
      "V31 error src/companion.ts:9:11",
      "V25 error src/functions.ts:5:167",
      "V29 error src/functions.ts:7:66",
      "V23 error src/functions.ts:11:1",
      "V22 error src/functions.ts:13:3",
      "V19 error src/functions.ts:17:42",
      "V20 error src/functions.ts:21:102",
      "V28 warn src/functions.ts:22:10",
      "V26 error src/functions.ts:25:15",
      "V24 error src/functions.ts:30:11",
      "V17 error src/functions.ts:36:108",
      "V30 error src/panels.ts:4:30",
      "V18 error src/schemas.ts:5:54",
      "SKEL-GUARD-3 error src/skeletons.ts:5:9",
      "SKEL-GUARD-1 error src/skeletons.ts:10:22",
      "MANIFEST-SKELETON-1 error src/skeletons.ts:14:10",
      "V13 warn src/skeletons.ts:16:10",
      "SKEL-GUARD-2 error src/skeletons.ts:19:10",
    ]);
    const rules = r.findings.map((f) => f.rule).sort();
    expect(new Set(rules).size).toBe(24);
    expect(r.errorCount).toBe(21);
    expect(r.warningCount).toBe(3);
    expect(r.ok).toBe(false);
  });
});
