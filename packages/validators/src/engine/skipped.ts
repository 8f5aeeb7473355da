/**
 * What the validator did not analyse, as CANNOT-VERIFY warnings (SPEC 7.11): one finding per skipped file, except
 * that files past the file-count cap are listed in one finding with their count once there are more than
 * `LIST_EACH_UP_TO` of them (a tree of 100,000 generated files should not print 95,000 lines).
 */
import type { Finding } from "../types.js";
import { FINDING_IDS } from "../errors.js";
import { MAX_DIR_DEPTH, MAX_FILES, MAX_SOURCE_BYTES, type Skipped } from "./files.js";

/** Up to this many files past the count cap get one warning each; more get one warning with the count. */
export const LIST_EACH_UP_TO = 20;

const CONFIG_EFFECT = "the module aliases it declares are not applied";

function describe(s: Skipped): { message: string; fix: string } {
  const what = s.config ? `${s.rel} ` : "";
  switch (s.reason) {
    case "count":
      return {
        message: `not analysed: the extension has more than ${MAX_FILES} source files and this one is past the cap`,
        fix: "keep generated or vendored code out of the source tree (dist/, node_modules/ and dot-directories are skipped)",
      };
    case "size":
      return {
        message: s.config
          ? `${what}is ${s.detail} bytes: ignored as too large (${CONFIG_EFFECT})`
          : `not analysed: the file is ${s.detail} bytes (the cap is ${MAX_SOURCE_BYTES})`,
        fix: "split the file; generated bundles do not belong in src/",
      };
    case "depth":
      return {
        message: `directory not searched: it is nested more than ${MAX_DIR_DEPTH} levels deep`,
        fix: "flatten the directory tree of the extension's sources",
      };
    case "outside":
      return {
        message: s.config
          ? `${what}is a symlink to a path outside the extension root: ignored, never read (${CONFIG_EFFECT})`
          : "symlink to a path outside the extension root: not followed, so its sources are not analysed",
        fix: "replace the symlink by the real file or directory inside the extension root",
      };
    case "broken-link":
      return {
        message: `${what}is a broken symlink: not analysed`,
        fix: "remove the symlink or replace it by the real file",
      };
    default:
      return {
        message: `${what}cannot be read${s.detail ? ` (${s.detail})` : ""}: not analysed`,
        fix: "make the file readable by the validator, or remove it",
      };
  }
}

/** The warnings for skipped files and directories; `uncounted` when the walk stopped listing names. */
export function skippedFindings(skipped: Skipped[], uncounted = false): Finding[] {
  const at = (rel: string, message: string, fix: string): Finding => ({
    rule: FINDING_IDS.CANNOT_VERIFY,
    severity: "warn",
    file: rel,
    line: 1,
    column: 1,
    message,
    fix,
  });
  const byCount = skipped.filter((s) => s.reason === "count");
  const out = skipped
    .filter((s) => s.reason !== "count")
    .map((s) => {
      const d = describe(s);
      return at(s.rel, d.message, d.fix);
    });
  if (byCount.length === 0) return out;
  if (byCount.length <= LIST_EACH_UP_TO && !uncounted) {
    for (const s of byCount) {
      const d = describe(s);
      out.push(at(s.rel, d.message, d.fix));
    }
  } else {
    const shown = byCount.slice(0, 5).map((s) => s.rel);
    const count = `${byCount.length}${uncounted ? "+" : ""}`;
    const rest = byCount.length - shown.length;
    out.push(
      at(
        byCount[0]!.rel,
        `${count} source files not analysed: the extension has more than ${MAX_FILES} source files ` +
          `(skipped: ${shown.join(", ")}${rest > 0 ? `, and ${uncounted ? "at least " : ""}${rest} more` : ""})`,
        describe(byCount[0]!).fix,
      ),
    );
  }
  return out;
}
