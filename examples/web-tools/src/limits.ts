// Limits and input rules of the original extension.
import { CHECKS } from "./status.js";

export const MAX_GROUPS = 5;
export const MAX_DOMAINS_PER_GROUP = 20;
export const MAX_PROFILES = 5;
export const MAX_CHECKS_PER_PROFILE = 5;
export const MAX_MONITORS = 5;
export const MAX_NAME = 50;
export const INTERVALS = [1, 6, 12, 24, 48, 168] as const;

/** Labels of letters/digits/hyphens joined by dots. */
export const DOMAIN_RE =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
export const DOMAIN_PATTERN = DOMAIN_RE.source;

/** Domains from a list and/or a comma/newline separated text, lower-cased and de-duplicated. */
export function parseDomains(list: readonly string[] = [], csv = ""): string[] {
  const all = [...list, ...csv.split(/[,\n]/)].map((d) => d.trim().toLowerCase()).filter(Boolean);
  return [...new Set(all)];
}

/** The domains that do not match the domain rule. */
export function invalidDomains(domains: readonly string[]): string[] {
  return domains.filter((d) => !DOMAIN_RE.test(d));
}

/** Valid, de-duplicated checks from a list and/or a CSV. */
export function parseChecks(list: readonly string[] = [], csv = ""): string[] {
  const all = [...list, ...csv.split(/[,\n]/)].map((c) => c.trim().toLowerCase()).filter(Boolean);
  return [...new Set(all)].filter((c) => (CHECKS as readonly string[]).includes(c));
}

/** Trims a name to the stored maximum. */
export function cleanName(name: string): string {
  return name.trim().slice(0, MAX_NAME);
}

/** Checks a group's domain list (non-empty, valid, at most 20); returns the error sentence or null. */
export function domainProblem(domains: readonly string[]): string | null {
  if (domains.length === 0) return "Give at least one domain.";
  const bad = invalidDomains(domains);
  if (bad.length) return `Invalid domain format: ${bad.slice(0, 3).join(", ")}.`;
  if (domains.length > MAX_DOMAINS_PER_GROUP) return `A group holds at most ${MAX_DOMAINS_PER_GROUP} domains.`;
  return null;
}
