import { defineRule } from "../engine/rule.js";
import { callableName, regLabel, regOpt, withValue } from "../engine/rule-helpers.js";
import type { Registration } from "../engine/model.js";
import { cronProblem } from "../patterns.js";

const TOOL_KINDS = new Set(["function", "tool", "skeleton", "panel"]);

/**
 * V34: `ext.schedule(name, { cron })` — the cron is the 5-field UTC expression the SDK accepts (checked with the
 * SDK's own `cronProblem`, so the validator and the registry agree), and the name is not a tool name (the registry
 * rejects that with DUPLICATE_NAME, SPEC 7.3).
 */
export default defineRule(
  {
    id: "V34",
    severity: "error",
    description:
      "ext.schedule: the cron literal is a valid 5-field UTC expression (minute hour day-of-month month day-of-week; " +
      "numbers, *, ranges, lists and steps, each within its field's range); the schedule name is not the name of a " +
      "chat function, tool, skeleton or panel tool.",
    fix: 'use "minute hour day month weekday" in UTC with single spaces, e.g. "0 3 * * *" (daily at 03:00)',
  },
  (ctx) => {
    const toolsByExt = new Map<unknown, Map<string, Registration>>();
    for (const r of ctx.model.registrations) {
      const name = TOOL_KINDS.has(r.kind) ? callableName(r) : undefined;
      if (name === undefined) continue;
      let m = toolsByExt.get(r.ext);
      if (!m) toolsByExt.set(r.ext, (m = new Map()));
      if (!m.has(name)) m.set(name, r);
    }
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "schedule") continue;
      withValue(ctx, regOpt(ctx, reg, "cron"), `the cron of ${regLabel(reg)}`, (val, node) => {
        const problem = typeof val === "string" ? cronProblem(val) : `${JSON.stringify(val)} is not a string.`;
        if (problem) ctx.report(node, `cron of ${regLabel(reg)}: ${problem.replace(/\.$/, "")}`, {});
      });
      if (reg.name === undefined || !reg.nameArg) continue;
      const tool = toolsByExt.get(reg.ext)?.get(reg.name);
      if (!tool) continue;
      const lc = tool.file.sf.getLineAndCharacterOfPosition(tool.call.getStart(tool.file.sf));
      ctx.report(
        reg.nameArg,
        `schedule "${reg.name}" has the name of ${regLabel(tool)} (${tool.file.rel}:${lc.line + 1})`,
        {
          fix: `rename the schedule, e.g. "${reg.name}_job": a schedule and a tool may not share a name`,
        },
      );
    }
  },
);
