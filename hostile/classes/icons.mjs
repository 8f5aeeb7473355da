// Hostile SVG icons against V21 (SPEC 2, 10), each validated as the `icon.svg` of a real extension on disk through
// the built dist of @imperal/validators. Counting convention:
// - hostile rows (icons-<class>): leak = the icon got no V21 finding; crash = validateExtension threw or reported
//   an internal error; hang = over 10 s;
// - the icons-safe row holds icons that must pass: a safe icon that gets any finding (a false positive) counts in
//   `crashes` of that row (so the suite fails on it), and its `leaks` stay 0;
// - losses: not applicable (0).
import fs from "node:fs";
import path from "node:path";
import { BASE_APP, HEADER, judge, newRow, openValidator, writeTree } from "../lib/validator-harness.mjs";

const NS = `xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"`;
const svg = (body, attrs = "") => `<svg ${NS} viewBox="0 0 24 24"${attrs}>${body}</svg>`;
const R = `<rect width="2" height="2"/>`;

const groups = {
  "icons-script": [
    svg(`<script>alert(1)</script>`),
    svg(`<SCRIPT>alert(1)</SCRIPT>`),
    svg(`<ScRiPt>alert(1)</ScRiPt>`),
    svg(`<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>`),
    svg(`<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>`),
    svg(`<script><![CDATA[alert(1)]]></script>`),
    svg(`<script href="https://evil.example/x.js"/>`),
    svg(`<script type="text/ecmascript" xlink:href="data:text/javascript,alert(1)"/>`),
    svg(`<defs><script>alert(1)</script></defs>`),
    svg(`<!-- a comment --><g><g><script>1</script></g></g>`),
    svg(`<handler type="application/ecmascript">alert(1)</handler>`),
    svg(`<listener event="click" handler="#h"/>`),
  ],
  "icons-event-handlers": [
    svg(R, ` onload="alert(1)"`),
    svg(R, ` ONLOAD="alert(1)"`),
    svg(R, ` OnLoAd="alert(1)"`),
    svg(`<rect onclick="alert(1)" width="1" height="1"/>`),
    svg(`<rect ONCLICK="alert(1)" width="1" height="1"/>`),
    svg(`<g onmouseover="alert(1)">${R}</g>`),
    svg(`<animate onbegin="alert(1)" attributeName="x" dur="1s"/>`),
    svg(`<rect onfocusin="alert(1)" width="1" height="1"/>`),
    svg(`<rect ev:onclick="alert(1)" xmlns:ev="http://www.w3.org/2001/xml-events" width="1" height="1"/>`),
    svg(`<a onactivate="alert(1)">${R}</a>`),
    svg(`<image onerror="alert(1)" href="#x"/>`),
    svg(`<rect onanimationstart="alert(1)" width="1" height="1"/>`),
    svg(`<set attributeName="onload" to="alert(1)"/>`),
    svg(`<g><g><g><rect onpointerdown="alert(1)" width="1" height="1"/></g></g></g>`),
  ],
  "icons-script-urls": [
    svg(`<a href="javascript:alert(1)">${R}</a>`),
    svg(`<a xlink:href="javascript:alert(1)">${R}</a>`),
    svg(`<a href="JavaScript:alert(1)">${R}</a>`),
    svg(`<a href="java&#x09;script:alert(1)">${R}</a>`),
    svg(`<a href="&#106;avascript:alert(1)">${R}</a>`),
    svg(`<a href="  javascript:alert(1)">${R}</a>`),
    svg(`<a href="java&#x0A;script:alert(1)">${R}</a>`),
    svg(`<a href="vbscript:msgbox(1)">${R}</a>`),
    svg(`<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>`),
    svg(`<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>`),
    svg(`<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">${R}</a>`),
    svg(`<use href="data:image/svg+xml,&lt;svg/&gt;#x"/>`),
    svg(`<feImage href="javascript:alert(1)"/>`),
    svg(`<animateMotion dur="1s"><mpath href="javascript:alert(1)"/></animateMotion>`),
  ],
  "icons-external-refs": [
    svg(`<use href="https://evil.example/sprite.svg#a"/>`),
    svg(`<use href="http://evil.example/sprite.svg#a"/>`),
    svg(`<use href="//evil.example/sprite.svg#a"/>`),
    svg(`<use href="sprite.svg#a"/>`),
    svg(`<use href="file:///etc/passwd#a"/>`),
    svg(`<use HREF="https://evil.example/a.svg#a"/>`),
    svg(`<image SRC="https://evil.example/a.png"/>`),
    svg(`<use XLINK:HREF="https://evil.example/a.svg#a"/>`),
    svg(`<image href="https://evil.example/track.png" width="1" height="1"/>`),
    svg(`<a href="https://evil.example/">${R}</a>`),
    svg(`<tref xlink:href="https://evil.example/t.svg#t"/>`),
    svg(`<filter id="f"><feImage href="https://evil.example/x.png"/></filter>`),
  ],
  "icons-foreign-object": [
    svg(`<foreignObject width="1" height="1"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>`),
    svg(`<FOREIGNOBJECT width="1" height="1"/>`),
    svg(`<svg:foreignObject xmlns:svg="http://www.w3.org/2000/svg" width="1" height="1"/>`),
    svg(`<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></foreignObject>`),
    svg(`<iframe src="https://evil.example/"/>`),
    svg(`<embed src="https://evil.example/x.swf"/>`),
    svg(`<object data="https://evil.example/x"/>`),
    svg(`<g><g><foreignObject width="1" height="1"/></g></g>`),
  ],
  "icons-smil": [
    svg(`<a><animate attributeName="href" values="javascript:alert(1)"/>${R}</a>`),
    svg(`<a><animate attributeName="href" values="#a;javascript:alert(1)"/>${R}</a>`),
    svg(`<a><set attributeName="href" to="https://evil.example/"/>${R}</a>`),
    svg(`<a><set attributeName="xlink:href" to="javascript:alert(1)"/>${R}</a>`),
    svg(`<a><set attributeName="HREF" to="javascript:alert(1)"/>${R}</a>`),
    svg(`<a><set attributeName=" href " to="//evil.example/"/>${R}</a>`),
    svg(`<a><animate attributeName="href" from="#a" to="javascript:alert(1)"/>${R}</a>`),
    svg(`<a><animate attributeName="href" by="data:text/html,x"/>${R}</a>`),
    svg(`<use><set attributeName="href" to="https://evil.example/s.svg#x"/></use>`),
    svg(`<a><animateTransform attributeName="href" values="javascript:alert(1)"/></a>`),
    svg(`<a><animateMotion attributeName="href" values="javascript:alert(1)"/></a>`),
    svg(`<a><animateColor attributeName="href" values="javascript:alert(1)"/></a>`),
    svg(`<rect width="1" height="1"><set attributeName="onclick" to="alert(1)"/></rect>`),
    svg(`<rect width="1" height="1"><animate attributeName="ONMOUSEOVER" values="alert(1)"/></rect>`),
    svg(`<rect width="1" height="1"><set attributeName="fill" to="url(https://evil.example/p)"/></rect>`),
    svg(`<rect width="1" height="1"><SET attributeName="href" to="javascript:alert(1)"/></rect>`),
  ],
  "icons-css": [
    svg(`<rect style="fill: url(https://evil.example/p)" width="1" height="1"/>`),
    svg(`<style>rect { fill: url(https://evil.example/p) }</style>`),
    svg(`<style><![CDATA[rect { fill: url("https://evil.example/p") }]]></style>`),
    svg(`<style>rect { fill: u\\72l(https://evil.example/p) }</style>`),
    svg(`<style>rect { fill: \\75\\72\\6c(https://evil.example/p) }</style>`),
    svg(`<style>rect { fill: \\000075 rl(https://evil.example/p) }</style>`),
    svg(`<rect style="fill: URL( 'https://evil.example/p' )" width="1" height="1"/>`),
    svg(`<rect style="fill: ur/**/l(https://evil.example/p)" width="1" height="1"/>`),
    svg(`<style>@import url(https://evil.example/a.css);</style>`),
    svg(`<style>@import "https://evil.example/a.css";</style>`),
    svg(`<style>@\\69mport "https://evil.example/a.css";</style>`),
    svg(`<style>@IMPORT "a.css";</style>`),
    svg(`<rect style='fill: image-set("https://evil.example/a.png" 1x)' width="1" height="1"/>`),
    svg(`<style>rect { fill: -webkit-image-set("//evil.example/a.png" 1x) }</style>`),
    svg(`<style>rect { fill: image-\\73 et("https://evil.example/a.png" 1x) }</style>`),
    svg(`<rect style='fill: image("https://evil.example/a.png")' width="1" height="1"/>`),
    svg(`<rect style='fill: cross-fade("https://evil.example/a.png", "#b")' width="1" height="1"/>`),
    svg(`<rect style="width: expression(alert(1))" width="1" height="1"/>`),
    svg(`<rect fill="url(https://evil.example/p)" width="1" height="1"/>`),
    svg(`<rect filter="URL(//evil.example/f.svg#f)" width="1" height="1"/>`),
    svg(`<style>svg { cursor: url(https://evil.example/c.cur), auto }</style>`),
    svg(`<style>@font-face { font-family: x; src: url(https://evil.example/f.woff) }</style>`),
    svg(`<svg:style xmlns:svg="http://www.w3.org/2000/svg">rect { fill: url(https://evil.example/p) }</svg:style>`),
    svg(`<STYLE>rect { fill: url(https://evil.example/p) }</STYLE>`),
  ],
  "icons-entities-doctype": [
    `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n${svg("<text>&lol2;</text>")}`,
    `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${svg("<text>&xxe;</text>")}`,
    `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg(R)}`,
    `<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://evil.example/p.dtd"> %p;]>${svg(R)}`,
    `<!DOCTYPE svg>${svg(R)}`,
    svg(`<text>&undefined;</text>`),
    svg(R, ` data-x="&undefined;"`),
    `<!doctype svg>${svg(R)}`,
  ],
  "icons-malformed": [
    "",
    "   ",
    "not xml at all",
    `<svg ${NS} viewBox="0 0 24 24"><g></svg>`,
    `<svg ${NS} viewBox="0 0 24 24"><rect x="1" x="2"/></svg>`,
    `<svg ${NS} viewBox="0 0 24 24"><rect x=1/></svg>`,
    `<svg ${NS} viewBox="0 0 24 24"><rect x="<"/></svg>`,
    `<svg ${NS} viewBox="0 0 24 24">\0</svg>`,
    `${svg(R)}${svg(R)}`,
    `<html><body/></html>`,
    `<svg ${NS} width="24"/>`,
    `<svg ${NS} viewBox="0 0 24"/>`,
    `<svg ${NS} viewBox="a b c d"/>`,
    `<?xml-stylesheet href="https://evil.example/a.css"?>${svg(R)}`,
    `<svg ${NS} viewBox="0 0 24 24"><![CDATA[x]]</svg>`,
    `<svg ${NS} viewBox="0 0 24 24"><!-- unterminated </svg>`,
  ],
  "icons-huge": [
    svg(`<!-- ${"x".repeat(100 * 1024)} -->`),
    svg(`<text>${"y".repeat(1024 * 1024)}</text>`),
    `${svg(`<text>${" ".repeat(5 * 1024 * 1024)}</text>`).slice(0, -6)}<script>alert(1)</script></svg>`,
    svg(R, ` data-x="${"z".repeat(200 * 1024)}"`),
    svg(R.repeat(20_000)),
  ],
  "icons-deep": [
    svg(`${"<g>".repeat(10_000)}<script>alert(1)</script>${"</g>".repeat(10_000)}`),
    svg(`${"<g>".repeat(10_000)}<rect onload="alert(1)" width="1" height="1"/>${"</g>".repeat(10_000)}`),
    svg(`${"<a>".repeat(5_000)}<a href="javascript:alert(1)">${R}</a>${"</a>".repeat(5_000)}`),
    svg(`${"<g>".repeat(5_000)}<use href="https://evil.example/s.svg#a"/>${"</g>".repeat(5_000)}`),
    svg(`${"<g>".repeat(5_000)}<style>rect{fill:u\\72l(https://evil.example/p)}</style>${"</g>".repeat(5_000)}`),
    svg(`${"<g>".repeat(20_000)}`),
  ],
};

