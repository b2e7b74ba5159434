/** The generated HAProxy and nginx configs are accepted by the real programs (`haproxy -c`, `nginx -t`). */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { haproxyConfig } from './haproxy';
import { nginxConfig } from './nginx';
import type { LoadBalancerInput } from './types';

const exec = promisify(execFile);
const input: LoadBalancerInput = {
  backends: [
    { name: 'node1', host: '10.0.0.11', port: 8624 },
    { name: 'node2', host: 'localhost', port: 8624 },
  ],
  listenAddress: '127.0.0.1',
  listenPort: 18080,
  publicUrl: 'https://proget.corp.example',
  sticky: false,
  healthPath: '/health',
};

describe('load balancer configs', () => {
  it('HAProxy: passes haproxy -c, checks /health expecting 200, no stickiness unless asked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haproxy-'));
    for (const sticky of [false, true]) {
      const text = haproxyConfig({ ...input, sticky });
      fs.writeFileSync(path.join(dir, 'h.cfg'), text);
      await exec('haproxy', ['-c', '-q', '-f', path.join(dir, 'h.cfg')]);
      expect(text).toContain('option httpchk GET /health');
      expect(text).toContain('http-check expect status 200');
      expect(text).toContain('Web.BaseUrl must be this balancer\'s URL: https://proget.corp.example');
      expect(text.includes('cookie INEDOSRV')).toBe(sticky);
    }
  });

  it('nginx: passes nginx -t, no upload limit, forwarded headers, ip_hash only when sticky', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-'));
    for (const sticky of [false, true]) {
      const text = nginxConfig({ ...input, sticky }, {
        global: [`pid ${path.join(dir, 'n.pid')};`, `error_log ${path.join(dir, 'e.log')};`],
        http: ['access_log off;', `client_body_temp_path ${dir}/cb;`, `proxy_temp_path ${dir}/p;`],
      });
      fs.writeFileSync(path.join(dir, 'n.conf'), text);
      await exec('nginx', ['-t', '-q', '-c', path.join(dir, 'n.conf'), '-p', dir]);
      expect(text).toContain('client_max_body_size 0;');
      for (const h of ['Host', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'X-Forwarded-Port']) expect(text).toContain(`proxy_set_header ${h} `);
      expect(text.includes('ip_hash;')).toBe(sticky);
    }
  });

  it('refuses names and hosts that could break out of a config line', () => {
    expect(() => haproxyConfig({ ...input, backends: [{ name: 'a\n  server evil', host: 'x', port: 1 }] })).toThrow(/not allowed/);
    expect(() => nginxConfig({ ...input, backends: [{ name: 'a', host: 'x; include /etc/passwd', port: 1 }] })).toThrow(/not allowed/);
    expect(() => haproxyConfig({ ...input, backends: [] })).toThrow(/at least one/);
  });
});
