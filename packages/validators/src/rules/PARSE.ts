import { defineRule } from "../engine/rule.js";
import { FINDING_IDS } from "../errors.js";

/** PARSE: reported by the engine for files that do not parse; this module only carries metadata. */
export default defineRule(
  {
    id: FINDING_IDS.PARSE,
    severity: "error",
    description:
      "A source file does not parse (or a .js file uses TypeScript-only syntax); it is reported with its location and not " +
      "analysed further. A file nested too deeply to parse or analyse (over 1000 syntax levels) is reported as such, " +
      "with the fix to reduce nesting depth, never as a syntax error. The validator never crashes on any input.",
    fix: "fix the syntax error (run tsc to see all errors)",
  },
  () => {},
);
