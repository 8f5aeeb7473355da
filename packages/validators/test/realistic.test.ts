import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateExtension, type Finding } from "../src/index.js";
import { brief } from "./helpers.js";

/**
 * Realistic multi-file extensions modelled on the public corpus (shared/research/real-extensions-patterns.md):
 * handlers in modules importing a shared chat/ext, barrels, helpers, class decorators, spread option defaults,
 * constants from other files, wrappers, ctx aliases and destructuring. `clean-*` must give no findings at all;
 * `seeded-*` carry `// expect: RULE ...` markers written before running the validator, and the findings must
 * match both those markers (rule, file, line) and the exact list below (which adds severity and column).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "fixtures", "realistic");

const EXPECTED: Record<string, string[]> = {
  "clean-js-weather": [],
  "clean-mail": [],
  "clean-tasks-register": [],
  "clean-tracker": [],
  "clean-webtools": [],
  "seeded-ext-opts": [
    "V14 error src/app.ts:4:27",
    "V15 error src/app.ts:6:16",
    "V15 error src/app.ts:7:16",
    "V31 error src/app.ts:9:11",
    "V14 error src/config.ts:2:12",
    "V16 error src/config.ts:3:9",
    "V25 error src/config.ts:4:20",
    "SKEL-GUARD-2 error src/tools.ts:8:18",
    "V13 warn src/tools.ts:12:10",
  ],
  "seeded-helpers": [
    "V14 error src/caps.ts:1:45",
    "V28 warn src/handlers.ts:7:29",
    "V22 error src/handlers.ts:16:5",
    "V14 warn src/index.ts:14:106",
    "V29 error src/index.ts:19:21",
    "V29 error src/lib/cache.ts:6:72",
    "V28 warn src/lib/errors.ts:3:55",
  ],
  "seeded-options": [
    "V19 error src/fns/contacts.ts:6:56",
    "V23 error src/fns/contacts.ts:10:1",
    "V20 error src/fns/contacts.ts:15:1",
    "V14 error src/fns/contacts.ts:15:15",
    "V26 error src/fns/contacts.ts:15:15",
    "V17 error src/fns/contacts.ts:15:94",
    "V25 error src/fns/deals.ts:7:53",
    "V26 error src/fns/deals.ts:15:14",
    "V17 error src/fns/deals.ts:15:114",
    "V30 error src/fns/deals.ts:20:31",
    "V30 error src/fns/deals.ts:20:70",
    "V13 warn src/fns/deals.ts:21:10",
    "MANIFEST-SKELETON-1 error src/fns/deals.ts:22:10",
    "V18 error src/schemas.ts:4:66",
    "V18 error src/schemas.ts:4:80",
  ],
  "seeded-planner": [
    "SKEL-GUARD-1 error src/panel.ts:6:22",
    "V24 error src/panel.ts:6:22",
    "V22 error src/panel.ts:8:5",
    "SKEL-GUARD-3 error src/panel.ts:18:9",
    "V22 error src/panel.ts:19:3",
    "SKEL-GUARD-1 error src/panel.ts:24:22",
    "V29 error src/panel.ts:25:19",
    "V29 error src/panel.ts:30:47",
    "V22 error src/tasks.ts:13:26",
    "V29 error src/tasks.ts:15:72",
    "V28 warn src/tasks.ts:22:44",
    "V29 error src/tasks.ts:23:17",
    "V24 error src/tasks.ts:29:169",
    "V28 warn src/tasks.ts:35:12",
  ],
  "seeded-unknowns": [
    "V19 warn src/functions.ts:9:48",
    "V22 warn src/functions.ts:9:133",
    "V24 warn src/functions.ts:9:133",
    "V20 warn src/functions.ts:12:34",
    "V22 warn src/functions.ts:16:15",
    "V24 warn src/functions.ts:16:15",
    "V30 warn src/functions.ts:20:22",
    "PARSE error src/legacy.js:2:31",
  ],
};

/** `// expect: V22 V24` markers of every source file of a fixture, as "rule file:line" (one per rule). */
function markers(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (/\.[mc]?[jt]sx?$/.test(e.name))
        fs.readFileSync(path.join(dir, r), "utf8")
          .split("\n")
          .forEach((line, i) => {
            const m = /\/\/ expect: (.*)$/.exec(line);
            if (m)
              for (const rule of m[1]!
                .trim()
                .split(/\s+/)
                .filter((t) => /^[A-Z][A-Z0-9-]*$/.test(t)))
                out.push(`${rule} ${r}:${i + 1}`);
          });
    }
  };
  walk("");
  return out.sort();
}

const lineKeys = (fs_: Finding[]) => fs_.map((f) => `${f.rule} ${f.file}:${f.line}`).sort();

describe("realistic extensions (never seen by the rules' unit tests)", () => {
  it("covers at least 8 fixtures, half clean and half seeded", () => {
    const names = fs.readdirSync(root).sort();
    expect(names).toEqual(Object.keys(EXPECTED).sort());
    expect(names.filter((n) => n.startsWith("clean-")).length).toBe(
      names.filter((n) => n.startsWith("seeded-")).length,
    );
    expect(names.length).toBeGreaterThanOrEqual(8);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: exact findings`, async () => {
      const dir = path.join(root, name);
      const r = await validateExtension(dir, { env: {} });
      expect(brief(r.findings)).toEqual(expected);
      if (name.startsWith("clean-")) {
        expect(r.ok).toBe(true);
        expect(r.extensions.length).toBe(1);
        expect(r.extensions[0]!.functions).toBeGreaterThan(0);
      } else {
        expect(lineKeys(r.findings)).toEqual(markers(dir));
      }
    });
  }
});
