/**
 * The renderer's Content-Security-Policy, in one place: the main process sends it as a header
 * (content-security.ts) and the build writes the same policy into index.html's meta element
 * (build/csp-meta-plugin.ts), so the page is locked even where no header arrives. The shipped policy
 * connects nowhere but 'self': the e2e harness adds its own WebSocket when it serves the page.
 * No Electron import: the build reads this file too.
 */
export const RENDERER_CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

/** What index.html's meta element says. */
export const META_CONTENT_SECURITY_POLICY = RENDERER_CSP_DIRECTIVES.join('; ');

/** The header: the same policy, plus frame-ancestors, which a meta element cannot carry (CSP 3, §6.4.2). */
export const CONTENT_SECURITY_POLICY = `${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/** A policy as directive name -> its sources in order, for comparing two policies. */
export function parseCsp(policy: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources.join(' '));
  }
  return out;
}
