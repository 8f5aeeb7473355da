/**
 * The extensions this repository ships must stay clean under every rule: examples/web-tools (which leans on
 * ui.call through helpers, so V32 must resolve its names) and each template with its placeholders filled in the
 * way `imperal init` fills them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { validateExtension } from "../src/index.js";
import { brief } from "./helpers.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-val-repo-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Copy a template, skipping node_modules, with __APP_ID__-style placeholders replaced. */
function fillTemplate(name: string): string {
  const out = path.join(tmp, `my-${name}`);
  const fill = (s: string) =>
    s
      .replaceAll("__APP_ID__", `my-${name}`)
      .replaceAll("__DISPLAY_NAME__", `My ${name[0]!.toUpperCase()}${name.slice(1)}`)
      .replaceAll("__SCOPE_NS__", `my_${name}`)
      .replaceAll("__TOOL_NAME__", `my_${name}`);
  fs.cpSync(path.join(repo, "templates", name), out, {
    recursive: true,
    filter: (src) => !src.split(path.sep).includes("node_modules"),
  });
  for (const e of fs.readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath, e.name);
    if (/\.(ts|js|json|md)$/.test(e.name)) fs.writeFileSync(p, fill(fs.readFileSync(p, "utf8")));
  }
  return out;
}

describe("the repository's own extensions have no findings", () => {
  it("examples/web-tools", async () => {
    const r = await validateExtension(path.join(repo, "examples", "web-tools"), { env: {} });
    expect(brief(r.findings)).toEqual([]);
    expect(r.files.length).toBeGreaterThan(10);
  });

  const templates = fs.existsSync(path.join(repo, "templates")) ? fs.readdirSync(path.join(repo, "templates")) : [];
  it("there are templates to check", () => {
    expect(templates.length).toBeGreaterThanOrEqual(4);
  });
  for (const t of templates) {
    it(`templates/${t}`, async () => {
      const r = await validateExtension(fillTemplate(t), { env: {} });
      expect(brief(r.findings)).toEqual([]);
    });
  }
});
