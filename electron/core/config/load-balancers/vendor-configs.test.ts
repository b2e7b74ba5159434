/**
 * What every generated balancer config must contain, checked per type on the text itself (the golden
 * files pin the exact bytes): health check, backends, persistence only when asked, upload limits,
 * timeouts, forwarded headers, the Web.BaseUrl note; and that hostile input is refused.
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { LoadBalancerType } from '../../../shared/profile';
import { lintPowerShell } from '../../remote/powershell-lint';
import { loadBalancerConfig, type LoadBalancerConfig } from './index';
import { ALL_TYPES, BASE_URL_SENTENCE, EXAMPLE_INPUT as input } from './test-fixtures';
import type { LoadBalancerBackend, LoadBalancerInput } from './types';

interface Spec {
  health: string[];
  backend: (b: LoadBalancerBackend) => string[];
  /** Present exactly when sticky is on. */
  sticky: RegExp;
  upload: string[];
  timeouts: string[];
  forwarded: string[];
}

const SPECS: Record<LoadBalancerType, Spec> = {
  haproxy: {
    health: ['option httpchk GET /health', 'http-check expect status 200', 'inter 1s fall 2'],
    backend: (b) => [`server ${b.name} ${b.host}:${b.port} check`],
    sticky: /cookie INEDOSRV/,
    upload: [],
    timeouts: ['timeout client 3600s', 'timeout server 3600s'],
    forwarded: ['option forwardfor', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'X-Forwarded-Port'],
  },
  nginx: {
    health: ['max_fails=1', 'a node answering 500 on /health keeps receiving requests'],
    backend: (b) => [`server ${b.host}:${b.port} `],
    sticky: /ip_hash;/,
    upload: ['client_max_body_size 0;', 'proxy_request_buffering off;'],
    timeouts: ['proxy_read_timeout 3600s;', 'proxy_send_timeout 3600s;'],
    forwarded: ['X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme', 'X-Forwarded-Host $host', 'X-Forwarded-Port $server_port'],
  },
  'iis-arr': {
    health: ["-Name 'url' -Value 'http://InedoCluster/health'", "-Name 'statusCodeMatch' -Value '200'", "-Name 'interval' -Value '00:00:03'"],
    backend: (b) => [`@{ address = '${b.host}'; enabled = $true }`, `server[@address=''${b.host}'']/applicationRequestRouting') -Name 'httpPort' -Value ${b.port}`],
    sticky: /'useCookie' -Value \$true/,
    upload: ['maxAllowedContentLength="4294967295"', 'maxRequestLength="2097151"', 'allowDoubleEscaping="true"'],
    timeouts: ["-Filter $proxy -Name 'timeout' -Value '01:00:00'", "-Filter ($arr + '/protocol') -Name 'timeout' -Value '01:00:00'", 'executionTimeout="3600"'],
    forwarded: [
      '<set name="HTTP_X_FORWARDED_PROTO" value="{C:1}" />', '<set name="HTTP_X_FORWARDED_HOST" value="{HTTP_HOST}" />',
      '<set name="HTTP_X_FORWARDED_PORT" value="{SERVER_PORT}" />', "'xForwardedForHeaderName' -Value 'X-Forwarded-For'",
      "'preserveHostHeader' -Value $true",
    ],
  },
  f5: {
    health: ['send "GET /health HTTP/1.1\\r\\nHost: proget.corp.example', 'recv "HTTP/1.1 200"', 'interval 3 timeout 10', 'monitor inedo_health members'],
    backend: (b) => [/^\d/.test(b.host) ? `node inedo_${b.name} { address ${b.host} }` : `node inedo_${b.name} { fqdn { name ${b.host} `, `inedo_${b.name}:${b.port}`],
    sticky: /persist replace-all-with|ltm persistence cookie/,
    upload: ['no request-body size limit'],
    timeouts: ['create ltm profile tcp inedo_tcp { defaults-from tcp idle-timeout 3600 }', 'profiles add { inedo_tcp '],
    forwarded: ['insert-xforwarded-for enabled', 'replace X-Forwarded-Proto https', 'replace X-Forwarded-Host [HTTP::host]', 'replace X-Forwarded-Port [TCP::local_port]', 'rules { inedo_forwarded }'],
  },
  a10: {
    health: ['method http port 8624 expect response-code 200 host proget.corp.example url GET /health', 'interval 3 timeout 2', 'retry 3'],
    backend: (b) => [`slb server inedo_${b.name} ${b.host}\n  port ${b.port} tcp\n    health-check inedo_health_${b.port}`, `member inedo_${b.name} ${b.port}`],
    sticky: /template persist cookie/,
    upload: ['no request-body size limit'],
    timeouts: ['slb template tcp-proxy inedo_tcp_proxy\n  idle-timeout 3600', '    template tcp-proxy inedo_tcp_proxy'],
    forwarded: ['insert-client-ip X-Forwarded-For', '"X-Forwarded-Proto: https"', '"X-Forwarded-Host: proget.corp.example"', '"X-Forwarded-Port: 443"'],
  },
  citrix: {
    health: ['-respCode 200 -httpRequest "GET /health"', '-interval 3 -resptimeout 2 -retries 3', 'bind serviceGroup inedo_sg -monitorName inedo_health'],
    backend: (b) => [`add server inedo_${b.name} ${b.host}`, `bind serviceGroup inedo_sg inedo_${b.name} ${b.port}`],
    sticky: /COOKIEINSERT/,
    upload: ['without a request-body size limit'],
    timeouts: ['-cltTimeout 3600 -svrTimeout 3600', '-lbMethod ROUNDROBIN -persistenceType'],
    forwarded: ['-cip ENABLED X-Forwarded-For', 'insert_http_header X-Forwarded-Proto', 'insert_http_header X-Forwarded-Host', 'insert_http_header X-Forwarded-Port'],
  },
};

