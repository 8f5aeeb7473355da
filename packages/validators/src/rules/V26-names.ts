import { defineRule, type RuleContext } from "../engine/rule.js";
import { appIdOf, callableName, regNode } from "../engine/rule-helpers.js";
import { IDENTIFIER_PATTERN as IDENT_RE } from "../patterns.js";
import type { Registration } from "../engine/model.js";

/**
 * V26: function, tool and panel names are identifiers ^[a-z][a-z0-9_]*$ and unique in the extension (error);
 * `{app_id}__{name}` over 64 characters is a warning (providers cap tool names at 64).
 */
export default defineRule(
  {
    id: "V26",
    severity: "error",
    description:
      "Function, tool and panel names are identifiers ^[a-z][a-z0-9_]*$, unique in the extension (error); " +
      "{app_id}__{name} longer than 64 characters (warn).",
    fix: "use a unique lowercase snake_case name",
  },
  (ctx) => {
    const firstByName = new Map<string, Registration>();
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "function" && reg.kind !== "tool" && reg.kind !== "panel" && reg.kind !== "skeleton") continue;
      const what = reg.kind === "function" ? "chat function" : reg.kind;
      if (reg.kind !== "skeleton") {
        if (!reg.nameArg) {
          ctx.report(regNode(reg), `${what} has no name`, {});
          continue;
        }
        if (reg.name === undefined) {
          ctx.cannotVerify(reg.nameArg, `the ${what} name`);
          continue;
        }
        if (!IDENT_RE.test(reg.name)) {
          ctx.report(reg.nameArg, `${what} name "${reg.name}" is not an identifier ^[a-z][a-z0-9_]*$`, {
            fix: `rename it to "${suggest(reg.name)}"`,
          });
          continue;
        }
      }
      const cname = callableName(reg);
      if (cname === undefined || !reg.nameArg) continue;
      const key = `${reg.ext?.id ?? 0}\0${cname}`;
      const first = firstByName.get(key);
      if (first) {
        // a hand-made skeleton_refresh_* tool colliding with a skeleton is MANIFEST-SKELETON-1's finding
        if ((reg.kind === "skeleton") === (first.kind === "skeleton")) {
          const lc = first.file.sf.getLineAndCharacterOfPosition(first.nameArg!.getStart(first.file.sf));
          ctx.report(reg.nameArg, `duplicate name "${cname}" (first registered at ${first.file.rel}:${lc.line + 1})`, {
            fix: "give every function, tool, skeleton section and panel a unique name",
          });
        }
      } else firstByName.set(key, reg);
      if (reg.kind === "function" || reg.kind === "tool") lengthCheck(ctx, reg, cname);
    }
  },
);

function lengthCheck(ctx: RuleContext, reg: Registration, name: string): void {
  const appId = appIdOf(ctx, reg.ext);
  if (appId === undefined) return;
  const full = `${appId}__${name}`;
  if (full.length > 64)
    ctx.report(
      reg.nameArg!,
      `LLM-facing tool name "${full}" is ${full.length} characters (providers cap names at 64; the kernel will alias it)`,
      {
        severity: "warn",
        fix: "shorten the function name or the app id",
      },
    );
}

function suggest(s: string): string {
  const t = s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "");
  return t || "my_function";
}
