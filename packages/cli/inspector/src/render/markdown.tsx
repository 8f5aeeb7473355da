// A small Markdown renderer producing elements (never innerHTML): headings, lists, code blocks, paragraphs,
// **bold**, *italic*, `code` and [links](https://...).
import type { JSX } from "preact";

function inline(text: string): Array<string | JSX.Element> {
  const out: Array<string | JSX.Element> = [];
  const re = /(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`|\[[^\]]+\]\(https?:\/\/[^)\s]+\))/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const t = m[0];
    if (t.startsWith("**")) out.push(<strong key={i++}>{t.slice(2, -2)}</strong>);
    else if (t.startsWith("`")) out.push(<code key={i++}>{t.slice(1, -1)}</code>);
    else if (t.startsWith("[")) {
      const [, label, href] = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(t)!;
      out.push(
        <a key={i++} href={href} target="_blank" rel="noopener noreferrer">
          {label}
        </a>,
      );
    } else out.push(<em key={i++}>{t.slice(1, -1)}</em>);
    last = m.index + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Render Markdown text as elements. */
export function Markdown({ text }: { text: string }): JSX.Element {
  const blocks: JSX.Element[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    if (line.startsWith("```")) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
      i++;
      blocks.push(<pre key={i}>{body.join("\n")}</pre>);
    } else if (/^#{1,4} /.test(line)) {
      const level = /^#+/.exec(line)![0].length;
      const H = `h${level + 1}` as "h2";
      blocks.push(<H key={i}>{inline(line.slice(level + 1))}</H>);
      i++;
    } else if (/^\s*[-*] /.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && /^\s*[-*] /.test(lines[i]!); i++) items.push(lines[i]!.replace(/^\s*[-*] /, ""));
      blocks.push(
        <ul key={i}>
          {items.map((t, j) => (
            <li key={j}>{inline(t)}</li>
          ))}
        </ul>,
      );
    } else if (line.trim() === "") i++;
    else {
      const para: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== "" && !/^(#{1,4} |```|\s*[-*] )/.test(lines[i]!); i++)
        para.push(lines[i]!);
      blocks.push(<p key={i}>{inline(para.join(" "))}</p>);
    }
  }
  return <>{blocks}</>;
}