const allText = (config: LoadBalancerConfig) => config.files.map((f) => f.content).join('\n');
const file = (config: LoadBalancerConfig, name: string) => config.files.find((f) => f.name === name)?.content ?? '';

describe.each(ALL_TYPES)('%s config', (type) => {
  const spec = SPECS[type];

  it.each([false, true])('has a health check, every backend, the limits, timeouts and headers (sticky %s)', (sticky) => {
    const config = loadBalancerConfig(type, { ...input, sticky });
    const text = `${allText(config)}\n${config.notes.join('\n')}`;
    for (const s of [...spec.health, ...spec.upload, ...spec.timeouts, ...spec.forwarded]) expect(text).toContain(s);
    for (const b of input.backends) for (const s of spec.backend(b)) expect(text).toContain(s);
    expect(spec.sticky.test(allText(config))).toBe(sticky);
  });

  it('says in every file and in the notes that Web.BaseUrl must be the balancer URL', () => {
    const config = loadBalancerConfig(type, input);
    expect(config.files.length).toBeGreaterThan(0);
    for (const f of config.files) {
      expect(f.content).toContain(BASE_URL_SENTENCE);
      expect(f.content).toContain('Generated by HA Wizard');
      expect(f.content.endsWith('\n')).toBe(true);
      expect(f.content).not.toMatch(/\t|\r/);
    }
    expect(config.notes).toContain(BASE_URL_SENTENCE);
  });

  it('is deterministic', () => {
    for (const sticky of [false, true]) {
      expect(loadBalancerConfig(type, { ...input, sticky })).toEqual(loadBalancerConfig(type, { ...input, sticky }));
    }
  });

  const hostile: [string, Partial<LoadBalancerInput>][] = [
    ['a name with a newline', { backends: [{ name: 'a\ncreate ltm virtual evil', host: '10.0.0.1', port: 1 }] }],
    ['a name with a quote', { backends: [{ name: 'a"b', host: '10.0.0.1', port: 1 }] }],
    ['a host with ;', { backends: [{ name: 'a', host: 'x; rm -rf /', port: 1 }] }],
    ['a host starting with -', { backends: [{ name: 'a', host: '-cip', port: 1 }] }],
    ['a public URL with a newline', { publicUrl: 'https://a.example\nadd server evil 1.2.3.4' }],
    ['a public URL with a quote', { publicUrl: "https://a.example/'\"" }],
    ['a health path with a quote', { healthPath: '/health" -x' }],
    ['a listen port out of range', { listenPort: 70000 }],
    ['two backends with one name', { backends: [{ name: 'n', host: '10.0.0.1', port: 1 }, { name: 'N', host: '10.0.0.2', port: 1 }] }],
  ];
  it.each(hostile)('refuses %s', (_label, change) => {
    expect(() => loadBalancerConfig(type, { ...input, ...change })).toThrow(/not allowed|bad|twice/);
  });
});

describe('IIS ARR specifics', () => {
  it('web.config is well-formed XML and the script passes the PowerShell lint', () => {
    for (const sticky of [false, true]) {
      const config = loadBalancerConfig('iis-arr', { ...input, sticky });
      expect(XMLValidator.validate(file(config, 'web.config'))).toBe(true);
      expect(lintPowerShell(file(config, 'configure-arr-farm.ps1'))).toEqual([]);
      expect(file(config, 'configure-arr-farm.ps1')).toContain(`'useCookie' -Value $${sticky}`);
    }
  });

  it('keeps web.config well-formed when the URL holds "--" (punycode), and the notes keep the exact URL', () => {
    const config = loadBalancerConfig('iis-arr', { ...input, publicUrl: 'https://xn--prget-lua.example' });
    expect(XMLValidator.validate(file(config, 'web.config'))).toBe(true);
    expect(config.notes[0]).toBe("The product's Web.BaseUrl must be this balancer's URL: https://xn--prget-lua.example");
  });

  it('refuses two nodes on one host (a farm knows servers by address only)', () => {
    const backends = [{ name: 'a', host: 'node.example', port: 8624 }, { name: 'b', host: 'NODE.example', port: 8625 }];
    expect(() => loadBalancerConfig('iis-arr', { ...input, backends })).toThrow(/same address/);
  });
});

describe('appliance syntax', () => {
  it('F5: braces balance and IPv6 destinations use address.port', () => {
    const text = allText(loadBalancerConfig('f5', { ...input, sticky: true, listenAddress: '[fd00::10]' }));
    expect(text.split('{').length).toBe(text.split('}').length);
    expect(text).toContain('destination fd00::10.443 ');
  });

  it('Citrix: quotes pair up on every line', () => {
    const text = allText(loadBalancerConfig('citrix', { ...input, sticky: true }));
    for (const line of text.split('\n').filter((l) => !l.startsWith('#'))) {
      expect(line.replace(/\\"/g, '').split('"').length % 2, line).toBe(1);
    }
  });

  it('A10: one health monitor per node port', () => {
    const text = allText(loadBalancerConfig('a10', input));
    expect(text).toContain('health monitor inedo_health_8624\n');
    expect(text).toContain('health monitor inedo_health_8625\n');
    expect(text).toContain('method http port 8625 expect response-code 200');
  });

  it.each(['f5', 'a10', 'citrix'] as const)('%s: notes a wildcard listen address and an https URL', (type) => {
    const notes = loadBalancerConfig(type, { ...input, listenAddress: '0.0.0.0' }).notes.join('\n');
    expect(notes).toContain('0.0.0.0 is not a virtual address');
    expect(notes).toContain('The public URL is https');
  });
});
