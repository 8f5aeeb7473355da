import * as z from "zod/v4";
import {
  APP_ID_PATTERN,
  CAPABILITY_PATTERN,
  CRON_PATTERN,
  EVENT_NAME_PATTERN,
  IDENTIFIER_PATTERN,
  PANEL_SLOTS,
  PANEL_TOOL_PATTERN,
  REFRESH_PATTERN,
  SECRET_NAME_PATTERN,
  SECRET_WRITE_MODES,
  SECTION_PATTERN,
  SEMVER_PATTERN,
  SENSITIVE_PATH_PATTERN,
} from "../patterns.js";

const capability = z.string().regex(CAPABILITY_PATTERN);
const jsonSchemaObject = z.record(z.string(), z.unknown());

/** One entry of `tools[]`. Key order here is the serialized key order. */
export const ManifestToolSchema = z.strictObject({
  name: z.string().regex(IDENTIFIER_PATTERN).max(64),
  kind: z.enum(["chat_function", "tool", "skeleton_refresh", "skeleton_alert"]),
  description: z.string(),
  action_type: z.enum(["read", "write", "destructive"]),
  chain_callable: z.boolean(),
  params_schema: jsonSchemaObject,
  return_schema: jsonSchemaObject.optional(),
  event: z.string().regex(EVENT_NAME_PATTERN).optional(),
  effects: z.array(z.string()).optional(),
  id_projection: z.string().regex(IDENTIFIER_PATTERN).optional(),
  owner_chat_tool: z.string().regex(IDENTIFIER_PATTERN).optional(),
  scopes: z.array(capability).optional(),
  long_running: z.boolean().optional(),
  ui_builder: z.boolean().optional(),
  sensitive: z.array(z.string().regex(SENSITIVE_PATH_PATTERN)).optional(),
});

export const ManifestSkeletonSchema = z.strictObject({
  section: z.string().regex(SECTION_PATTERN),
  tool: z.string().regex(IDENTIFIER_PATTERN),
  ttl: z.number().int().min(1),
  alert: z.boolean(),
  description: z.string(),
});

export const ManifestPanelSchema = z.strictObject({
  panel_id: z.string().regex(IDENTIFIER_PATTERN),
  tool: z.string().regex(PANEL_TOOL_PATTERN),
  slot: z.enum(PANEL_SLOTS),
  title: z.string().optional(),
  icon: z.string().optional(),
  refresh: z.string().regex(REFRESH_PATTERN),
  center_overlay: z.boolean().optional(),
  default_width: z.number().int().min(120).max(4000).optional(),
  min_width: z.number().int().min(120).max(4000).optional(),
  max_width: z.number().int().min(120).max(4000).optional(),
});

export const ManifestSecretSchema = z.strictObject({
  name: z.string().regex(SECRET_NAME_PATTERN),
  description: z.string(),
  required: z.boolean(),
  write_mode: z.enum(SECRET_WRITE_MODES),
  max_bytes: z.number().int().min(1).max(65536),
});

export const ManifestScheduleSchema = z.strictObject({
  name: z.string().regex(IDENTIFIER_PATTERN),
  cron: z.string().regex(CRON_PATTERN),
  description: z.string().optional(),
});

export const ManifestChatExtensionSchema = z.strictObject({
  tool_name: z.string().regex(IDENTIFIER_PATTERN),
  description: z.string(),
  system_prompt: z.string().max(4000).optional(),
});

export const ManifestLifecycleSchema = z.strictObject({
  on_install: z.boolean(),
  on_uninstall: z.boolean(),
  on_enable: z.boolean(),
  on_disable: z.boolean(),
  on_upgrade: z.array(z.string().regex(SEMVER_PATTERN)),
  health_check: z.boolean(),
});

export const ManifestWebhookSchema = z.strictObject({
  path: z.string(),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  secret_header: z.string().optional(),
});

export const ManifestEventsSchema = z.strictObject({
  emits: z.array(z.strictObject({ type: z.string().regex(EVENT_NAME_PATTERN), description: z.string().optional() })),
  subscribes: z.array(z.string()),
});

export const ManifestExposedSchema = z.strictObject({
  name: z.string().regex(IDENTIFIER_PATTERN),
  action_type: z.enum(["read", "write"]),
  params_schema: jsonSchemaObject,
  sensitive: z.array(z.string().regex(SENSITIVE_PATH_PATTERN)).optional(),
});

/** Manifest v3 (`imperal.json`). The JSON Schema shipped as `@imperal/sdk/manifest.schema.json` is generated from it. */
export const ManifestSchema = z
  .strictObject({
    manifest_schema_version: z.literal(3),
    sdk_version: z.string().regex(SEMVER_PATTERN),
    app_id: z.string().regex(APP_ID_PATTERN),
    version: z.string().regex(SEMVER_PATTERN),
    display_name: z.string(),
    description: z.string(),
    icon: z.string(),
    icon_size_bytes: z.number().int().min(0).optional(),
    actions_explicit: z.boolean(),
    system: z.boolean(),
    capabilities: z.array(capability),
    tools: z.array(ManifestToolSchema),
    skeletons: z.array(ManifestSkeletonSchema),
    panels: z.array(ManifestPanelSchema),
    secrets: z.array(ManifestSecretSchema).optional(),
    schedules: z.array(ManifestScheduleSchema).optional(),
    chat_extensions: z.array(ManifestChatExtensionSchema).optional(),
    lifecycle: ManifestLifecycleSchema.optional(),
    config_defaults: z.record(z.string(), z.unknown()).optional(),
    webhooks: z.array(ManifestWebhookSchema).optional(),
    events: ManifestEventsSchema.optional(),
    exposed: z.array(ManifestExposedSchema).optional(),
  })
  .meta({
    $id: "https://imperal.io/schemas/manifest-v3.json",
    title: "Imperal extension manifest v3 (imperal.json)",
  });

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestTool = z.infer<typeof ManifestToolSchema>;
export type ManifestPanel = z.infer<typeof ManifestPanelSchema>;
export type ManifestSkeleton = z.infer<typeof ManifestSkeletonSchema>;

/** The manifest JSON Schema (draft 2020-12), built from {@link ManifestSchema}. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ManifestSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
}
