// A minimal npm registry on 127.0.0.1 serving the third-party packages this workspace already has installed
// (node_modules/.pnpm), so the pack test installs with plain npm and no network. Each package is served at the
// exact version pnpm installed (the lockfile's), its tarball made from the installed directory with `tar`.
// Installed directories are what the registry's tarballs unpack to, plus whatever their install scripts built
// (better-sqlite3's compiled binding), which is why the test installs with --ignore-scripts.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";

interface Entry {
  dir: string;
  manifest: Record<string, unknown>;
  tarball?: Buffer;
}

/** name -> version -> installed directory, from a pnpm virtual store (`node_modules/.pnpm`). */
export function scanPnpmStore(storeDir: string): Map<string, Map<string, Entry>> {
  const out = new Map<string, Map<string, Entry>>();
  const add = (dir: string) => {
    const pj = path.join(dir, "package.json");
    if (!existsSync(pj)) return;
    const manifest = JSON.parse(readFileSync(pj, "utf8")) as Record<string, unknown>;
    const name = manifest.name as string | undefined;
    const version = manifest.version as string | undefined;
    if (!name || !version || name.startsWith("@imperal/")) return;
    if (!out.has(name)) out.set(name, new Map());
    out.get(name)!.set(version, { dir, manifest });
  };
  for (const entry of readdirSync(storeDir)) {
    const nm = path.join(storeDir, entry, "node_modules");
    if (!existsSync(nm)) continue;
    for (const e of readdirSync(nm)) {
      const p = path.join(nm, e);
      if (e.startsWith("@")) {
        for (const s of readdirSync(p)) if (!lstatSync(path.join(p, s)).isSymbolicLink()) add(path.join(p, s));
      } else if (!lstatSync(p).isSymbolicLink()) add(p);
    }
  }
  return out;
}

/** A running local registry: its URL and how many packages it served. */
export interface LocalRegistry {
  url: string;
  served: Set<string>;
  close(): Promise<void>;
}

/** Start the registry on a free port. */
export async function startLocalRegistry(storeDir: string): Promise<LocalRegistry> {
  const packages = scanPnpmStore(storeDir);
  const served = new Set<string>();
  const tarballOf = (e: Entry): Buffer => {
    e.tarball ??= execFileSync(
      "tar",
      ["-czf", "-", "--hard-dereference", "--exclude=./node_modules", "--transform=s,^\\.,package,", "-C", e.dir, "."],
      { maxBuffer: 1 << 30 },
    );
    return e.tarball;
  };
  let base = "";
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? "/").split("?")[0]!).replace(/^\/+/, "");
    const tgz = /^(.+)\/-\/(.+)\.tgz$/.exec(url);
    if (tgz) {
      const [name, version] = [tgz[1]!, tgz[2]!.slice(tgz[1]!.split("/").pop()!.length + 1)];
      const e = packages.get(name)?.get(version);
      if (!e) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(tarballOf(e));
      return;
    }
    const versions = packages.get(url);
    if (!versions) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    served.add(url);
    const doc: Record<string, unknown> = { name: url, versions: {}, "dist-tags": {} };
    let latest = "";
    for (const [version, e] of versions) {
      const t = tarballOf(e);
      const file = `${url.split("/").pop()}-${version}.tgz`;
      (doc.versions as Record<string, unknown>)[version] = {
        ...e.manifest,
        _id: `${url}@${version}`,
        dist: {
          tarball: `${base}/${url}/-/${file}`,
          shasum: createHash("sha1").update(t).digest("hex"),
          integrity: `sha512-${createHash("sha512").update(t).digest("base64")}`,
        },
      };
      if (!latest || version.localeCompare(latest, undefined, { numeric: true }) > 0) latest = version;
    }
    doc["dist-tags"] = { latest };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  return {
    url: base,
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