// truncations of a valid icon strictly inside its root element: never well-formed, always a finding
const whole = svg(`<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>${R}`);
for (let i = 1; i <= 16; i++) groups["icons-malformed"].push(whole.slice(0, Math.floor((i * (whole.length - 7)) / 17)));

const SAFE = [
  svg(`<rect x="3" y="2" width="18" height="20" rx="3" fill="#4f46e5"/>`),
  `<?xml version="1.0" encoding="UTF-8"?>\n<!-- icon -->\n${svg(`<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs><rect fill="url(#g)" style="fill:url('#g')" width="1" height="1"/>`)}`,
  svg(`<defs><path id="p" d="M0 0h1v1z"/></defs><use href="#p"/><use xlink:href="#p"/>`),
  svg(`<style>.a { fill: url(#g); stroke: URL( "#g" ) }</style><rect class="a" width="1" height="1"/>`),
  svg(`<style>.a { fill: u\\72l(#g) }</style><rect class="a" width="1" height="1"/>`),
  svg(
    `<rect width="1" height="1"><animate attributeName="opacity" values="0;1" dur="1s" repeatCount="indefinite"/></rect>`,
  ),
  svg(`<a href="#p"><set attributeName="href" to="#q" begin="1s"/>${R}</a>`),
  svg(`<title>javascript: and url(https://x) in text are only text</title>${R}`),
  svg(`${"<g>".repeat(5_000)}${R}${"</g>".repeat(5_000)}`),
  svg(R).replaceAll(">", ">\r\n"),
  `\ufeff${svg(R)}`,
  svg(`<rect transform="translate(1 2) rotate(45)" width="1" height="1"/>`),
];

export default {
  name: "icons",
  async run(env) {
    const val = await openValidator(env);
    const dir = val.newDir("icons");
    writeTree(dir, { "src/app.ts": BASE_APP, "src/index.ts": HEADER });
    const rows = [];
    const v21 = (fs_) => fs_.some((f) => f.rule === "V21");
    try {
      for (const [name, icons] of Object.entries(groups)) {
        const acc = newRow(name);
        for (const [i, icon] of icons.entries()) {
          fs.writeFileSync(path.join(dir, "icon.svg"), icon);
          judge(acc, `${name} #${i}`, await val.validate(dir), { expect: v21 });
        }
        rows.push(acc.row);
      }
      const safe = newRow("icons-safe");
      for (const [i, icon] of SAFE.entries()) {
        fs.writeFileSync(path.join(dir, "icon.svg"), icon);
        const rejected = (fs_) => (fs_.length ? `safe icon #${i} rejected: ${fs_[0].message.slice(0, 80)}` : false);
        judge(safe, `icons-safe #${i}`, await val.validate(dir), { isCrash: rejected });
      }
      rows.push(safe.row);
    } finally {
      val.close();
    }
    return rows;
  },
};
