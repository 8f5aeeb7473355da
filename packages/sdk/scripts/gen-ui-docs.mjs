#!/usr/bin/env node
// Writes docs/ui.md from the node definitions of the built SDK (test/ui-kit.test.ts fails when it drifts).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UI_NODES, renderUiDocs } from "../dist/index.js";

const out = fileURLToPath(new URL("../../../docs/ui.md", import.meta.url));
writeFileSync(out, renderUiDocs(UI_NODES));
console.log(`wrote ${out} (${Object.keys(UI_NODES).length} nodes)`);
