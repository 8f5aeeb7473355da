// Text of a note: content is HTML (from the editor) or plain text (from chat). Word counts and search read the
// text with the markup stripped; export_markdown and the editor read it as Markdown.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Decodes the HTML entities notes contain (named basics and numeric). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** True when the content looks like HTML (has at least one tag). */
export const isHtml = (s: string): boolean => /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i.test(s);

/** The text of HTML: tags removed (block ends become spaces), entities decoded, whitespace collapsed. */
export function stripHtml(html: string): string {
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<\/?(p|div|br|li|h[1-6]|tr|blockquote|pre)[^>]*>/gi, " ")
    .replace(/<[^>]+>/g, "");
  return decodeEntities(text).replace(/\s+/g, " ").trim();
}

/** Words of the content after stripping HTML. */
export function wordCount(content: string): number {
  const text = stripHtml(content);
  return text === "" ? 0 : text.split(" ").length;
}

/** At most `max` characters of text around the first occurrence of `term` (the start when absent). */
export function excerpt(content: string, term: string, max = 200): string {
  const text = stripHtml(content);
  if (text.length <= max) return text;
  const at = term ? text.toLowerCase().indexOf(term.toLowerCase()) : -1;
  const start = at < 0 ? 0 : Math.max(0, Math.min(at - 40, text.length - max));
  return text.slice(start, start + max);
}

const inline = (s: string): string =>
  s
    .replace(/<(strong|b)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi, "**$3**")
    .replace(/<(em|i)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi, "*$3*")
    .replace(/<(s|del|strike)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi, "~~$3~~")
    .replace(/<code(\s[^>]*)?>([\s\S]*?)<\/code>/gi, "`$2`")
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, "[$2]($1)")
    .replace(/<br\s*\/?>/gi, "\n");

/** Converts the editor's HTML to Markdown (headings, paragraphs, lists, quotes, code, links, emphasis). */
export function htmlToMarkdown(content: string): string {
  if (!isHtml(content)) return content.trim();
  let s = content.replace(/\r\n?/g, "\n");
  s = s.replace(/<pre[^>]*>(?:<code[^>]*>)?([\s\S]*?)(?:<\/code>)?<\/pre>/gi, (_m, code: string) => {
    return `\n\n\`\`\`\n${decodeEntities(code.replace(/<[^>]+>/g, "")).trim()}\n\`\`\`\n\n`;
  });
  s = s.replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, n: string, t: string) => {
    return `\n\n${"#".repeat(Number(n))} ${inline(t).trim()}\n\n`;
  });
  s = s.replace(/<(ul|ol)[^>]*>([\s\S]*?)<\/\1>/gi, (_m, kind: string, items: string) => {
    let i = 0;
    const lines = [...items.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/gi)].map((m) => {
      i++;
      const bullet = kind.toLowerCase() === "ol" ? `${i}.` : "-";
      return `${bullet} ${inline(m[1]!)
        .replace(/<[^>]+>/g, "")
        .trim()}`;
    });
    return `\n\n${lines.join("\n")}\n\n`;
  });
  s = s.replace(/<blockquote[^>]*>([\s\S]*?)<\/blockquote>/gi, (_m, t: string) => {
    const body = inline(t)
      .replace(/<[^>]+>/g, "")
      .trim();
    return `\n\n${body
      .split("\n")
      .map((l) => `> ${l}`)
      .join("\n")}\n\n`;
  });
  s = s.replace(/<hr\s*\/?>/gi, "\n\n---\n\n");
  s = s.replace(/<(p|div)[^>]*>([\s\S]*?)<\/\1>/gi, (_m, _t, t: string) => `\n\n${inline(t).trim()}\n\n`);
  s = inline(s).replace(/<[^>]+>/g, "");
  return decodeEntities(s)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The title-bleed fix: content that starts with the (3+ character) title loses that prefix and the `: `/space after it. */
export function stripTitleBleed(title: string, content: string): string {
  const t = title.trim();
  if (t.length < 3 || !content.startsWith(t)) return content;
  return content.slice(t.length).replace(/^[:\s]+/, "");
}
