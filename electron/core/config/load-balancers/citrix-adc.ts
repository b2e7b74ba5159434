/**
 * Citrix ADC / NetScaler ADC CLI commands, run at the CLI or with "batch -fileName". HTTP virtual
 * server; TLS is added on the appliance with its certificate.
 */
import { LARGE_UPLOAD_TIMEOUT_SECONDS, type LoadBalancerInput } from './types';
import { applianceConfig, NAME_PREFIX as P } from './appliance';
import { HEALTH_FAILURES, HEALTH_INTERVAL_SECONDS, HEALTH_TIMEOUT_SECONDS, bareHost, type LoadBalancerConfig, type PublicEndpoint } from './vendor-common';

export const CITRIX_FILE_NAME = 'inedo-citrix-adc.conf';

/** Request headers set by rewrite policies: [name suffix, header, rule, value expression]. */
const FORWARDED: [string, string, string, string][] = [
  ['xfproto_https', 'X-Forwarded-Proto', 'CLIENT.SSL.IS_SSL', '"\\"https\\""'],
  ['xfproto_http', 'X-Forwarded-Proto', 'CLIENT.SSL.IS_SSL.NOT', '"\\"http\\""'],
  ['xfhost', 'X-Forwarded-Host', 'true', '"HTTP.REQ.HEADER(\\"Host\\")"'],
  ['xfport', 'X-Forwarded-Port', 'true', '"CLIENT.TCP.DSTPORT.TYPECAST_TEXT_T"'],
];

export function citrixAdcConfig(input: LoadBalancerInput): LoadBalancerConfig {
  return applianceConfig(input, {
    file: CITRIX_FILE_NAME,
    language: 'text',
    header: {
      marker: '#',
      title: 'Citrix ADC (NetScaler) configuration (CLI) for an Inedo cluster',
      howTo: [
        'Run at the ADC command line (ssh as nsroot), or copy to /var/tmp and run "batch -fileName <file>";',
        'then "save ns config". Names start with inedo_.',
      ],
    },
    tls: (pub) => `The public URL is https: serve it from an SSL virtual server with the certificate for ${pub.hostname} (the rewrite policies then send X-Forwarded-Proto https).`,
    body: (pub) => citrixBody(input, pub),
  });
}

function citrixBody(input: LoadBalancerInput, pub: PublicEndpoint): string[] {
  const vs = `${P}_vs`;
  const persistence = input.sticky ? '-persistenceType COOKIEINSERT -timeout 0' : '-persistenceType NONE';
  return [
    'enable ns feature LB REWRITE',
    '',
    `# Health: GET ${input.healthPath} every ${HEALTH_INTERVAL_SECONDS} s, ${HEALTH_TIMEOUT_SECONDS} s to answer, only 200 counts as up; down after`,
    `# ${HEALTH_FAILURES} failed probes (~${HEALTH_FAILURES * HEALTH_INTERVAL_SECONDS} s). The product answers 500 when it is unhealthy. Kestrel needs a Host header.`,
    `add lb monitor ${P}_health HTTP -respCode 200 -httpRequest "GET ${input.healthPath}" -customHeaders "Host: ${pub.hostHeader}\\r\\n" -interval ${HEALTH_INTERVAL_SECONDS} -resptimeout ${HEALTH_TIMEOUT_SECONDS} -retries ${HEALTH_FAILURES} -downTime ${HEALTH_INTERVAL_SECONDS}`,
    '',
    '# One server object per cluster member (a DNS name needs a name server: "add dns nameServer").',
    ...input.backends.map((b) => `add server ${P}_${b.name} ${bareHost(b.host)}`),
    '# -cip: X-Forwarded-For with the client address. Client and server idle timeouts are raised to',
    `# ${LARGE_UPLOAD_TIMEOUT_SECONDS} s (defaults 180 and 360) so long package transfers are not cut off.`,
    `add serviceGroup ${P}_sg HTTP -maxClient 0 -maxReq 0 -cip ENABLED X-Forwarded-For -usip NO -useproxyport YES -cltTimeout ${LARGE_UPLOAD_TIMEOUT_SECONDS} -svrTimeout ${LARGE_UPLOAD_TIMEOUT_SECONDS}`,
    ...input.backends.map((b) => `bind serviceGroup ${P}_sg ${P}_${b.name} ${b.port}`),
    `bind serviceGroup ${P}_sg -monitorName ${P}_health`,
    '',
    '# The ADC load-balances HTTP without a request-body size limit (only an AppFirewall profile would',
    '# add one): gigabyte uploads pass as they are.',
    input.sticky
      ? '# Sticky sessions, as asked (not needed with one encryption key on every node): an inserted session cookie.'
      : '# No persistence: with one encryption key on every node any node can serve any request.',
    ...(pub.scheme === 'https'
      ? ['# The public URL is https: for TLS here, add the same virtual server with type SSL on port 443',
        `# and bind your certificate to it ("bind ssl vserver <name> -certkeyName <yours>").`]
      : []),
    `add lb vserver ${vs} HTTP ${bareHost(input.listenAddress)} ${input.listenPort} -lbMethod ROUNDROBIN ${persistence} -cltTimeout ${LARGE_UPLOAD_TIMEOUT_SECONDS}`,
    `bind lb vserver ${vs} ${P}_sg`,
    '',
    '# The public scheme, host and port, for the links and redirects the product builds.',
    ...FORWARDED.flatMap(([suffix, header, rule, value]) => [
      `add rewrite action ${P}_${suffix}_act insert_http_header ${header} ${value}`,
      `add rewrite policy ${P}_${suffix}_pol ${rule} ${P}_${suffix}_act`,
    ]),
    ...FORWARDED.map(([suffix], i) => `bind lb vserver ${vs} -policyName ${P}_${suffix}_pol -priority ${100 + i * 10} -gotoPriorityExpression NEXT -type REQUEST`),
    '',
  ];
}
