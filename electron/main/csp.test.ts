/**
 * The renderer's CSP (item 15): the shipped page's meta element and the main process's header say
 * the same thing (the header adds only frame-ancestors, which a meta element cannot carry), and the
 * shipped policy connects nowhere but 'self': no ws://127.0.0.1:* for the harness.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withCspMeta } from '../../build/csp-meta-plugin';
import { harnessPage } from '../../e2e/harness/server';

vi.mock('electron', () => ({ shell: {} }));
const { CONTENT_SECURITY_POLICY } = await import('./content-security');
const { parseCsp } = await import('./csp-policy');

const source = fs.readFileSync(path.join(__dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
/** index.html as the build writes it (the same transform electron.vite.config.ts runs). */
const shipped = withCspMeta(source);
const metaOf = (html: string) => {
  const all = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((m) => m[1]!);
  expect(all).toHaveLength(1);
  return all[0]!;
};

describe('the renderer’s Content-Security-Policy', () => {
  it('meta and header say the same thing, directive by directive', () => {
    const header = parseCsp(CONTENT_SECURITY_POLICY);
    expect(header.get('frame-ancestors')).toBe("'none'");
    header.delete('frame-ancestors');
    expect([...parseCsp(metaOf(shipped))]).toEqual([...header]);
  });
  it('the shipped page connects to itself only', () => {
    expect(parseCsp(metaOf(shipped)).get('connect-src')).toBe("'self'");
    expect(shipped).not.toMatch(/ws:|wss:|127\.0\.0\.1|localhost/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/ws:|wss:|127\.0\.0\.1|localhost/);
  });
  it('the build refuses a page without the placeholder or with a policy of its own', () => {
    expect(() => withCspMeta(source.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''))).toThrow(/exactly one CSP meta/);
    expect(() => withCspMeta(source.replace('<title>', `<meta http-equiv="Content-Security-Policy" content="default-src *" /><title>`))).toThrow(/exactly one CSP meta/);
  });
  it('the harness adds its own socket, and only to the page it serves', () => {
    const served = harnessPage(shipped, 43210);
    expect(parseCsp(metaOf(served)).get('connect-src')).toBe("'self' ws://127.0.0.1:43210");
    const rest = (html: string) => { const p = parseCsp(metaOf(html)); p.delete('connect-src'); return [...p]; };
    expect(rest(served)).toEqual(rest(shipped));
    expect(served.indexOf('/__harness/bridge.js')).toBeLessThan(served.indexOf('<script type="module"'));
  });
});
