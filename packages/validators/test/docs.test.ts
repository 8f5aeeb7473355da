import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { rules } from "../src/index.js";
import { ruleCases, type Example } from "./rule-cases.js";
import { HEADER, HEADER_LINES } from "./helpers.js";

const docsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "rules");
const update = process.env.UPDATE_DOCS === "1";

function showFiles(ex: Example): string {
  const parts: string[] = [];
  for (const [file, text] of Object.entries(ex.files ?? {})) {
    const lang = file.endsWith(".svg") ? "xml" : "ts";
    parts.push(`\`${file}\`\n\n\`\`\`${lang}\n${text.trimEnd()}\n\`\`\``);
  }
  if (ex.body !== undefined) parts.push(`\`src/index.ts\`\n\n\`\`\`ts\n${(HEADER + ex.body).trimEnd()}\n\`\`\``);
  return parts.join("\n\n");
}

function where(ex: Example, e: { file?: string; line: number; at: string }): string {
  const file = e.file ?? "src/index.ts";
  const line = e.file ? e.line : e.line + HEADER_LINES;
  const text = e.file ? ((ex.files ?? {})[file] ?? "") : HEADER + (ex.body ?? "");
  const col = (text.split("\n")[line - 1] ?? "").indexOf(e.at) + 1;
  return `${file}:${line}:${col}`;
}

export function renderDoc(id: string): string {
  const rule = rules.find((r) => r.meta.id === id)!;
  const c = ruleCases.find((x) => x.rule === id)!;
  const m = rule.meta;
  return `# ${m.id} — ${c.title}

**Severity:** ${m.severity}${m.id === "V26" ? " (the 64-character name length check is a warning)" : ""}

${m.description}

Values the rule needs that are not statically known (computed strings, variables it cannot follow, spreads)
are reported as a **warning** saying they cannot be verified — never passed silently.

**Fix:** ${m.fix}
${c.note ? `\n> ${c.note}\n` : ""}
## Failing example

${showFiles(c.fail)}

Reported as:

${c.fail.expect.map((e) => `- \`${m.id}\` ${e.severity ?? "error"} at \`${where(c.fail, e)}\`, on \`${e.at}\``).join("\n")}

## Passing example

${c.pass.body === undefined && !c.pass.files ? "The baseline extension (see below) passes." : showFiles(c.pass)}

## Baseline used by the examples

Unless an example shows them, \`src/app.ts\` creates \`ext\` (\`new Extension("notes", { version: "1.0.0", displayName: "Notes", description, icon: "icon.svg", capabilities })\`) and \`chat\` (\`new ChatExtension(ext, { toolName: "notes" })\`), and \`icon.svg\` is a small valid SVG.

## Suppressing

\`\`\`ts
// imperal-disable-next-line ${m.id} -- why this is safe here
\`\`\`
A reason after \`--\` is required; see [suppressions](../suppressions.md).
`;
}

describe("docs/rules/<ID>.md", () => {
  for (const r of rules) {
    it(`${r.meta.id} has a docs page with a failing and a passing example`, () => {
      const file = path.join(docsDir, `${r.meta.id}.md`);
      const want = renderDoc(r.meta.id);
      if (update) {
        fs.mkdirSync(docsDir, { recursive: true });
        fs.writeFileSync(file, want);
      }
      const have = fs.readFileSync(file, "utf8");
      expect(have, "run UPDATE_DOCS=1 npx vitest run test/docs.test.ts to regenerate").toBe(want);
      expect(have).toContain("## Failing example");
      expect(have).toContain("## Passing example");
      expect(r.meta.docs).toBe(`docs/rules/${r.meta.id}.md`);
    });
  }
});
