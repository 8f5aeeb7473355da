import { defineRule } from "../engine/rule.js";
import { FINDING_IDS } from "../errors.js";

/** PARSE: reported by the engine for files that do not parse; this module only carries metadata. */
export default defineRule(
  {
    id: FINDING_IDS.PARSE,
    severity: "error",
    description:
      "A source file does not parse (or a .js file uses TypeScript-only syntax); it is reported with its location and not " +
      "analysed further. The validator never crashes on any input.",
    fix: "fix the syntax error (run tsc to see all errors)",
  },
  () => {},
);
