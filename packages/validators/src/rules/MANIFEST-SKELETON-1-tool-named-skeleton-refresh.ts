import { defineRule } from "../engine/rule.js";

/** MANIFEST-SKELETON-1: ext.tool("skeleton_refresh_*") must be an ext.skeleton. */
export default defineRule(
  {
    id: "MANIFEST-SKELETON-1",
    severity: "error",
    description: "ext.tool(\"skeleton_refresh_*\") registers a skeleton slot by hand; skeletons must be declared with ext.skeleton.",
    fix: "use ext.skeleton(section, { ttl, alert, description }, handler)",
  },
  (ctx) => {
    for (const reg of ctx.model.registrations) {
      if (reg.kind !== "tool" || reg.name === undefined || !reg.nameArg) continue;
      if (!reg.name.startsWith("skeleton_refresh_")) continue;
      const section = reg.name.slice("skeleton_refresh_".length);
      ctx.report(reg.nameArg, `ext.tool("${reg.name}") names a skeleton refresh slot`, {
        fix: `use ext.skeleton("${section}", { ttl: 300, description: "..." }, handler) — it registers ${reg.name} for you`,
      });
    }
  },
);
