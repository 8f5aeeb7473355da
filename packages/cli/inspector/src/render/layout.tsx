// Layout and display nodes.
import { useState } from "preact/hooks";
import { Kids, Node, type Renderer } from "./node.js";
import { External, Icon, isLocal, str } from "./bits.js";
import { Markdown } from "./markdown.js";
import { sanitizeHtml } from "@imperal/sdk/ui";
import { useRun } from "./context.js";

const flex = (dir: "row" | "column", p: Record<string, any>) =>
  `ui-flex ui-${dir} gap-${p.gap ?? 2} align-${p.align ?? "stretch"} justify-${p.justify ?? "start"}${p.wrap ? " wrap" : ""}`;

export const LAYOUT: Record<string, Renderer> = {
  page: ({ p, a }) => (
    <section {...a} class="ui-page">
      {p.title && <h1 class="ui-page-title">{p.title}</h1>}
      {p.subtitle && <p class="ui-muted">{p.subtitle}</p>}
      <Kids of={p.children} />
    </section>
  ),
  card: ({ p, a }) => <Card p={p} a={a} />,
  column: ({ p, a }) => (
    <div {...a} class={flex("column", p)}>
      <Kids of={p.children} />
    </div>
  ),
  row: ({ p, a }) => (
    <div {...a} class={flex("row", p)}>
      <Kids of={p.children} />
    </div>
  ),
  stack: ({ p, a }) => (
    <div {...a} class={flex(p.direction === "horizontal" ? "row" : "column", p)}>
      <Kids of={p.children} />
    </div>
  ),
  grid: ({ p, a }) => (
    <div {...a} class={`ui-grid cols-${p.columns ?? 2} gap-${p.gap ?? 2}`}>
      <Kids of={p.children} />
    </div>
  ),
  section: ({ p, a }) =>
    p.collapsible ? (
      <details {...a} class="ui-section" open={!p.collapsed}>
        <summary class="ui-section-title">{p.title}</summary>
        <Kids of={p.children} />
      </details>
    ) : (
      <section {...a} class="ui-section">
        <h3 class="ui-section-title">{p.title}</h3>
        <Kids of={p.children} />
      </section>
    ),
  tabs: ({ p, a }) => <Tabs p={p} a={a} />,
  accordion: ({ p, a }) => (
    <div {...a} class="ui-accordion">
      {(p.sections ?? []).map((s: any, i: number) => (
        <details key={s.id ?? i} open={!!s.open}>
          <summary>{s.title}</summary>
          <Kids of={s.children} />
        </details>
      ))}
    </div>
  ),
  // display
  audio: ({ p, a }) =>
    isLocal(p.src) ? (
      <audio {...a} src={p.src} controls title={p.title} />
    ) : (
      <External kind="audio" src={p.src} a={a} />
    ),
  video: ({ p, a }) =>
    isLocal(p.src) ? (
      <video {...a} src={p.src} controls={p.controls !== false} autoplay={!!p.autoplay} class="ui-video" />
    ) : (
      <External kind="video" src={p.src} a={a} />
    ),
  image: ({ p, a }) =>
    isLocal(p.src) ? (
      <img
        {...a}
        src={p.src}
        alt={p.alt ?? ""}
        width={p.width}
        height={p.height}
        class={`ui-image fit-${p.fit ?? "cover"}`}
      />
    ) : (
      <External kind="image" src={p.src} a={a} />
    ),
  code: ({ p, a }) => (
    <pre {...a} class="ui-code" data-language={p.language}>
      <code>{p.content}</code>
    </pre>
  ),
  divider: ({ p, a }) => (
    <div {...a} class="ui-divider" role="separator">
      {p.label && <span>{p.label}</span>}
    </div>
  ),
  empty: ({ p, a }) => (
    <div {...a} class="ui-empty">
      <Icon name={p.icon} size="lg" />
      <p>{p.message}</p>
      <Node node={p.action} />
    </div>
  ),
  header: ({ p, a }) => {
    const H = `h${Math.min(4, Math.max(1, Number(p.level ?? 2)) + 1)}` as "h2";
    return (
      <div {...a} class="ui-header">
        <H>{p.text}</H>
        {p.subtitle && <p class="ui-muted">{p.subtitle}</p>}
      </div>
    );
  },
  // The SDK's sanitizer (the same one the builder applies) runs again here: the tree may come from anywhere.
  html: ({ p, a }) => <div {...a} class="ui-html" dangerouslySetInnerHTML={{ __html: sanitizeHtml(str(p.content)) }} />,
  icon: ({ p, a }) => (
    <span {...a} class={`ui-icon-node c-${p.color ?? "gray"}`}>
      <Icon name={p.name} size={p.size} />
    </span>
  ),
  markdown: ({ p, a }) => (
    <div {...a} class="ui-markdown">
      <Markdown text={str(p.content)} />
    </div>
  ),
  text: ({ p, a }) => (
    <p {...a} class={`ui-text v-${p.variant ?? "body"} w-${p.weight ?? "normal"} c-${p.color ?? "default"}`}>
      {str(p.content)}
    </p>
  ),
};

function Card({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  return (
    <div
      {...a}
      class={`ui-card${p.onClick ? " clickable" : ""}`}
      onClick={p.onClick ? () => run(p.onClick) : undefined}
    >
      {p.title && <div class="ui-card-title">{p.title}</div>}
      {p.subtitle && <div class="ui-muted">{p.subtitle}</div>}
      <Kids of={p.children} />
      {p.footer && (
        <div class="ui-card-footer">
          <Node node={p.footer} />
        </div>
      )}
    </div>
  );
}

function Tabs({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const tabs = (p.tabs ?? []) as Array<{ id: string; label: string; content: unknown }>;
  const [cur, setCur] = useState<string | undefined>(p.defaultTab ?? tabs[0]?.id);
  const shown = tabs.find((t) => t.id === cur) ?? tabs[0];
  return (
    <div {...a} class="ui-tabs">
      <div class="ui-tabbar" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={t.id === shown?.id} onClick={() => setCur(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">{shown && <Node node={shown.content} />}</div>
    </div>
  );
}
