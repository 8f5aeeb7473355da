import { ManifestError, SDK_ERROR_CODES } from "../errors/index.js";
import { getRegistry } from "../registry/surface.js";
import { schemaToJsonSchema } from "../schema/index.js";
import { SDK_VERSION } from "../version.js";
import { ManifestSchema, type Manifest, type ManifestTool } from "./schema.js";

/** Options of {@link generateManifest}. */
export interface GenerateManifestOptions {
  /** Size of the icon file in bytes (the CLI measures it). */
  iconSizeBytes?: number;
  /** Overrides the SDK version written into the manifest (defaults to this SDK's version). */
  sdkVersion?: string;
}

/**
 * Builds manifest v3 from a loaded extension, via the callable surface. Deterministic: same registry, same bytes
 * (with {@link serializeManifest}). Throws `ManifestError` (`EMPTY_SCHEMA`, `MANIFEST_INVALID`) on bad input.
 */
export function generateManifest(ext: unknown, opts: GenerateManifestOptions = {}): Manifest {
  const reg = getRegistry(ext);
  const o = reg.options;
  const tools: ManifestTool[] = [];
  const panels: Manifest["panels"] = [];
  const skeletons: Manifest["skeletons"] = [];
  for (const e of reg.entries) {
    if (e.kind === "panel") {
      panels.push({
        panel_id: e.panelId!,
        tool: e.name,
        slot: e.slot!,
        ...(e.title !== undefined ? { title: e.title } : {}),
        ...(e.icon !== undefined ? { icon: e.icon } : {}),
        refresh: e.refresh ?? "manual",
        ...(e.centerOverlay !== undefined ? { center_overlay: e.centerOverlay } : {}),
        ...(e.defaultWidth !== undefined ? { default_width: e.defaultWidth } : {}),
        ...(e.minWidth !== undefined ? { min_width: e.minWidth } : {}),
        ...(e.maxWidth !== undefined ? { max_width: e.maxWidth } : {}),
      });
      continue;
    }
    const params_schema =
      e.params !== undefined
        ? schemaToJsonSchema(e.params, { io: "input", label: `params of ${e.name}` })
        : { type: "object", properties: {}, additionalProperties: false };
    const tool: ManifestTool = {
      name: e.name,
      kind: e.kind,
      description: e.description,
      action_type: e.actionType,
      chain_callable: e.chainCallable,
      params_schema,
    };
    if (e.dataModel !== undefined)
      tool.return_schema = schemaToJsonSchema(e.dataModel, { io: "output", label: `dataModel of ${e.name}` });
    if (e.event !== undefined) tool.event = e.event;
    if (e.effects !== undefined) tool.effects = [...e.effects];
    if (e.idProjection !== undefined) tool.id_projection = e.idProjection;
    if (e.ownerChatTool !== undefined) tool.owner_chat_tool = e.ownerChatTool;
    if (e.scopes !== undefined) tool.scopes = [...e.scopes];
    if (e.longRunning) tool.long_running = true;
    if (e.uiBuilder) tool.ui_builder = true;
    if (e.sensitive) tool.sensitive = [...e.sensitive];
    tools.push(tool);
    if (e.kind === "skeleton_refresh") {
      skeletons.push({
        section: e.section!,
        tool: e.name,
        ttl: e.ttl ?? 300,
        alert: e.alert ?? false,
        description: e.description,
      });
    }
  }
  const manifest: Manifest = {
    manifest_schema_version: 3,
    sdk_version: opts.sdkVersion ?? SDK_VERSION,
    app_id: reg.appId,
    version: o.version,
    display_name: o.displayName,
    description: o.description,
    icon: o.icon,
    ...(opts.iconSizeBytes !== undefined ? { icon_size_bytes: opts.iconSizeBytes } : {}),
    actions_explicit: o.actionsExplicit,
    system: o.system,
    capabilities: [...o.capabilities],
    tools,
    skeletons,
    panels,
  };
  if (reg.secrets.length > 0) {
    manifest.secrets = reg.secrets.map((s) => ({
      name: s.name,
      description: s.description,
      required: s.required,
      write_mode: s.writeMode,
      max_bytes: s.maxBytes,
    }));
  }
  if (reg.schedules.length > 0) {
    manifest.schedules = reg.schedules.map((s) => ({
      name: s.name,
      cron: s.cron,
      ...(s.description !== undefined ? { description: s.description } : {}),
    }));
  }
  if (reg.chats.length > 0) {
    manifest.chat_extensions = reg.chats.map((c) => ({
      tool_name: c.toolName,
      description: c.description,
      ...(c.systemPrompt !== undefined ? { system_prompt: c.systemPrompt } : {}),
    }));
  }
  const life = reg.lifecycle;
  if (
    life.onInstall ||
    life.onUninstall ||
    life.onEnable ||
    life.onDisable ||
    life.healthCheck ||
    life.onUpgrade.length
  ) {
    manifest.lifecycle = {
      on_install: !!life.onInstall,
      on_uninstall: !!life.onUninstall,
      on_enable: !!life.onEnable,
      on_disable: !!life.onDisable,
      on_upgrade: life.onUpgrade.map((u) => u.version),
      health_check: !!life.healthCheck,
    };
  }
  if (reg.webhooks.length > 0) {
    manifest.webhooks = reg.webhooks.map((w) => ({
      path: w.path,
      method: w.method,
      ...(w.secretHeader !== undefined ? { secret_header: w.secretHeader } : {}),
    }));
  }
  if (reg.events.emits.length > 0 || reg.events.subscribers.length > 0) {
    manifest.events = {
      emits: reg.events.emits.map((e) => ({ ...e })),
      subscribes: [...new Set(reg.events.subscribers.map((x) => x.pattern))],
    };
  }
  if (reg.exposed.length > 0) {
    manifest.exposed = reg.exposed.map((x) => ({
      name: x.name,
      action_type: x.actionType,
      params_schema:
        x.params !== undefined
          ? schemaToJsonSchema(x.params, { io: "input", label: `params of exposed ${x.name}` })
          : { type: "object", properties: {}, additionalProperties: false },
      ...(x.sensitive ? { sensitive: [...x.sensitive] } : {}),
    }));
  }
  if (Object.keys(reg.config).length > 0)
    manifest.config_defaults = JSON.parse(JSON.stringify(reg.config)) as Record<string, unknown>;
  return checkManifest(manifest);
}

/** Validates a manifest object against {@link ManifestSchema}; returns it with canonical key order. */
export function checkManifest(manifest: unknown): Manifest {
  const r = ManifestSchema.safeParse(manifest);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ManifestError(
      SDK_ERROR_CODES.MANIFEST_INVALID,
      `Manifest is invalid at ${first.path.join(".") || "(root)"}: ${first.message}`,
      "Fix the registration that produced this field (see the path), then rebuild.",
    );
  }
  return r.data;
}

/**
 * Serializes a manifest deterministically: schema key order, declaration order for lists, 2-space indent,
 * trailing newline. The manifest is validated first.
 */
export function serializeManifest(manifest: unknown): string {
  return `${JSON.stringify(checkManifest(manifest), null, 2)}\n`;
}
