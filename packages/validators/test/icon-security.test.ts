import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASE_APP, HEADER, cleanupTemp, makeExt, brief } from "./helpers.js";
import { validateExtension, checkSvgText } from "../src/index.js";

afterAll(cleanupTemp);

const ICON_LINE = 7; // line of `icon: "icon.svg"` in BASE_APP
const ICON_COL = 9; // column of the icon string literal

async function withIcon(svg: string | Buffer, iconPath = "icon.svg", extra: Record<string, string | Buffer> = {}) {
  const app = BASE_APP.replace('icon: "icon.svg"', `icon: ${JSON.stringify(iconPath)}`);
  const dir = makeExt({
    "src/app.ts": app,
    "src/index.ts": HEADER,
    [iconPath.startsWith("..") || path.isAbsolute(iconPath) ? "unused.svg" : iconPath]: svg,
    ...extra,
  });
  const r = await validateExtension(dir, { env: {} });
  return { dir, r };
}

describe("V21: hostile SVG content", () => {
  it("billion laughs: the DOCTYPE is refused before any entity is expanded", async () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><text>&lol9;</text></svg>
`;
    const t0 = performance.now();
    const { r } = await withIcon(lol);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(brief(r.findings)).toEqual(["V21 error icon.svg:2:1"]);
    expect(r.findings[0]!.message).toMatch(/DOCTYPE/);
  });

  it("external entity (XXE) is refused and nothing is read", async () => {
    const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-secret-"));
    const secret = path.join(secretDir, "secret.txt");
    fs.writeFileSync(secret, "TOP-SECRET-CONTENT");
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file://${secret}"> ]>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&xxe;</text></svg>\n`;
    const { r } = await withIcon(xxe);
    expect(brief(r.findings)).toEqual(["V21 error icon.svg:2:1"]);
    expect(JSON.stringify(r.findings)).not.toContain("TOP-SECRET");
    fs.rmSync(secretDir, { recursive: true, force: true });
  });

  it("an undeclared entity is a well-formedness error, not an expansion", async () => {
    const problems = await checkSvgText(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&foo;</text></svg>`,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/not well-formed/);
  });

  it("a 5 MB file is rejected by size before it is read or parsed", async () => {
    const head = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">`;
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
    big.write(head, 0);
    big.write("<script>alert(1)</script></svg>", big.length - 40);
    const { r } = await withIcon(big);
    // reported at the icon option in the source; had the file been parsed there would also be a <script> finding
    expect(brief(r.findings)).toEqual([`V21 error src/app.ts:${ICON_LINE}:${ICON_COL}`]);
    expect(r.findings[0]!.message).toMatch(/5242880 bytes \(max 102400\)/);
  });

  const cases: [string, string, string, RegExp][] = [
    [
      "embedded raster (data:image/png)",
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24">\n  <image width="24" height="24" xlink:href="data:image/png;base64,iVBORw0KGgo="/>\n</svg>`,
      "icon.svg:2:33",
      /raster/,
    ],
    [
      "<script>",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n<script>alert(1)</script>\n</svg>`,
      "icon.svg:2:1",
      /<script>/,
    ],
    [
      "onload=",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" onload="alert(1)">\n</svg>`,
      "icon.svg:1:61",
      /onload/,
    ],
    [
      "<foreignObject>",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>\n</svg>`,
      "icon.svg:2:3",
      /foreignObject/,
    ],
    [
      "href to http",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n  <use href="http://evil.example/sprite.svg#a"/>\n</svg>`,
      "icon.svg:2:8",
      /external resource/,
    ],
    [
      "CSS url() to http",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n  <rect style="fill: url(https://evil.example/x.svg#p)" width="2" height="2"/>\n</svg>`,
      "icon.svg:2:9",
      /external resource/,
    ],
    [
      "<style> @import",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n<style>@import url(https://evil.example/a.css);</style>\n</svg>`,
      "icon.svg:2:8",
      /@import/,
    ],
    [
      "xml-stylesheet processing instruction",
      `<?xml-stylesheet href="https://evil.example/a.css"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>`,
      "icon.svg:1:1",
      /processing instruction/,
    ],
    ["root is not <svg>", `<html><body/></html>`, "icon.svg:1:1", /root element is <html>/],
    ["viewBox missing", `<svg xmlns="http://www.w3.org/2000/svg" width="24"/>`, "icon.svg:1:1", /no viewBox/],
    [
      "viewBox not four numbers",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24"/>`,
      "icon.svg:1:1",
      /not four numbers/,
    ],
    [
      "not well-formed",
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n  <g>\n</svg>`,
      "icon.svg:3:7",
      /not well-formed/,
    ],
  ];
  for (const [name, svg, where, msg] of cases) {
    it(`refuses ${name}`, async () => {
      const { r } = await withIcon(svg);
      expect(brief(r.findings)).toEqual([`V21 error ${where}`]);
      expect(r.findings[0]!.message).toMatch(msg);
    });
  }

  // SPEC 10: names compared case-insensitively, CSS read after its escapes, SMIL checked like the attributes it sets
  const S = (body: string, attrs = "") =>
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24"${attrs}>\n${body}\n</svg>`;
  const bypasses: [string, string, RegExp][] = [
    [
      "<animate> writing a javascript: href",
      S(`<a><animate attributeName="href" values="#a;javascript:alert(1)"/></a>`),
      /javascript: URL/,
    ],
    [
      "<set> writing an external href",
      S(`<a><set attributeName="href" to="https://evil.example/"/></a>`),
      /external resource/,
    ],
    [
      "<set> writing xlink:href from",
      S(`<use><set attributeName="xlink:href" from="#a" to="//evil.example/s.svg#x"/></use>`),
      /external resource/,
    ],
    [
      "<animate> on an upper-case HREF",
      S(`<a><animate attributeName="HREF" by="data:text/html,x"/></a>`),
      /external resource/,
    ],
    ["<set> writing an event handler", S(`<rect><set attributeName="onclick" to="alert(1)"/></rect>`), /event-handler/],
    [
      "<animateTransform> aimed at href",
      S(`<a><animateTransform attributeName="href" values="javascript:x"/></a>`),
      /javascript: URL/,
    ],
    ["CSS-escaped u\\72l()", S(`<style>rect { fill: u\\72l(https://evil.example/p) }</style>`), /external resource/],
    ["CSS-escaped @\\69mport", S(`<style>@\\69mport "https://evil.example/a.css";</style>`), /@import/],
    ["a comment inside url", S(`<rect style="fill: ur/**/l(https://evil.example/p)"/>`), /external resource/],
    [
      "image-set() with a URL string",
      S(`<rect style='fill: image-set("https://evil.example/a.png" 1x)'/>`),
      /external resource/,
    ],
    [
      "-webkit-image-set() escaped",
      S(`<style>rect { fill: -webkit-image-\\73 et("//evil.example/a.png" 1x) }</style>`),
      /external resource/,
    ],
    ["url() in a presentation attribute", S(`<rect fill="URL(https://evil.example/p)"/>`), /external resource/],
    ["upper-case HREF=", S(`<use HREF="https://evil.example/s.svg#a"/>`), /external resource/],
    ["upper-case SRC=", S(`<image SRC="https://evil.example/a.png"/>`), /external resource/],
    ["upper-case ONLOAD=", S("", ` ONLOAD="alert(1)"`), /event-handler attribute ONLOAD=/],
    ["javascript: with a tab in the scheme", S(`<a href="java&#x09;script:alert(1)"/>`), /javascript: URL/],
  ];
  for (const [name, svg, msg] of bypasses) {
    it(`refuses ${name}`, async () => {
      const { r } = await withIcon(svg);
      expect(r.findings.map((f) => `${f.rule} ${f.severity} ${f.file}`)).toEqual(["V21 error icon.svg"]);
      expect(r.findings[0]!.message).toMatch(msg);
    });
  }

  it("fragment references stay allowed in url(), image-set() and SMIL", async () => {
    const svg = S(`<defs><linearGradient id="g"/></defs>
<rect fill="URL(#g)" style="fill: u\\72l('#g'); stroke: image-set('#g' 1x)"/>
<a href="#g"><set attributeName="href" to="#g"/><animate attributeName="opacity" values="0;1" dur="1s"/></a>`);
    const { r } = await withIcon(svg);
    expect(r.findings).toEqual([]);
  });

  it("accepts a clean icon with #fragment references, gradients and comments", async () => {
    const svg = `<?xml version="1.0" encoding="UTF-8"?>
<!-- icon -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0,0,24,24">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <rect class="a" width="24" height="24" style="fill:url(#g)"/>
  <use xlink:href="#g"/>
</svg>`;
    const { r } = await withIcon(svg);
    expect(r.findings).toEqual([]);
  });

  it("an icon that is not .svg", async () => {
    const { r } = await withIcon(Buffer.from([0x89, 0x50, 0x4e, 0x47]), "icon.png");
    expect(brief(r.findings)).toEqual([`V21 error src/app.ts:${ICON_LINE}:${ICON_COL}`]);
    expect(r.findings[0]!.message).toMatch(/not an \.svg/);
  });
});

describe("V16: icon paths never leave the root", () => {
  it("a symlink pointing outside the root is refused and not read", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-outside-"));
    fs.writeFileSync(
      path.join(outside, "icon.svg"),
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>x</script></svg>`,
    );
    const dir = makeExt({ "src/index.ts": HEADER, "icon.svg": "" });
    fs.rmSync(path.join(dir, "icon.svg"));
    fs.symlinkSync(path.join(outside, "icon.svg"), path.join(dir, "icon.svg"));
    const r = await validateExtension(dir, { env: {} });
    expect(brief(r.findings)).toEqual([`V16 error src/app.ts:${ICON_LINE}:${ICON_COL}`]);
    expect(r.findings[0]!.message).toMatch(/symlink that points outside/);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("a symlinked directory pointing outside the root is refused too", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "imperal-outside-"));
    fs.writeFileSync(path.join(outside, "icon.svg"), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`);
    const dir = makeExt({
      "src/index.ts": HEADER,
      "src/app.ts": BASE_APP.replace('icon: "icon.svg"', 'icon: "assets/icon.svg"'),
    });
    fs.symlinkSync(outside, path.join(dir, "assets"));
    const r = await validateExtension(dir, { env: {} });
    // the link itself is reported too: sources behind it would not be analysed
    expect(brief(r.findings)).toEqual([
      "CANNOT-VERIFY warn assets:1:1",
      `V16 error src/app.ts:${ICON_LINE}:${ICON_COL}`,
    ]);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("a symlink inside the root to a file inside the root is fine", async () => {
    const dir = makeExt({
      "src/index.ts": HEADER,
      "assets/real.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`,
    });
    fs.rmSync(path.join(dir, "icon.svg"));
    fs.symlinkSync(path.join(dir, "assets/real.svg"), path.join(dir, "icon.svg"));
    const r = await validateExtension(dir, { env: {} });
    expect(r.findings).toEqual([]);
  });

  const bad: [string, RegExp][] = [
    ["../../etc/passwd", /escapes the extension root/],
    ["assets/../../icon.svg", /escapes the extension root/],
    ["/etc/passwd", /absolute path/],
    ["https://cdn.example/icon.svg", /URL/],
    ["missing.svg", /does not exist/],
    ["src", /not a regular file/],
    ["", /empty/],
  ];
  for (const [p, msg] of bad) {
    it(`refuses icon ${JSON.stringify(p)}`, async () => {
      const dir = makeExt({
        "src/index.ts": HEADER,
        "src/app.ts": BASE_APP.replace('icon: "icon.svg"', `icon: ${JSON.stringify(p)}`),
      });
      const r = await validateExtension(dir, { env: {} });
      expect(brief(r.findings)).toEqual([`V16 error src/app.ts:${ICON_LINE}:${ICON_COL}`]);
      expect(r.findings[0]!.message).toMatch(msg);
    });
  }

  it("a computed icon path cannot be verified (warning)", async () => {
    const dir = makeExt({
      "src/index.ts": HEADER,
      "src/app.ts": BASE_APP.replace('icon: "icon.svg"', "icon: process.env.ICON"),
    });
    const r = await validateExtension(dir, { env: {} });
    expect(brief(r.findings)).toEqual([`V16 warn src/app.ts:${ICON_LINE}:${ICON_COL}`]);
  });

  it("a missing icon option is an error", async () => {
    const dir = makeExt({ "src/index.ts": HEADER, "src/app.ts": BASE_APP.replace('  icon: "icon.svg",\n', "") });
    const r = await validateExtension(dir, { env: {} });
    expect(brief(r.findings)).toEqual(["V16 error src/app.ts:3:20"]);
  });
});
