// Data nodes: avatar, badge, tables, key/value, lists and their items, stats, timeline, tree.
import { useState } from "preact/hooks";
import { Kids, Node, type Renderer } from "./node.js";
import { useRun } from "./context.js";
import { Icon, isLocal, str } from "./bits.js";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");

export const DATA: Record<string, Renderer> = {
  avatar: ({ p, a }) => (
    <span {...a} class={`ui-avatar s-${p.size ?? "md"} c-${p.color ?? "blue"}`} title={p.name}>
      {isLocal(p.src) ? <img src={p.src} alt={p.name ?? ""} /> : initials(str(p.name) || "?")}
    </span>
  ),
  badge: ({ p, a }) => (
    <span {...a} class={`ui-badge c-${p.color ?? "gray"} v-${p.variant ?? "subtle"}`}>
      {str(p.label ?? p.value)}
    </span>
  ),
  dataTable: ({ p, a }) => <DataTable p={p} a={a} />,
  keyValue: ({ p, a }) => (
    <dl {...a} class={`ui-kvlist cols-${p.columns ?? 1}`}>
      {(p.items ?? []).map((it: any, i: number) => (
        <div key={i} class="ui-kv">
          <dt>{str(it.key)}</dt>
          <dd>{str(it.value)}</dd>
        </div>
      ))}
    </dl>
  ),
  list: ({ p, a }) => <List p={p} a={a} />,
  listItem: ({ p, a }) => <ListItem p={p} a={a} />,
  stat: ({ p, a }) => (
    <div {...a} class={`ui-stat c-${p.color ?? "default"}`}>
      <div class="ui-stat-label">
        <Icon name={p.icon} size="sm" /> {p.label}
      </div>
      <div class="ui-stat-value">{str(p.value)}</div>
      {p.change && <div class={`ui-stat-change t-${p.trend ?? "flat"}`}>{p.change}</div>}
    </div>
  ),
  stats: ({ p, a }) => (
    <div {...a} class={`ui-grid cols-${p.columns ?? 3} gap-2`}>
      <Kids of={p.children} />
    </div>
  ),
  timeline: ({ p, a }) => (
    <ol {...a} class="ui-timeline">
      {(p.items ?? []).map((it: any, i: number) => (
        <li key={i} class={`c-${it.color ?? "gray"}`}>
          <div class="ui-timeline-title">
            <Icon name={it.icon} size="sm" /> {it.title} {it.time && <span class="ui-muted">{it.time}</span>}
          </div>
          {it.description && <div class="ui-muted">{it.description}</div>}
        </li>
      ))}
    </ol>
  ),
  tree: ({ p, a }) => <Tree p={p} a={a} />,
};

