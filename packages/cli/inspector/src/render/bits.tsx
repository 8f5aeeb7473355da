// Small pieces several renderers share: icons, external media placeholders, text of a prop.
import type { JSX } from "preact";

const GLYPHS: Record<string, string> = {
  Plus: "+",
  Trash: "×",
  Trash2: "×",
  Undo2: "↶",
  ArrowLeft: "←",
  RefreshCw: "↻",
  FileText: "≡",
  FileX: "∅",
  Check: "✓",
  X: "✕",
  Search: "⌕",
  Star: "★",
  Info: "i",
  ChevronRight: "›",
  ChevronLeft: "‹",
};

/** An icon by name (lucide names): a glyph when we know one, else the name's initial. */
export function Icon({ name, size }: { name?: string; size?: string }): JSX.Element | null {
  if (!name) return null;
  return (
    <span class={`ui-icon ui-icon-${size ?? "md"}`} title={name} aria-hidden="true">
      {GLYPHS[name] ?? name.charAt(0)}
    </span>
  );
}

/** A URL the page may load itself: same origin, data: or blob: (the CSP allows nothing else). */
export function isLocal(src: unknown): src is string {
  if (typeof src !== "string") return false;
  if (/^(data|blob):/i.test(src)) return true;
  try {
    return new URL(src, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/** External media are not fetched (no request leaves 127.0.0.1): a placeholder links to them instead. */
export function External({ kind, src, a }: { kind: string; src: string; a: Record<string, unknown> }): JSX.Element {
  return (
    <div {...a} class={`ui-external ui-${kind}`}>
      <span class="ui-muted">{kind}</span>{" "}
      <a href={src} target="_blank" rel="noopener noreferrer">
        {src}
      </a>
    </div>
  );
}

/** A prop as display text (numbers and booleans too). */
export function str(v: unknown): string {
  return v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
}
