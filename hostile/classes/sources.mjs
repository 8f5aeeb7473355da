// Hostile extension sources against @imperal/validators (SPEC 2, 7.11, 10), validated through the library's built
// dist in this one process. Per case (a temp extension on disk):
// - crash: validateExtension throws, reports an internal error instead of findings, or calls a deep but valid
//   source a "syntax error";
// - hang: the case takes over 10 s;
// - leak: a finding that was due is missing (a registration bypass without CANNOT-VERIFY, a skipped file or an
//   outside symlink not named, a violation hidden by encoding), or the validator opened a file outside the
//   extension root (every open/read/readdir is traced);
// - losses: not applicable (0).
import fs from "node:fs";
import path from "node:path";
import { BASE_APP, BASE_ICON, judge, newRow, openValidator, writeTree } from "../lib/validator-harness.mjs";
import {
  binaryGarbage,
  computedNames,
  decorators,
  encodings,
  hugeLiterals,
  truncations,
  unicode,
} from "../lib/source-cases.mjs";
import { bypasses, deepNesting, manyFiles, symlinks } from "../lib/source-cases-limits.mjs";

export default {
  name: "sources",
  async run(env) {
    const val = await openValidator(env);
    const groups = [
      ["sources-truncated-template", truncations(env.root, 200)],
      ["sources-huge-literals", hugeLiterals()],
      ["sources-binary", binaryGarbage(60)],
      ["sources-bom-crlf", encodings()],
      ["sources-unicode-bidi", unicode()],
      ["sources-decorators", decorators()],
      ["sources-computed-names", computedNames()],
      ["sources-deep-nesting", deepNesting()],
      ["sources-registration-bypass", bypasses()],
      ["sources-many-files", manyFiles()],
      ["sources-symlinks-out", symlinks()],
    ];
    const rows = [];
    try {
      for (const [name, cases] of groups) {
        const acc = newRow(name);
        const t0 = performance.now();
        for (const c of cases) {
          const dir = val.newDir();
          const outside = val.newDir("outside");
          fs.mkdirSync(outside, { recursive: true });
          writeTree(dir, { "src/app.ts": BASE_APP, "icon.svg": BASE_ICON, ...c.files });
          c.setup?.(dir, outside);
          const outcome = await val.validate(dir);
          judge(acc, c.label, outcome, c);
          fs.rmSync(dir, { recursive: true, force: true });
          fs.rmSync(outside, { recursive: true, force: true });
        }
        rows.push(acc.row);
        env.log(`${name}: ${cases.length} cases in ${Math.round(performance.now() - t0)} ms`);
      }
    } finally {
      val.close();
    }
    env.log(`${rows.reduce((s, r) => s + r.cases, 0)} sources in ${path.basename(val.base)}`);
    return rows;
  },
};
