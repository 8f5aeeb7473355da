import { defineRule } from "../engine/rule.js";
import { skeletonAlertSectionOf, skeletonAlertTool } from "../patterns.js";

/** V13: tools that look like skeleton slots, and alert tools without an alerting skeleton. */
export default defineRule(
  {
    id: "V13",
    severity: "warn",
    description:
      "An ext.tool named refresh_*/alert_* looks like a skeleton slot; a skeleton_alert_X tool needs a skeleton X declaring alert: true.",
    fix: "register skeletons with ext.skeleton(section, { alert: true }) and name the alert tool skeleton_alert_{section}",
  },
  (ctx) => {
    const regs = ctx.model.registrations;
    for (const reg of regs) {
      if (reg.kind !== "tool" || reg.name === undefined || !reg.nameArg) continue;
      const n = reg.name;
      if (n.startsWith("refresh_")) {
        const section = n.slice("refresh_".length);
        ctx.report(reg.nameArg, `tool "${n}" looks like a skeleton refresh slot but is a plain tool`, {
          fix: `use ext.skeleton("${section}", { ttl, description }, handler) instead of ext.tool("${n}")`,
        });
      } else if (n.startsWith("alert_")) {
        const section = n.slice("alert_".length);
        ctx.report(reg.nameArg, `tool "${n}" looks like a skeleton alert but lacks the skeleton_alert_ prefix`, {
          fix: `name it "${skeletonAlertTool(section)}" and declare ext.skeleton("${section}", { alert: true, ... })`,
        });
      } else if (skeletonAlertSectionOf(n) !== undefined) {
        const section = skeletonAlertSectionOf(n)!;
        const skels = regs.filter((r) => r.kind === "skeleton" && r.name === section && r.ext === reg.ext);
        if (skels.length === 0) {
          ctx.report(reg.nameArg, `alert tool "${n}" has no skeleton "${section}" declaring alert: true`, {
            fix: `declare ext.skeleton("${section}", { alert: true, ... }) or remove the alert tool`,
          });
          continue;
        }
        let alerting = false;
        let unknownAt: import("../engine/tsapi.js").Node | undefined;
        for (const s of skels) {
          const p = s.opts
            ? ctx.model.getProp(s.opts, "alert")
            : s.optsArg
              ? ({ kind: "unknown", node: s.optsArg } as const)
              : ({ kind: "missing" } as const);
          if (p.kind === "unknown") unknownAt = p.node;
          else if (p.kind === "found") {
            const v = ctx.model.evaluate(p.value);
            if (!v.known) unknownAt = p.value;
            else if (v.value === true) alerting = true;
          }
        }
        if (alerting) continue;
        if (unknownAt) ctx.cannotVerify(unknownAt, `whether skeleton "${section}" declares alert: true`);
        else
          ctx.report(reg.nameArg, `alert tool "${n}" has a skeleton "${section}" that does not declare alert: true`, {
            fix: `add alert: true to ext.skeleton("${section}", ...) or remove the alert tool`,
          });
      }
    }
  },
);
