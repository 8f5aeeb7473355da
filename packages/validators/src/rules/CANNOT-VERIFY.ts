import { defineRule } from "../engine/rule.js";
import { FINDING_IDS } from "../errors.js";

/**
 * CANNOT-VERIFY: what the validator could not check is a warning, never a silent pass (SPEC 2, 7.11). This module
 * reports registrations the engine cannot follow; the engine itself reports files it skipped (size, count or
 * depth caps, unreadable) and configs or sources reached through symlinks out of the extension root.
 */
export default defineRule(
  {
    id: FINDING_IDS.CANNOT_VERIFY,
    severity: "warn",
    description:
      "Something the validator cannot check is reported instead of passing silently: a registration spelled in a way it " +
      "cannot follow (any registration method — chat.function, ext.tool, ext.expose, ext.webhook, ext.onEvent, " +
      'ext.emits, the lifecycle hooks, ... — reached as chat["function"](...), through .bind/.call/.apply, as a ' +
      "detached or destructured method, or called with spread arguments or with spread options that are not " +
      "statically known; chat.function(...) on a receiver that is not statically a " +
      "ChatExtension), a file skipped by a size or count cap, and a tsconfig.json, " +
      "package.json or source file reached through a symlink out of the extension root (ignored, never read).",
    fix: 'call the registration method directly: chat.function("name", { ... }, handler)',
  },
  (ctx) => {
    for (const u of ctx.model.unfollowed) {
      const message =
        u.scope === "options"
          ? `cannot verify the options of \`${u.label}\`: ${u.reason}, so options may be changed at run time`
          : `cannot verify the registration \`${u.label}\`: ${u.reason}, so its name, options and handler are not checked`;
      const fix =
        u.scope === "options"
          ? `write the options of ${u.method}(...) as an object literal (or spread a top-level const object)`
          : `call ${u.method}("name", { ... }, handler) directly`;
      ctx.report(u.node, message, { fix });
    }
  },
);