function DataTable({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  const cols = (p.columns ?? []) as Array<{ key: string; label: string; align?: string; sortable?: boolean }>;
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  let rows = (p.rows ?? []) as Array<Record<string, unknown>>;
  if (sort) rows = [...rows].sort((x, y) => (str(x[sort.key]) < str(y[sort.key]) ? -sort.dir : sort.dir));
  return (
    <table {...a} class="ui-table">
      <thead>
        <tr>
          {cols.map((c) => (
            <th
              key={c.key}
              class={`al-${c.align ?? "left"}${c.sortable ? " sortable" : ""}`}
              onClick={
                c.sortable
                  ? () => setSort({ key: c.key, dir: sort?.key === c.key ? (-sort.dir as 1 | -1) : 1 })
                  : undefined
              }
            >
              {c.label}
              {sort?.key === c.key ? (sort.dir > 0 ? " ▲" : " ▼") : ""}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={cols.length || 1} class="ui-muted">
              {p.emptyMessage ?? "No rows."}
            </td>
          </tr>
        )}
        {rows.map((r, i) => (
          <tr
            key={i}
            class={p.onRowClick ? "clickable" : ""}
            onClick={p.onRowClick ? () => run(p.onRowClick, { row: r }) : undefined}
          >
            {cols.map((c) => (
              <td key={c.key} class={`al-${c.align ?? "left"}`}>
                {str(r[c.key])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function List({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const [q, setQ] = useState("");
  const [page, setPage] = useState(0);
  let kids = (Array.isArray(p.children) ? p.children : []) as any[];
  if (q) {
    const needle = q.toLowerCase();
    kids = kids.filter((k) =>
      JSON.stringify(k?.props ?? {})
        .toLowerCase()
        .includes(needle),
    );
  }
  const size = Number(p.pageSize) > 0 ? Number(p.pageSize) : 0;
  const pages = size ? Math.max(1, Math.ceil(kids.length / size)) : 1;
  const shown = size ? kids.slice(page * size, page * size + size) : kids;
  return (
    <div {...a} class={`ui-list${p.dividers === false ? "" : " dividers"}`}>
      {p.searchable && (
        <input
          class="ui-list-search"
          type="search"
          placeholder="Search"
          value={q}
          onInput={(e) => (setQ(e.currentTarget.value), setPage(0))}
        />
      )}
      {shown.length === 0 ? (
        <div class="ui-muted ui-list-empty">{p.emptyMessage ?? "Nothing here."}</div>
      ) : (
        <Kids of={shown} />
      )}
      {pages > 1 && (
        <div class="ui-pager">
          <button disabled={page === 0} onClick={() => setPage(page - 1)}>
            ‹
          </button>
          <span>
            {page + 1} / {pages}
          </span>
          <button disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            ›
          </button>
        </div>
      )}
    </div>
  );
}

function ListItem({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  const [open, setOpen] = useState(false);
  const [over, setOver] = useState(false);
  const key = String(p.id ?? p.key ?? p.title);
  return (
    <div
      {...a}
      class={`ui-list-item${p.selected ? " selected" : ""}${over ? " drop-over" : ""}`}
      draggable={!!p.draggable}
      onDragStart={p.draggable ? (e) => e.dataTransfer?.setData("text/x-imperal-item", key) : undefined}
      onDragOver={p.droppable ? (e) => (e.preventDefault(), setOver(true)) : undefined}
      onDragLeave={p.droppable ? () => setOver(false) : undefined}
      onDrop={
        p.droppable
          ? (e) => {
              e.preventDefault();
              setOver(false);
              run(p.onDrop, { dragged_id: e.dataTransfer?.getData("text/x-imperal-item"), target_id: key });
            }
          : undefined
      }
    >
      <div class="ui-list-row">
        {p.expandable && (
          <button class="ui-expander" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "▾" : "▸"}
          </button>
        )}
        {p.avatar && <span class="ui-avatar s-sm c-blue">{str(p.avatar).slice(0, 2)}</span>}
        <Icon name={p.icon} />
        <div
          class={`ui-list-main${p.onClick ? " clickable" : ""}`}
          onClick={p.onClick ? () => run(p.onClick) : undefined}
        >
          <div class="ui-list-title">{p.title}</div>
          {p.subtitle && <div class="ui-muted">{p.subtitle}</div>}
        </div>
        {p.badge && <Node node={p.badge} />}
        {p.meta && <span class="ui-muted ui-meta">{p.meta}</span>}
        {p.actions && (
          <span class="ui-list-actions">
            <Kids of={p.actions} />
          </span>
        )}
      </div>
      {p.expandable && open && (
        <div class="ui-expanded">
          <Node node={p.expandedContent} />
        </div>
      )}
    </div>
  );
}

function Tree({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  const branch = (nodes: any[]): any => (
    <ul>
      {nodes.map((n) => (
        <li key={n.id}>
          {n.children?.length ? (
            <details open>
              <summary onClick={p.onSelect ? () => run(p.onSelect, { node_id: n.id }) : undefined}>
                <Icon name={n.icon} size="sm" /> {n.label}
              </summary>
              {branch(n.children)}
            </details>
          ) : (
            <span
              class={p.onSelect ? "clickable" : ""}
              onClick={p.onSelect ? () => run(p.onSelect, { node_id: n.id }) : undefined}
            >
              <Icon name={n.icon} size="sm" /> {n.label}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
  return (
    <div {...a} class="ui-tree">
      {branch(Array.isArray(p.nodes) ? p.nodes : [])}
    </div>
  );
}
