import { defineRule } from "../engine/rule.js";
import { resolveIcon } from "../engine/svg.js";
import { extOpt, withValue } from "../engine/rule-helpers.js";

/** V16: `icon` names an existing regular file inside the extension root. */
export default defineRule(
  {
    id: "V16",
    severity: "error",
    description:
      "icon is a string literal naming an existing regular file inside the extension root (no absolute path, no .. escape, no symlink out).",
    fix: 'set icon: "icon.svg" and ship that file in the extension root',
  },
  (ctx) => {
    for (const inst of ctx.model.extensions) {
      withValue(
        ctx,
        extOpt(ctx, inst, "icon"),
        "the icon path",
        (val, node) => {
          if (typeof val !== "string") {
            ctx.report(node, "icon must be a string path", { fix: 'set icon: "icon.svg"' });
            return;
          }
          const r = resolveIcon(ctx.root, val);
          if (!r.ok) ctx.report(node, r.message, { fix: r.fix });
        },
        () =>
          ctx.report(inst.node, "Extension declares no icon", {
            fix: 'add icon: "icon.svg" and ship an SVG icon in the extension root',
          }),
      );
    }
  },
);
