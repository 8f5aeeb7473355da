import { ts, type Node } from "../engine/tsapi.js";
import { defineRule } from "../engine/rule.js";
import { memberName, stripExpr, type Registration } from "../engine/model.js";
import {
  walk,
  handlersOf,
  handlerWhere,
  isGlobalRef,
  isReference,
  unresolvedHandlers,
} from "../engine/rule-helpers.js";

/** Every registration kind that runs a handler (SPEC 1.1, 7.1, 7.3-7.6); `secret` and `emits` have none. */
const HANDLER_KINDS: Registration["kind"][] = [
  "function",
  "tool",
  "skeleton",
  "panel",
  "schedule",
  "expose",
  "webhook",
  "event",
  "lifecycle",
];

/** V22: no console.*, process.stdout/stderr.write or debugger inside handler bodies (closures included). */
export default defineRule(
  {
    id: "V22",
    severity: "error",
    description:
      "No console.*, process.stdout/stderr.write or debugger inside handler bodies (nested closures included).",
    fix: "use ctx.log(message, level) — the only sanctioned output channel for handlers",
  },
  (ctx) => {
    const seen = new Set<Node>();
    for (const r of unresolvedHandlers(ctx.model, HANDLER_KINDS)) {
      ctx.cannotVerify(
        handlerWhere(r),
        "the handler body (it is not a function the validator can follow)",
        "pass the handler inline or as a function declared in the extension",
      );
    }
    for (const h of handlersOf(ctx.model, HANDLER_KINDS)) {
      walk(h.node, (n) => {
        if (seen.has(n)) return;
        if (n.kind === ts.SyntaxKind.DebuggerStatement) {
          seen.add(n);
          ctx.report(n, "debugger statement in a handler", { fix: "remove the debugger statement" });
          return;
        }
        if (ts.isIdentifier(n) && n.text === "console" && isReference(n) && isGlobalRef(n)) {
          seen.add(n);
          const parent = n.parent;
          const isMember =
            parent &&
            (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
            stripExpr(parent.expression) === n;
          const m = isMember ? memberName(parent) : undefined;
          ctx.report(n, `console${m ? "." + m : ""} in a handler: output bypasses the kernel`, {});
          return;
        }
        if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && memberName(n) === "console") {
          const g = stripExpr(n.expression);
          if (ts.isIdentifier(g) && ["globalThis", "global", "window", "self"].includes(g.text) && isGlobalRef(g)) {
            seen.add(n);
            ctx.report(n, `${g.text}.console in a handler: output bypasses the kernel`, {});
            return;
          }
        }
        if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && memberName(n) === "write") {
          const obj = stripExpr(n.expression);
          const stream =
            ts.isPropertyAccessExpression(obj) || ts.isElementAccessExpression(obj) ? memberName(obj) : undefined;
          if (stream !== "stdout" && stream !== "stderr") return;
          const proc = stripExpr((obj as unknown as { expression: Node }).expression);
          if (ts.isIdentifier(proc) && proc.text === "process" && isGlobalRef(proc)) {
            seen.add(n);
            ctx.report(proc, `process.${stream}.write in a handler: output bypasses the kernel`, {});
          }
        }
      });
    }
  },
);
