/**
 * Vite plugin: fills index.html's Content-Security-Policy meta element from the one policy the main
 * process also sends as a header (electron/main/csp-policy.ts), so the two cannot drift apart. The
 * build fails if the placeholder is missing or the page carries a policy of its own.
 */
import type { Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from '../electron/main/csp-policy';

export const CSP_PLACEHOLDER = '%HA_WIZARD_CSP%';

export function withCspMeta(html: string): string {
  const metas = html.match(/<meta[^>]+http-equiv=["']?content-security-policy[^>]*>/gi) ?? [];
  if (metas.length !== 1 || !metas[0]!.includes(`content="${CSP_PLACEHOLDER}"`)) {
    throw new Error(`index.html must have exactly one CSP meta element, content="${CSP_PLACEHOLDER}" (the policy is electron/main/csp-policy.ts)`);
  }
  if (/["<>&]/.test(META_CONTENT_SECURITY_POLICY)) throw new Error('the CSP cannot be written into an attribute as it is');
  return html.replace(CSP_PLACEHOLDER, META_CONTENT_SECURITY_POLICY);
}

export function cspMetaPlugin(): Plugin {
  return { name: 'ha-wizard-csp-meta', transformIndexHtml: { order: 'pre', handler: withCspMeta } };
}
