// Interactive and feedback nodes: buttons, links, menus, modal/dialog, slide-over, tooltip, alerts, toasts, progress.
import { useEffect, useState } from "preact/hooks";
import { Kids, Node, type Renderer } from "./node.js";
import { useRun } from "./context.js";
import { Icon, str } from "./bits.js";

export const INTERACTIVE: Record<string, Renderer> = {
  backButton: ({ p, a }) => {
    const run = useRun();
    return (
      <button {...a} type="button" class="ui-button v-ghost s-sm" onClick={() => run(p.onClick)}>
        ← {p.label ?? "Back"}
      </button>
    );
  },
  button: ({ p, a }) => {
    const run = useRun();
    return (
      <button
        {...a}
        type="button"
        class={`ui-button v-${p.variant ?? "secondary"} s-${p.size ?? "md"}${p.fullWidth ? " full" : ""}`}
        disabled={!!p.disabled}
        onClick={() => run(p.onClick)}
      >
        <Icon name={p.icon} size="sm" />
        {p.label}
      </button>
    );
  },
  link: ({ p, a }) => {
    const run = useRun();
    const url = p.onClick?.action === "open" ? p.onClick.url : undefined;
    return (
      <a
        {...a}
        class="ui-link"
        href={url ?? "#"}
        target={url ? "_blank" : undefined}
        rel={url ? "noopener noreferrer" : undefined}
        onClick={(e) => {
          e.preventDefault();
          run(p.onClick);
        }}
      >
        {p.label}
        {p.external ? " ↗" : ""}
      </a>
    );
  },
  menu: ({ p, a }) => <Menu p={p} a={a} />,
  modal: ({ p, a }) => <Modal p={p} a={a} />,
  slideOver: ({ p, a }) => <SlideOver p={p} a={a} />,
  tooltip: ({ p, a }) => (
    <span {...a} class={`ui-tooltip side-${p.side ?? "top"}`} title={p.content} data-tip={p.content}>
      <Kids of={p.children} />
    </span>
  ),
  // feedback
  alert: ({ p, a }) => (
    <div {...a} role="alert" class={`ui-alert t-${p.type ?? "info"}`}>
      {p.title && <strong>{p.title} </strong>}
      {p.message}
    </div>
  ),
  error: ({ p, a }) => {
    const run = useRun();
    return (
      <div {...a} role="alert" class="ui-alert t-error">
        <strong>{p.title ?? "Error"} </strong>
        {p.message}{" "}
        {p.retry && (
          <button type="button" class="ui-button s-sm" onClick={() => run(p.retry)}>
            Retry
          </button>
        )}
      </div>
    );
  },
  loading: ({ p, a }) => (
    <div {...a} class={`ui-loading s-${p.size ?? "md"}`} role="status">
      <span class="ui-spinner" /> {p.label ?? "Loading…"}
    </div>
  ),
  progress: ({ p, a }) => {
    const max = Number(p.max ?? 100) || 100;
    const pct = Math.max(0, Math.min(100, (Number(p.value) / max) * 100));
    return (
      <div {...a} class={`ui-progress v-${p.variant ?? "bar"} c-${p.color ?? "blue"}`}>
        {p.label && <span>{p.label}</span>}
        <progress value={Number(p.value)} max={max} />
        <span class="ui-muted">{Math.round(pct)}%</span>
      </div>
    );
  },
  toast: ({ p, a }) => <Toast p={p} a={a} />,
};

function Toast({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const [gone, setGone] = useState(false);
  useEffect(() => {
    if (!p.durationMs) return;
    const t = setTimeout(() => setGone(true), Number(p.durationMs));
    return () => clearTimeout(t);
  }, [p.durationMs]);
  return (
    <div {...a} role="status" class={`ui-toast t-${p.type ?? "info"}${gone ? " gone" : ""}`}>
      {p.message}
    </div>
  );
}

function Menu({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  const [open, setOpen] = useState(false);
  return (
    <div {...a} class="ui-menu">
      <button type="button" class="ui-button s-sm" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name={p.icon} size="sm" />
        {p.label ?? "⋯"}
      </button>
      {open && (
        <div class="ui-menu-items" role="menu">
          {(p.items ?? []).map((it: any, i: number) =>
            it.separator ? (
              <hr key={i} />
            ) : (
              <button
                key={i}
                type="button"
                role="menuitem"
                class={it.danger ? "danger" : ""}
                onClick={() => {
                  setOpen(false);
                  run(it.onClick);
                }}
              >
                <Icon name={it.icon} size="sm" /> {it.label}
              </button>
            ),
          )}
        </div>
      )}
    </div>
  );
}

function Modal({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  const [open, setOpen] = useState(!!p.open);
  useEffect(() => setOpen(!!p.open), [p.open]);
  const close = () => {
    setOpen(false);
    run(p.onClose);
  };
  return (
    <div {...a} class="ui-modal-host">
      {p.trigger ? (
        <span class="clickable" onClick={() => setOpen(true)}>
          <Node node={p.trigger} />
        </span>
      ) : (
        !open && (
          <button type="button" class="ui-button s-sm" onClick={() => setOpen(true)}>
            {p.title}
          </button>
        )
      )}
      {open && (
        <div class="ui-backdrop" onClick={(e) => e.target === e.currentTarget && close()}>
          <div class={`ui-modal sz-${p.size ?? "md"}`} role="dialog" aria-label={p.title}>
            <div class="ui-modal-title">{p.title}</div>
            <Kids of={p.children} />
            <div class="ui-modal-actions">
              <button type="button" class="ui-button v-ghost" onClick={close}>
                {p.cancelLabel ?? "Cancel"}
              </button>
              {p.onConfirm && (
                <button
                  type="button"
                  class={`ui-button ${p.destructive ? "v-danger" : "v-primary"}`}
                  onClick={() => {
                    setOpen(false);
                    run(p.onConfirm);
                  }}
                >
                  {p.confirmLabel ?? "Confirm"}
                </button>
              )}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function SlideOver({ p, a }: { p: Record<string, any>; a: Record<string, any> }) {
  const run = useRun();
  const [open, setOpen] = useState(!!p.open);
  useEffect(() => setOpen(!!p.open), [p.open]);
  return (
    <div {...a} class="ui-slideover-host">
      {!open && (
        <button type="button" class="ui-button s-sm" onClick={() => setOpen(true)}>
          {str(p.title) || "Open"}
        </button>
      )}
      {open && (
        <aside class={`ui-slideover side-${p.side ?? "right"}`} aria-label={p.title}>
          <div class="ui-modal-title">
            {p.title}
            <button
              type="button"
              class="ui-button v-ghost s-sm"
              onClick={() => {
                setOpen(false);
                run(p.onClose);
              }}
            >
              ✕
            </button>
          </div>
          <Kids of={p.children} />
        </aside>
      )}
    </div>
  );
}
