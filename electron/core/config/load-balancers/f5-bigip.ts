/**
 * F5 BIG-IP LTM as tmsh commands, pasted at the tmsh prompt (one command per line; the iRule spans
 * lines inside its braces). HTTP virtual server; TLS is added on the appliance with its certificate.
 */
import { LARGE_UPLOAD_TIMEOUT_SECONDS, type LoadBalancerInput } from './types';
import { applianceConfig, NAME_PREFIX as P } from './appliance';
import { HEALTH_INTERVAL_SECONDS, HEALTH_FAILURES, STICKY_COOKIE, bareHost, hostKind, type LoadBalancerConfig, type PublicEndpoint } from './vendor-common';

export const F5_FILE_NAME = 'inedo-bigip.tmsh';

export function f5BigIpConfig(input: LoadBalancerInput): LoadBalancerConfig {
  return applianceConfig(input, {
    file: F5_FILE_NAME,
    language: 'tmsh',
    header: {
      marker: '#',
      title: 'F5 BIG-IP LTM configuration (tmsh) for an Inedo cluster',
      howTo: [
        'Paste at the tmsh prompt of the active unit (run "tmsh" from the shell first), then',
        '"save sys config" and synchronize the device group if there is one.',
        'Objects are created in the current partition (normally /Common) with the prefix inedo_.',
      ],
    },
    tls: (pub) => `The public URL is https: add a client-ssl profile with the certificate for ${pub.hostname} to ${P}_vs (the iRule then sends X-Forwarded-Proto https).`,
    notes: () => ['The iRule spans several lines: paste it as one block at the tmsh prompt, or create it in the GUI (Local Traffic > iRules).'],
    body: (pub) => f5Body(input, pub),
  });
}

function f5Body(input: LoadBalancerInput, pub: PublicEndpoint): string[] {
  // BIG-IP marks a member down when no probe succeeded for `timeout` seconds: 3 x interval + 1 is F5's rule.
  const monitorTimeout = HEALTH_FAILURES * HEALTH_INTERVAL_SECONDS + 1;
  const send = `GET ${input.healthPath} HTTP/1.1\\r\\nHost: ${pub.hostHeader}\\r\\nConnection: close\\r\\n\\r\\n`;
  const nodes = input.backends.map((b) => {
    const host = bareHost(b.host);
    const target = hostKind(b.host) === 'dns' ? `fqdn { name ${host} autopopulate enabled }` : `address ${host}`;
    return `create ltm node ${P}_${b.name} { ${target} }`;
  });
  const members = input.backends.map((b) => `${P}_${b.name}:${b.port}`).join(' ');
  const profiles = `${P}_tcp ${P}_http ${P}_oneconnect ntlm`;
  const persist = input.sticky ? ` persist replace-all-with { ${P}_persist }` : '';
  return [
    '',
    `# Health: GET ${input.healthPath} every ${HEALTH_INTERVAL_SECONDS} s; a member is marked down when no probe has returned`,
    `# status 200 for ${monitorTimeout} s. The product answers 500 on ${input.healthPath} when it is unhealthy.`,
    `create ltm monitor http ${P}_health { defaults-from http interval ${HEALTH_INTERVAL_SECONDS} timeout ${monitorTimeout} send "${send}" recv "HTTP/1.1 200" }`,
    '',
    '# One node per cluster member (a DNS name becomes an FQDN node, resolved by the BIG-IP).',
    ...nodes,
    `create ltm pool ${P}_pool { load-balancing-mode round-robin monitor ${P}_health members add { ${members} } }`,
    '',
    `# Package uploads and downloads can take long: TCP connections may stay idle for ${LARGE_UPLOAD_TIMEOUT_SECONDS} s (default 300).`,
    `create ltm profile tcp ${P}_tcp { defaults-from tcp idle-timeout ${LARGE_UPLOAD_TIMEOUT_SECONDS} }`,
    '# The LTM http profile sets no request-body size limit (its enforcement settings cap only headers),',
    '# so gigabyte uploads pass as they are. It appends the client address to X-Forwarded-For.',
    `create ltm profile http ${P}_http { defaults-from http insert-xforwarded-for enabled }`,
    '# OneConnect reuses server connections, only for requests from the same client address (/32 mask);',
    '# the built-in ntlm profile on the virtual keeps Windows-authenticated connections to one user.',
    `create ltm profile one-connect ${P}_oneconnect { defaults-from oneconnect source-mask 255.255.255.255 }`,
    ...(input.sticky
      ? [
        '# Sticky sessions, as asked (not needed with one encryption key on every node): an inserted cookie.',
        `create ltm persistence cookie ${P}_persist { defaults-from cookie method insert cookie-name ${STICKY_COOKIE} }`,
      ]
      : ['# No persistence profile: with one encryption key on every node any node can serve any request.']),
    '',
    '# The public scheme, host and port, for the links and redirects the product builds.',
    `create ltm rule ${P}_forwarded {`,
    'when HTTP_REQUEST {',
    '    if { [PROFILE::exists clientssl] } {',
    '        HTTP::header replace X-Forwarded-Proto https',
    '    } else {',
    '        HTTP::header replace X-Forwarded-Proto http',
    '    }',
    '    HTTP::header replace X-Forwarded-Host [HTTP::host]',
    '    HTTP::header replace X-Forwarded-Port [TCP::local_port]',
    '}',
    '}',
    '',
    ...(pub.scheme === 'https'
      ? ['# The public URL is https: add a client-ssl profile with your certificate to the profiles below,',
        `# for example: create ltm profile client-ssl ${P}_clientssl { defaults-from clientssl cert-key-chain add { main { cert <cert> key <key> } } }`]
      : []),
    `create ltm virtual ${P}_vs { destination ${destination(input.listenAddress, input.listenPort)} ip-protocol tcp pool ${P}_pool profiles add { ${profiles} } rules { ${P}_forwarded } source-address-translation { type automap }${persist} }`,
    '',
  ];
}

/** tmsh writes IPv6 destinations as address.port. */
function destination(address: string, port: number): string {
  const bare = bareHost(address);
  return hostKind(address) === 'ipv6' ? `${bare}.${port}` : `${bare}:${port}`;
}
