// The extension object and its chat front, shared by every module.
import { ChatExtension, Extension } from "@imperal/sdk";

export const ext = new Extension("web-tools", {
  version: "1.0.0",
  displayName: "Web Tools",
  description: "Domain monitors with scheduled scans, ad-hoc scans and DNS/SSL/HTTP/email diagnostics, with panels.",
  icon: "icon.svg",
  capabilities: ["web-tools:read", "web-tools:write", "web-tools:delete"],
  // The backend's base URL (SPEC 7.2): `.imperal/config.json` { "app": { "backend": { "url": ... } } } overrides it.
  configDefaults: { backend: { url: "https://api.webtools.example.com" } },
});

export const chat = new ChatExtension(ext, {
  toolName: "web_tools",
  description: "Monitor domains and run DNS, SSL, HTTP, email and blacklist checks.",
});
