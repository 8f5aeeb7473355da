/**
 * Map JSON pointers (ajv `instancePath`) to offsets in the JSON text, so manifest findings carry real lines.
 * A tolerant single-pass scanner: it records the start offset of every value and of every member key.
 */
export function jsonPointerOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    // assumes text[i] === '"'
    let s = "";
    i++;
    while (i < n && text[i] !== '"') {
      if (text[i] === "\\") {
        const c = text[i + 1];
        if (c === "u") {
          s += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        s += c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c === "b" ? "\b" : c === "f" ? "\f" : (c ?? "");
        i += 2;
        continue;
      }
      s += text[i];
      i++;
    }
    i++;
    return s;
  };
  const esc = (k: string): string => k.replace(/~/g, "~0").replace(/\//g, "~1");
  const value = (ptr: string, depth: number): void => {
    ws();
    if (!out.has(ptr)) out.set(ptr, i);
    if (depth > 200 || i >= n) return;
    const c = text[i];
    if (c === "{") {
      i++;
      for (;;) {
        ws();
        if (text[i] === "}") {
          i++;
          return;
        }
        if (text[i] !== '"') return;
        const keyStart = i;
        const key = str();
        out.set(`${ptr}/${esc(key)}#key`, keyStart);
        ws();
        if (text[i] !== ":") return;
        i++;
        value(`${ptr}/${esc(key)}`, depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") i++;
        return;
      }
    } else if (c === "[") {
      i++;
      let idx = 0;
      for (;;) {
        ws();
        if (text[i] === "]") {
          i++;
          return;
        }
        value(`${ptr}/${idx++}`, depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") i++;
        return;
      }
    } else if (c === '"') {
      str();
    } else {
      while (i < n && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  };
  value("", 0);
  return out;
}
