import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateExtension, type Finding, type ValidateOptions, type ValidateResult } from "../src/index.js";

export const BASE_APP = `import { Extension, ChatExtension } from "@imperal/sdk";

export const ext = new Extension("notes", {
  version: "1.0.0",
  displayName: "Notes",
  description: "Create, organize and search your notes with the help of AI.",
  icon: "icon.svg",
  capabilities: ["notes:read", "notes:write"],
});

export const chat = new ChatExtension(ext, { toolName: "notes", description: "Notes chat tools." });
`;

export const BASE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
  <rect x="3" y="2" width="18" height="20" rx="3" fill="#4f46e5"/>
</svg>
`;

/** Header of src/index.ts in rule cases; case bodies follow it, and their lines are counted from the body. */
export const HEADER = `import { ActionResult, ui, z } from "@imperal/sdk";
import { ext, chat } from "./app.js";

const Empty = z.object({});
const Out = z.object({ ok: z.boolean() });

`;
export const HEADER_LINES = HEADER.split("\n").length - 1;

const made: string[] = [];

/** Write an extension into a fresh temp dir. Files default to the baseline app + icon. */
export function makeExt(files: Record<string, string | Buffer>, opts: { base?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-val-"));
  made.push(dir);
  const all: Record<string, string | Buffer> =
    opts.base === false ? { ...files } : { "src/app.ts": BASE_APP, "icon.svg": BASE_ICON, ...files };
  for (const [rel, content] of Object.entries(all)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

export function cleanupTemp(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export async function validate(
  files: Record<string, string | Buffer>,
  opts: ValidateOptions & { base?: boolean } = {},
): Promise<ValidateResult> {
  const dir = makeExt(files, opts);
  return validateExtension(dir, { env: {}, ...opts });
}

export function brief(f: Finding[]): string[] {
  return f.map((x) => `${x.rule} ${x.severity} ${x.file}:${x.line}:${x.column}`);
}
