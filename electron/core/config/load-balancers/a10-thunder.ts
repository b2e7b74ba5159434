/**
 * A10 Thunder (ACOS 4.x/5.x CLI), pasted in configuration mode. HTTP virtual port; TLS is added on
 * the appliance with a client-ssl template holding the certificate.
 */
import { LARGE_UPLOAD_TIMEOUT_SECONDS, type LoadBalancerInput } from './types';
import { applianceConfig, NAME_PREFIX as P } from './appliance';
import { HEALTH_FAILURES, HEALTH_INTERVAL_SECONDS, HEALTH_TIMEOUT_SECONDS, STICKY_COOKIE, bareHost, type LoadBalancerConfig, type PublicEndpoint } from './vendor-common';

export const A10_FILE_NAME = 'inedo-a10-thunder.txt';

export function a10ThunderConfig(input: LoadBalancerInput): LoadBalancerConfig {
  return applianceConfig(input, {
    file: A10_FILE_NAME,
    language: 'text',
    header: {
      marker: '!',
      title: 'A10 Thunder ADC configuration (ACOS CLI) for an Inedo cluster',
      howTo: [
        'Paste in configuration mode ("configure"), then "write memory". Names start with inedo_.',
        'ACOS inserts static X-Forwarded-Proto/Host/Port values: they are taken from the public URL above.',
      ],
    },
    tls: (pub) => `The public URL is https: add a client-ssl template with the certificate for ${pub.hostname} and serve it on an https virtual port.`,
    notes: (pub) => [`X-Forwarded-Proto, -Host and -Port are inserted as fixed values from the public URL (${pub.scheme}, ${pub.hostHeader}, ${pub.port}): regenerate if the URL changes.`],
    body: (pub) => a10Body(input, pub),
  });
}

function a10Body(input: LoadBalancerInput, pub: PublicEndpoint): string[] {
  // An http health method probes one port: one monitor per distinct node port, bound per server port.
  const ports = [...new Set(input.backends.map((b) => b.port))].sort((a, b) => a - b);
  const monitor = (port: number) => `${P}_health_${port}`;
  return [
    '!',
    `! Health: GET ${input.healthPath} every ${HEALTH_INTERVAL_SECONDS} s, ${HEALTH_TIMEOUT_SECONDS} s to answer, status 200 expected;`,
    `! down after ${HEALTH_FAILURES} failed probes (~${HEALTH_FAILURES * HEALTH_INTERVAL_SECONDS} s). The product answers 500 when it is unhealthy.`,
    ...ports.flatMap((port) => [
      `health monitor ${monitor(port)}`,
      `  retry ${HEALTH_FAILURES}`,
      `  interval ${HEALTH_INTERVAL_SECONDS} timeout ${HEALTH_TIMEOUT_SECONDS}`,
      `  method http port ${port} expect response-code 200 host ${pub.hostHeader} url GET ${input.healthPath}`,
      '!',
    ]),
    ...input.backends.flatMap((b) => [
      `slb server ${P}_${b.name} ${bareHost(b.host)}`,
      `  port ${b.port} tcp`,
      `    health-check ${monitor(b.port)}`,
      '!',
    ]),
    `slb service-group ${P}_sg tcp`,
    '  method round-robin',
    ...input.backends.map((b) => `  member ${P}_${b.name} ${b.port}`),
    '!',
    '! X-Forwarded-For carries the client address; the other headers describe the public URL.',
    '! ACOS sets no request-body size limit in an http template: gigabyte uploads pass as they are.',
    `slb template http ${P}_http`,
    '  insert-client-ip X-Forwarded-For',
    `  request-header-insert "X-Forwarded-Proto: ${pub.scheme}" insert-always`,
    `  request-header-insert "X-Forwarded-Host: ${pub.hostHeader}" insert-always`,
    `  request-header-insert "X-Forwarded-Port: ${pub.port}" insert-always`,
    '!',
    `! Package uploads and downloads can take long: connections may stay idle for ${LARGE_UPLOAD_TIMEOUT_SECONDS} s.`,
    `slb template tcp-proxy ${P}_tcp_proxy`,
    `  idle-timeout ${LARGE_UPLOAD_TIMEOUT_SECONDS}`,
    '!',
    ...(input.sticky
      ? [
        '! Sticky sessions, as asked (not needed with one encryption key on every node): an inserted cookie.',
        `slb template persist cookie ${P}_persist`,
        `  cookie-name ${STICKY_COOKIE}`,
        '  httponly',
        '!',
      ]
      : ['! No persistence template: with one encryption key on every node any node can serve any request.', '!']),
    ...(pub.scheme === 'https'
      ? ['! The public URL is https: terminate TLS here with "port 443 https" and "template client-ssl <yours>",',
        '! or on a device in front of this one.']
      : []),
    `slb virtual-server ${P}_vip ${bareHost(input.listenAddress)}`,
    `  port ${input.listenPort} http`,
    '    source-nat auto',
    `    service-group ${P}_sg`,
    `    template http ${P}_http`,
    `    template tcp-proxy ${P}_tcp_proxy`,
    ...(input.sticky ? [`    template persist cookie ${P}_persist`] : []),
    '!',
    '',
  ];
}
