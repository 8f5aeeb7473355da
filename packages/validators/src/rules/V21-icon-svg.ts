import * as fs from "node:fs";
import { defineRule } from "../engine/rule.js";
import { extOpt } from "../engine/rule-helpers.js";
import { resolveIcon, checkSvgText, ICON_MAX_BYTES } from "../engine/svg.js";

/**
 * V21: the icon is a safe, valid SVG. Runs only on icons V16 could resolve. The size is checked with stat before
 * reading; the XML parser refuses DOCTYPE (so no entity expansion and no external entities) and fetches nothing.
 * Content checks (engine/svg.ts, engine/svg-css.ts) read names case-insensitively and CSS after its escapes.
 * Content problems are reported inside the SVG file; extension and size problems at the `icon` option.
 */
export default defineRule(
  {
    id: "V21",
    severity: "error",
    description:
      "icon is a valid SVG: .svg, <= 100 KiB, well-formed XML, root <svg>, viewBox of 4 numbers, no DOCTYPE/entities, " +
      "no embedded raster, no <script>, no on* attributes, no <foreignObject>, no external references. Element and " +
      "attribute names are compared case-insensitively and CSS is read after its escapes and comments; SMIL " +
      "(<set>, <animate>, ...) that writes href or an event attribute is checked like the attribute itself; " +
      "@import, url(...) and image-set(...) may only reference #fragments; javascript: URLs are refused.",
    fix: "ship a small, self-contained vector SVG with a viewBox",
  },
  async (ctx) => {
    for (const inst of ctx.model.extensions) {
      const p = extOpt(ctx, inst, "icon");
      if (p.kind !== "found") continue;
      const v = ctx.model.evaluate(p.value);
      if (!v.known || typeof v.value !== "string") continue; // V16 reports these
      const r = resolveIcon(ctx.root, v.value);
      if (!r.ok) continue; // V16
      if (!/\.svg$/i.test(r.rel)) {
        ctx.report(p.value, `icon "${v.value}" is not an .svg file`, {
          fix: "convert the icon to SVG and name it icon.svg",
        });
        continue;
      }
      if (r.size > ICON_MAX_BYTES) {
        ctx.report(p.value, `icon "${v.value}" is ${r.size} bytes (max ${ICON_MAX_BYTES})`, {
          fix: "simplify the SVG (remove metadata, embedded data) to at most 100 KiB",
        });
        continue;
      }
      // re-check the size on the opened descriptor: the file could have been swapped since stat
      let text: string;
      const fd = fs.openSync(r.real, "r");
      try {
        const st = fs.fstatSync(fd);
        if (!st.isFile() || st.size > ICON_MAX_BYTES) {
          ctx.report(p.value, `icon "${v.value}" is ${st.size} bytes (max ${ICON_MAX_BYTES})`, {
            fix: "simplify the SVG to at most 100 KiB",
          });
          continue;
        }
        const buf = Buffer.alloc(st.size);
        let off = 0;
        while (off < st.size) {
          const n = fs.readSync(fd, buf, off, st.size - off, off);
          if (n <= 0) break;
          off += n;
        }
        text = buf.subarray(0, off).toString("utf8");
      } finally {
        fs.closeSync(fd);
      }
      const problems = await checkSvgText(text);
      for (const pr of problems)
        ctx.reportAt({ file: r.rel, line: pr.line, column: pr.column }, pr.message, { fix: pr.fix });
    }
  },
);
