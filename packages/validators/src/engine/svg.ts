/**
 * Icon checks (V16 resolution, V21 content). Security posture:
 * - the path must be relative, must not escape the root lexically, and its realpath must stay inside the
 *   realpath of the root (a symlink pointing outside is refused and never read);
 * - the size is taken with stat before anything is read: over the limit, the file is never opened;
 * - the XML parser (saxes) never expands entities beyond the five predefined ones and never fetches anything;
 *   we additionally refuse any DOCTYPE (so entity declarations, "billion laughs" and external entities fail);
 * - attribute and element names are compared case-insensitively and CSS is read after its escapes are decoded
 *   (svg-css.ts), because browsers (and HTML parsers embedding the icon) do both;
 * - SMIL animation (`<set>`, `<animate>`, ...) can write href or event attributes at run time, so its target
 *   attribute and values are checked like the attributes themselves.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { computeLineStarts, offsetToLoc } from "./suppress.js";
import { cssReferences, isLocalTarget } from "./svg-css.js";

export const ICON_MAX_BYTES = 100 * 1024;

export type IconResolution =
  { ok: true; abs: string; real: string; rel: string; size: number } | { ok: false; message: string; fix: string };

/** Resolve the `icon` option to a regular file inside the root, refusing anything that could read outside it. */
export function resolveIcon(root: string, icon: string): IconResolution {
  if (icon.trim() === "")
    return {
      ok: false,
      message: "icon is an empty string",
      fix: 'set icon: "icon.svg" and ship that file in the extension root',
    };
  if (icon.includes("\0"))
    return { ok: false, message: "icon path contains a NUL byte", fix: 'use a plain relative path such as "icon.svg"' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(icon) && !/^[a-z]:[\\/]/i.test(icon)) {
    return {
      ok: false,
      message: `icon "${icon}" is a URL, not a file in the extension`,
      fix: 'ship the icon as a file and set icon: "icon.svg"',
    };
  }
  if (path.isAbsolute(icon) || path.win32.isAbsolute(icon)) {
    return {
      ok: false,
      message: `icon "${icon}" is an absolute path`,
      fix: 'use a path relative to the extension root, e.g. "icon.svg"',
    };
  }
  const norm = path.normalize(icon.replace(/\\/g, "/"));
  if (norm === ".." || norm.startsWith("../") || norm.split(/[\\/]/).includes("..")) {
    return {
      ok: false,
      message: `icon "${icon}" escapes the extension root`,
      fix: "keep the icon inside the extension directory",
    };
  }
  const abs = path.resolve(root, norm);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return {
      ok: false,
      message: `icon "${icon}" does not exist`,
      fix: `add ${icon} to the extension root or fix the icon path`,
    };
  }
  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(abs);
  } catch {
    return {
      ok: false,
      message: `icon "${icon}" is a broken symlink`,
      fix: "replace the symlink by the icon file itself",
    };
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return {
      ok: false,
      message: `icon "${icon}" is a symlink that points outside the extension root`,
      fix: "copy the icon into the extension instead of linking to it",
    };
  }
  if (st.isSymbolicLink()) st = fs.statSync(real);
  if (!st.isFile())
    return { ok: false, message: `icon "${icon}" is not a regular file`, fix: "point icon at an SVG file" };
  return { ok: true, abs, real, rel: path.relative(root, abs).split(path.sep).join("/"), size: st.size };
}

export interface SvgProblem {
  line: number;
  column: number;
  message: string;
  fix: string;
}

const NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
const VIEWBOX_RE = new RegExp(
  `^\\s*${NUMBER}(?:\\s*,\\s*|\\s+)${NUMBER}(?:\\s*,\\s*|\\s+)${NUMBER}(?:\\s*,\\s*|\\s+)${NUMBER}\\s*$`,
);
/** Elements that run script or embed foreign content (SVG Tiny's `<handler>`/`<listener>` included). */
const SCRIPT_ELEMENTS = new Set(["script", "handler", "listener"]);
const EMBED_ELEMENTS = new Set(["foreignobject", "iframe", "embed", "object"]);
/** SMIL elements that set an attribute of their target over time. */
const SMIL_ELEMENTS = new Set(["animate", "set", "animatetransform", "animatemotion", "animatecolor"]);
const SMIL_VALUE_ATTRS = ["values", "to", "from", "by"];
const localName = (name: string): string => (name.includes(":") ? name.slice(name.indexOf(":") + 1) : name);
/** Attribute values that load or link a resource rather than describe paint. */
const URL_ATTRS = new Set(["href", "src"]);

