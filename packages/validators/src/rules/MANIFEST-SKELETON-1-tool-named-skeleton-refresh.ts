import { defineRule } from "../engine/rule.js";
import { skeletonSectionOf } from "../patterns.js";

/** MANIFEST-SKELETON-1: ext.tool("skeleton_refresh_*") must be an ext.skeleton. */
export default defineRule(
  {
    id: "MANIFEST-SKELETON-1",
    severity: "error",
    description:
      'ext.tool("skeleton_refresh_*") registers a skeleton slot by hand; skeletons must be declared with ext.skeleton.',
    fix: "use ext.skeleton(section, { ttl, alert, description }, handler)",
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "tool" || reg.name === undefined || !reg.nameArg) continue;
      const section = skeletonSectionOf(reg.name);
      if (section === undefined) continue;
      ctx.report(reg.nameArg, `ext.tool("${reg.name}") names a skeleton refresh slot`, {
        fix: `use ext.skeleton("${section}", { ttl: 300, description: "..." }, handler) — it registers ${reg.name} for you`,
      });
    }
  },
);
