// Chart and graph nodes drawn as SVG (no chart library: the bundle stays small and offline).
import { useRun } from "./context.js";
import type { Renderer } from "./node.js";
import { str } from "./bits.js";

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2"];

function Chart({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const data = (Array.isArray(p.data) ? p.data : []) as Array<Record<string, unknown>>;
  const keys = (Array.isArray(p.yKeys) ? p.yKeys : []) as string[];
  const colors = (Array.isArray(p.colors) && p.colors.length ? p.colors : PALETTE) as string[];
  const W = 400;
  const H = Number(p.height) || 200;
  const vals = data.flatMap((d) => keys.map((k) => Number(d[k]) || 0));
  const max = Math.max(1, ...vals);
  const x = (i: number) => (data.length <= 1 ? W / 2 : 20 + (i * (W - 40)) / (data.length - 1));
  const y = (v: number) => H - 20 - (v / max) * (H - 40);
  let body;
  if (p.type === "pie") {
    const total = data.reduce((s, d) => s + (Number(d[keys[0] ?? ""]) || 0), 0) || 1;
    let angle = 0;
    body = data.map((d, i) => {
      const frac = (Number(d[keys[0] ?? ""]) || 0) / total;
      const a0 = angle;
      angle += frac * 2 * Math.PI;
      const r = H / 2 - 10;
      const [cx, cy] = [W / 2, H / 2];
      if (frac >= 0.999) return <circle key={i} cx={cx} cy={cy} r={r} fill={colors[i % colors.length]} />;
      const large = angle - a0 > Math.PI ? 1 : 0;
      const d1 = `M${cx},${cy} L${cx + r * Math.cos(a0)},${cy + r * Math.sin(a0)} A${r},${r} 0 ${large} 1 ${cx + r * Math.cos(angle)},${cy + r * Math.sin(angle)} Z`;
      return <path key={i} d={d1} fill={colors[i % colors.length]} />;
    });
  } else if (p.type === "bar") {
    const bw = (W - 40) / Math.max(1, data.length * keys.length);
    body = data.flatMap((d, i) =>
      keys.map((k, j) => {
        const v = Number(d[k]) || 0;
        return (
          <rect
            key={`${i}-${k}`}
            x={20 + (i * keys.length + j) * bw}
            y={y(v)}
            width={bw * 0.9}
            height={H - 20 - y(v)}
            fill={colors[j % colors.length]}
          />
        );
      }),
    );
  } else {
    body = keys.map((k, j) => {
      const pts = data.map((d, i) => `${x(i)},${y(Number(d[k]) || 0)}`).join(" ");
      return p.type === "area" ? (
        <polygon
          key={k}
          points={`${x(0)},${H - 20} ${pts} ${x(data.length - 1)},${H - 20}`}
          fill={colors[j % colors.length]}
          fill-opacity="0.3"
          stroke={colors[j % colors.length]}
        />
      ) : (
        <polyline key={k} points={pts} fill="none" stroke={colors[j % colors.length]} stroke-width="2" />
      );
    });
  }
  return (
    <figure {...a} class="ui-chart">
      {p.title && <figcaption>{p.title}</figcaption>}
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={p.title ?? `${p.type} chart`}>
        {body}
        {p.type !== "pie" &&
          data.map((d, i) => (
            <text key={i} x={x(i)} y={H - 4} font-size="10" text-anchor="middle">
              {str(d[p.xKey])}
            </text>
          ))}
      </svg>
    </figure>
  );
}

function Graph({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  const nodes = (Array.isArray(p.nodes) ? p.nodes : []) as Array<{ id: string; label?: string; color?: string }>;
  const edges = (Array.isArray(p.edges) ? p.edges : []) as Array<{ source: string; target: string; label?: string }>;
  const W = 400;
  const H = Number(p.height) || 240;
  const pos = new Map<string, [number, number]>();
  nodes.forEach((n, i) => {
    if (p.layout === "grid") {
      const cols = Math.ceil(Math.sqrt(nodes.length));
      pos.set(n.id, [40 + (i % cols) * ((W - 80) / Math.max(1, cols - 1)), 40 + Math.floor(i / cols) * 60]);
    } else {
      const t = (i / Math.max(1, nodes.length)) * 2 * Math.PI;
      pos.set(n.id, [W / 2 + (W / 2 - 40) * Math.cos(t), H / 2 + (H / 2 - 30) * Math.sin(t)]);
    }
  });
  return (
    <figure {...a} class="ui-graph">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label="graph">
        {edges.map((e, i) => {
          const s = pos.get(e.source);
          const t = pos.get(e.target);
          if (!s || !t) return null;
          return (
            <g key={i}>
              <line x1={s[0]} y1={s[1]} x2={t[0]} y2={t[1]} stroke="#94a3b8" />
              {e.label && (
                <text x={(s[0] + t[0]) / 2} y={(s[1] + t[1]) / 2} font-size="10">
                  {e.label}
                </text>
              )}
            </g>
          );
        })}
        {nodes.map((n) => {
          const [cx, cy] = pos.get(n.id)!;
          return (
            <g
              key={n.id}
              class={p.onNodeClick ? "clickable" : ""}
              onClick={p.onNodeClick ? () => run(p.onNodeClick, { node_id: n.id }) : undefined}
            >
              <circle cx={cx} cy={cy} r="14" class={`gn c-${n.color ?? "blue"}`} />
              <text x={cx} y={cy + 28} font-size="11" text-anchor="middle">
                {n.label ?? n.id}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export const GRAPHICS: Record<string, Renderer> = {
  chart: (r) => <Chart {...r} />,
  graph: (r) => <Graph {...r} />,
};
