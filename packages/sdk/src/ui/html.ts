// A conservative HTML sanitizer for ui.html: keeps markup and text, removes everything that can run code or load
// from elsewhere. Hosts sanitize again (the inspector renders through its own allow-list); this makes what an
// extension emits safe to store and diff.
const DROP_WITH_CONTENT = /<(script|style|iframe|object|embed|template|noscript|svg|math)\b[\s\S]*?(<\/\1\s*>|$)/gi;
const DROP_TAGS = /<\/?(link|meta|base|form|input|button|frame|frameset|applet)\b[^>]*>/gi;
const EVENT_ATTR = /\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const STYLE_ATTR = /\s+(style|srcset|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const URL_ATTR = /\s+(href|src|xlink:href|action|poster|background)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Returns `html` without scripts, event handlers, styles, frames and non-http(s)/mailto/fragment URLs. */
export function sanitizeHtml(html: string): string {
  let out = html.replace(/<!--[\s\S]*?-->/g, "");
  let prev: string;
  do {
    prev = out;
    out = out.replace(DROP_WITH_CONTENT, "").replace(DROP_TAGS, "");
  } while (out !== prev);
  out = out.replace(EVENT_ATTR, "").replace(STYLE_ATTR, "");
  out = out.replace(URL_ATTR, (m, name: string, _q, a?: string, b?: string, c?: string) => {
    const v = (a ?? b ?? c ?? "").replace(/[\u0000-\u0020]/g, "");
    return /^(https?:|mailto:|#)/i.test(v) ? ` ${name}="${v.replace(/"/g, "&quot;")}"` : "";
  });
  return out;
}
