// The extension object and its chat front, shared by every module.
import { ChatExtension, Extension } from "@imperal/sdk";

export const ext = new Extension("web-tools", {
  version: "1.0.0",
  displayName: "Web Tools",
  description: "Domain monitors with scheduled scans, ad-hoc scans and DNS/SSL/HTTP/email diagnostics, with panels.",
  icon: "icon.svg",
  capabilities: ["web-tools:read", "web-tools:write", "web-tools:delete"],
});

export const chat = new ChatExtension(ext, {
  toolName: "web_tools",
  description: "Monitor domains and run DNS, SSL, HTTP, email and blacklist checks.",
});

// Until ctx.config (SPEC 7.2) exists, the backend URL is a secret the extension may set; its default is the
// production backend. Tests point it at a loopback stub.
ext.secret("backend_url", { description: "Base URL of the Web Tools backend.", writeMode: "both" });
export const DEFAULT_BACKEND = "https://api.webtools.example.com";
