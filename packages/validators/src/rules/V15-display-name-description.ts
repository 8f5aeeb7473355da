import { defineRule } from "../engine/rule.js";
import { extOpt, appIdOf, withValue, isPlaceholder } from "../engine/rule-helpers.js";

/** V15: displayName and description of the Extension. */
export default defineRule(
  {
    id: "V15",
    severity: "error",
    description:
      "displayName is >= 3 characters and not the app id; description is >= 40 characters, not the app id and not placeholder text.",
    fix: "write a real display name and a description of at least 40 characters saying what the extension does",
  },
  (ctx) => {
    for (const inst of ctx.model.extensions) {
      const appId = appIdOf(ctx, inst);
      withValue(
        ctx,
        extOpt(ctx, inst, "displayName"),
        "displayName",
        (val, node) => {
          const s = typeof val === "string" ? val.trim() : "";
          if (typeof val !== "string")
            ctx.report(node, "displayName must be a string", { fix: 'e.g. displayName: "Notes"' });
          else if (s.length < 3)
            ctx.report(node, `displayName "${s}" is shorter than 3 characters`, {
              fix: "use a display name of at least 3 characters",
            });
          else if (appId !== undefined && s === appId)
            ctx.report(node, `displayName is the app id "${appId}"`, {
              fix: "use a human-readable name, e.g. with capitals and spaces",
            });
          else if (isPlaceholder(s))
            ctx.report(node, `displayName "${s}" is placeholder text`, {
              fix: "replace the scaffold text with the extension's real name",
            });
        },
        () =>
          ctx.report(inst.node, "Extension has no displayName", {
            fix: 'add displayName: "Human Name" to the Extension options',
          }),
      );
      withValue(
        ctx,
        extOpt(ctx, inst, "description"),
        "the extension description",
        (val, node) => {
          const s = typeof val === "string" ? val.trim() : "";
          if (typeof val !== "string")
            ctx.report(node, "description must be a string", { fix: "write a description of at least 40 characters" });
          else if (appId !== undefined && s === appId)
            ctx.report(node, `description is the app id "${appId}"`, {
              fix: "describe what the extension does in at least 40 characters",
            });
          else if (isPlaceholder(s))
            ctx.report(node, `description is placeholder text ("${s.length > 50 ? s.slice(0, 50) + "..." : s}")`, {
              fix: "replace the scaffold text with what the extension does",
            });
          else if (s.length < 40)
            ctx.report(node, `description is ${s.length} characters (minimum 40)`, {
              fix: "describe what the extension does in at least 40 characters",
            });
        },
        () =>
          ctx.report(inst.node, "Extension has no description", { fix: "add a description of at least 40 characters" }),
      );
    }
  },
);
