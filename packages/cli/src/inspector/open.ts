import { spawn } from "node:child_process";

/** The platform's "open this URL" command: `open` (macOS), `cmd /c start` (Windows), `xdg-open` elsewhere. */
export function openerCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === "darwin") return ["open", [url]];
  if (platform === "win32") return ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]];
  return ["xdg-open", [url]];
}

/** Open `url` in the default browser (`imperal dev --open`); a missing opener is reported, never thrown. */
export function openBrowser(url: string, onError: (message: string) => void): void {
  const [cmd, args] = openerCommand(url);
  try {
    const child = spawn(cmd, args, { detached: true, stdio: "ignore" });
    child.on("error", (e) => onError(`could not open a browser (${cmd}): ${e.message}`));
    child.unref();
  } catch (e) {
    onError(`could not open a browser (${cmd}): ${(e as Error).message}`);
  }
}