/** Check SVG text (already size-checked). Returns problems; the first well-formedness error stops parsing. */
export async function checkSvgText(text: string): Promise<SvgProblem[]> {
  const { SaxesParser } = await import("saxes");
  const problems: SvgProblem[] = [];
  const lineStarts = computeLineStarts(text);
  const parser = new SaxesParser({ xmlns: false, position: true });
  let depth = 0;
  let rootSeen = false;
  let stopped = false;
  let inStyle = 0;
  const add = (offset: number, message: string, fix: string): void => {
    if (problems.length >= 50) return;
    const lc = offsetToLoc(lineStarts, Math.max(0, Math.min(offset, text.length)));
    problems.push({ line: lc.line, column: lc.column, message, fix });
  };
  const here = (): number => {
    const ls = lineStarts[parser.line - 1] ?? 0;
    return ls + parser.columnIndex;
  };
  const tagStart = (): number => {
    const end = here();
    const i = text.lastIndexOf("<", Math.max(0, end - 1));
    return i >= 0 ? i : end;
  };
  const stop = (): void => {
    stopped = true;
  };
  const checkUrl = (value: string, at: number, attr: string): void => {
    const v = value.trim();
    if (v === "" || v.startsWith("#")) return;
    // browsers drop ASCII whitespace and control characters inside a scheme: "java\tscript:" is javascript:
    if (/^javascript:/i.test(v.replace(/[\s\u0000-\u001f]/g, ""))) {
      add(at, `icon has a javascript: URL (${attr})`, "remove script URLs from the icon");
      return;
    }
    if (/^data:image\//i.test(v)) {
      add(
        at,
        `icon embeds a raster image (${attr}="data:image/...")`,
        "draw the icon with vector shapes only; no embedded PNG/JPEG",
      );
      return;
    }
    const shown = v.length > 60 ? v.slice(0, 60) + "..." : v;
    add(
      at,
      `icon references an external resource (${attr}="${shown}")`,
      "icons must be self-contained: inline the shape, reference only #fragments",
    );
  };
  const checkCss = (css: string, at: number): void => {
    for (const ref of cssReferences(css)) {
      if (ref.kind === "import")
        add(at, "icon CSS uses @import (external reference)", "remove @import; icons must be self-contained");
      else if (ref.kind === "expression")
        add(at, "icon CSS uses expression() (script)", "remove expression(); icons must not run code");
      else if (!isLocalTarget(ref.target ?? "")) checkUrl(ref.target ?? "", at, `${ref.fn ?? "url"}()`);
    }
  };
  /** `<set attributeName="href" to="...">` and friends: the animated value must be as safe as a written one. */
  const checkSmil = (attrs: Record<string, string>, at: number, element: string): void => {
    const byName = new Map(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const target = localName((byName.get("attributename") ?? "").trim().toLowerCase());
    const values = SMIL_VALUE_ATTRS.flatMap((a) => {
      const v = byName.get(a);
      return v === undefined ? [] : a === "values" ? v.split(";") : [v];
    });
    const label = `<${element} attributeName="${target}">`;
    if (target.startsWith("on")) {
      add(at, `icon animation ${label} sets an event-handler attribute`, "remove the animation of on* attributes");
      return;
    }
    if (URL_ATTRS.has(target)) {
      for (const v of values) if (!isLocalTarget(v)) checkUrl(v, at, `${label} value`);
      return;
    }
    if (values.some((v) => /javascript:/i.test(v.replace(/[\s\u0000-\u001f]/g, ""))))
      add(at, `icon animation ${label} has a javascript: value`, "remove script URLs from the icon");
  };

  parser.on("error", (err) => {
    if (stopped) return;
    add(
      here(),
      `icon is not well-formed XML: ${String(err.message).replace(/^[^:]*:\d+:\d+: /, "")}`,
      "fix the SVG markup (it must parse as XML)",
    );
    stop();
  });
  parser.on("doctype", () => {
    if (stopped) return;
    const i = text.lastIndexOf("<!DOCTYPE", here());
    add(
      i >= 0 ? i : tagStart(),
      "icon has a DOCTYPE (DTDs and entity declarations are refused)",
      "remove the <!DOCTYPE ...> declaration",
    );
    stop();
  });
  parser.on("processinginstruction", (pi) => {
    if (stopped) return;
    add(
      tagStart(),
      `icon has a processing instruction <?${pi.target} ...?>`,
      "remove processing instructions such as <?xml-stylesheet?>",
    );
  });
  parser.on("opentag", (tag) => {
    if (stopped) return;
    const start = tagStart();
    const tagText = text.slice(start, here());
    const name = tag.name;
    const local = localName(name);
    if (depth === 0) {
      rootSeen = true;
      if (local !== "svg") {
        add(start, `icon root element is <${name}>, expected <svg>`, "make <svg> the root element");
      } else {
        const vb = tag.attributes["viewBox"];
        if (vb === undefined) add(start, "icon <svg> has no viewBox", 'add viewBox="0 0 24 24" (four numbers)');
        else if (!VIEWBOX_RE.test(String(vb)))
          add(
            start,
            `icon viewBox "${String(vb)}" is not four numbers`,
            'use viewBox="minX minY width height", e.g. "0 0 24 24"',
          );
      }
    }
    depth++;
    const lower = local.toLowerCase();
    if (SCRIPT_ELEMENTS.has(lower)) add(start, `icon contains a <${local}> element`, "remove scripts from the icon");
    if (EMBED_ELEMENTS.has(lower))
      add(start, `icon contains a <${local}> element`, "remove embedded content; use plain SVG shapes");
    if (lower === "style") inStyle++;
    if (SMIL_ELEMENTS.has(lower)) checkSmil(tag.attributes as Record<string, string>, start, local);
    for (const [attrName, rawValue] of Object.entries(tag.attributes)) {
      const value = String(rawValue);
      const idx = tagText.search(new RegExp(`\\s${attrName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*=`));
      const at = idx >= 0 ? start + idx + 1 : start;
      const attrLocal = localName(attrName).toLowerCase();
      if (attrLocal.startsWith("on"))
        add(at, `icon has an event-handler attribute ${attrName}=`, "remove on* attributes from the icon");
      else if (URL_ATTRS.has(attrLocal)) checkUrl(value, at, attrName);
      // style= and every presentation attribute (fill="url(...)", filter=...) are CSS values
      else checkCss(value, at);
    }
  });
  parser.on("text", (t) => {
    if (stopped || inStyle === 0) return;
    checkCss(t, here() - 1 - t.length);
  });
  parser.on("cdata", (t) => {
    if (stopped || inStyle === 0) return;
    checkCss(t, here() - t.length);
  });
  parser.on("closetag", (tag) => {
    if (stopped) return;
    depth--;
    if (localName(tag.name).toLowerCase() === "style") inStyle = Math.max(0, inStyle - 1);
  });
  try {
    // feed in chunks so a stop (DOCTYPE, first XML error) ends the work early
    const CHUNK = 16 * 1024;
    for (let i = 0; i < text.length && !stopped; i += CHUNK) parser.write(text.slice(i, i + CHUNK));
    if (!stopped) parser.close();
  } catch (err) {
    if (!stopped)
      add(
        here(),
        `icon is not well-formed XML: ${(err as Error).message}`,
        "fix the SVG markup (it must parse as XML)",
      );
  }
  if (!stopped && !rootSeen && problems.length === 0) add(0, "icon has no root element", "write an <svg> document");
  return problems;
}
