/**
 * IIS as the balancer (URL Rewrite 2.1+ and ARR 3.0+, as Inedo's IIS reverse-proxy guide requires).
 * Two parts: web.config for the balancer site (the rewrite rule to the farm, Inedo's request filtering)
 * and a PowerShell script that defines the server farm and the server-wide ARR settings.
 */
import { LARGE_UPLOAD_TIMEOUT_SECONDS, type LoadBalancerInput } from './types';
import {
  HEALTH_INTERVAL_SECONDS,
  HEALTH_TIMEOUT_SECONDS,
  baseUrlSentence,
  checkVendorInput,
  headerComment,
  psQuote,
  timespan,
  xmlAttr,
  xmlComment,
  type LoadBalancerConfig,
} from './vendor-common';

/** ARR routes a rewrite to http://<farm name>/... to the farm: the name is also the rule's target host. */
export const IIS_FARM_NAME = 'InedoCluster';
export const IIS_SCRIPT_NAME = 'configure-arr-farm.ps1';

const PREREQUISITES = [
  'Prerequisites on the balancer: IIS with the ASP.NET role service, URL Rewrite 2.1 or later and',
  'Application Request Routing (ARR) 3.0 or later; restart the server after installing them.',
];

export function iisArrConfig(input: LoadBalancerInput): LoadBalancerConfig {
  checkVendorInput(input);
  const seen = new Set<string>();
  for (const b of input.backends) {
    // A farm identifies its servers by address alone: two nodes on one host cannot both be members.
    const key = b.host.toLowerCase();
    if (seen.has(key)) throw new Error(`ARR cannot hold two servers with the same address: ${JSON.stringify(b.host)}`);
    seen.add(key);
  }
  const binding = `${input.listenAddress === '0.0.0.0' ? '*' : input.listenAddress}:${input.listenPort}`;
  return {
    files: [
      { name: 'web.config', language: 'xml', content: webConfig(input, binding) },
      { name: IIS_SCRIPT_NAME, language: 'powershell', content: farmScript(input) },
    ],
    notes: [
      baseUrlSentence(input),
      PREREQUISITES.join(' '),
      `Run ${IIS_SCRIPT_NAME} once in an elevated Windows PowerShell on the balancer: it enables the ARR proxy with preserveHostHeader, allows the X-Forwarded-* server variables and creates the server farm ${IIS_FARM_NAME}.`,
      `Create a site for the balancer (for example C:\\inetpub\\inedo-proxy, application pool "No Managed Code"), bind it to ${binding} and put web.config in its folder.`,
      input.sticky
        ? 'Sticky sessions are on (ARR client affinity cookie). They are not needed when every node has the same encryption key.'
        : 'Sticky sessions are off: with one encryption key on every node any node can serve any request.',
      'The farm health test expects HTTP 200 through the statusCodeMatch setting; if your ARR version rejects that setting, the script stops at that last step: set "Acceptable status codes" to 200 on the farm\'s Health Test page instead.',
    ],
  };
}

function webConfig(input: LoadBalancerInput, binding: string): string {
  const header = headerComment(input, '', 'IIS reverse proxy (URL Rewrite + ARR) for an Inedo cluster', [
    ...PREREQUISITES,
    `Run ${IIS_SCRIPT_NAME} first: it enables the ARR proxy and preserveHostHeader and creates the`,
    `server farm "${IIS_FARM_NAME}" this rule forwards to.`,
    `Put this file in the folder of the balancer site (application pool "No Managed Code"), bound to ${binding}.`,
  ]).map((l) => l.trimStart());
  const farm = xmlAttr(IIS_FARM_NAME);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    ...xmlComment(header),
    '<configuration>',
    '  <system.webServer>',
    '    <rewrite>',
    '      <rules>',
    '        <!-- Every request goes to the farm; ARR picks a healthy node. -->',
    `        <rule name="${farm}" stopProcessing="true">`,
    '          <match url="(.*)" />',
    '          <conditions>',
    '            <!-- Captures the scheme the client used, for X-Forwarded-Proto. -->',
    '            <add input="{CACHE_URL}" pattern="^(https?)://" />',
    '          </conditions>',
    '          <!-- ARR adds X-Forwarded-For itself; these tell the product the public scheme, host and port. -->',
    '          <serverVariables>',
    '            <set name="HTTP_X_FORWARDED_PROTO" value="{C:1}" />',
    '            <set name="HTTP_X_FORWARDED_HOST" value="{HTTP_HOST}" />',
    '            <set name="HTTP_X_FORWARDED_PORT" value="{SERVER_PORT}" />',
    '          </serverVariables>',
    `          <action type="Rewrite" url="http://${farm}/{R:1}" />`,
    '        </rule>',
    '      </rules>',
    '    </rewrite>',
    '    <security>',
    '      <!-- Inedo\'s settings: package names and paths contain sequences IIS refuses by default. -->',
    '      <requestFiltering allowDoubleEscaping="true">',
    '        <!-- 4294967295 bytes is the largest value IIS accepts: uploads of big packages must pass. -->',
    '        <requestLimits maxAllowedContentLength="4294967295" maxUrl="1048576" maxQueryString="1048576" />',
    '        <fileExtensions allowUnlisted="true">',
    '          <clear />',
    '        </fileExtensions>',
    '        <hiddenSegments>',
    '          <remove segment="bin" />',
    '        </hiddenSegments>',
    '      </requestFiltering>',
    '    </security>',
    '  </system.webServer>',
    '  <system.web>',
    '    <!-- ASP.NET\'s own limits (KB, seconds), raised in case a managed module ever reads a request body. -->',
    `    <httpRuntime maxRequestLength="2097151" executionTimeout="${LARGE_UPLOAD_TIMEOUT_SECONDS}" />`,
    '  </system.web>',
    '</configuration>',
    '',
  ].join('\n');
}

function farmScript(input: LoadBalancerInput): string {
  const set = (filter: string, name: string, value: string) =>
    `Set-WebConfigurationProperty -PSPath $apphost -Filter ${filter} -Name ${psQuote(name)} -Value ${value}`;
  const timeout = psQuote(timespan(LARGE_UPLOAD_TIMEOUT_SECONDS));
  const servers = input.backends.flatMap((b) => [
    `# ${b.name}`,
    `Add-WebConfigurationProperty -PSPath $apphost -Filter $farm -Name '.' -Value @{ address = ${psQuote(b.host)}; enabled = $true }`,
    set(`($farm + ${psQuote(`/server[@address='${b.host}']/applicationRequestRouting`)})`, 'httpPort', String(b.port)),
  ]);
  return [
    ...headerComment(input, '#', 'IIS Application Request Routing server farm for an Inedo cluster', [
      ...PREREQUISITES,
      'Run once, elevated, in Windows PowerShell 5.1 on the balancer; running it again rebuilds the farm.',
      'A script rather than an applicationHost.config <webFarms> fragment: the WebAdministration cmdlets',
      'check every setting against the IIS schema and fail on a mistake, while a fragment pasted by hand',
      'with one mistake stops every site on the server. The site web.config holds the rewrite rule.',
    ]),
    "$ErrorActionPreference = 'Stop'",
    'Import-Module WebAdministration',
    "$apphost = 'MACHINE/WEBROOT/APPHOST'",
    "$proxy = 'system.webServer/proxy'",
    `$farm = ${psQuote(`webFarms/webFarm[@name='${IIS_FARM_NAME}']`)}`,
    '',
    '# ARR proxy, server-wide: on; keep the client\'s Host header (Inedo requires preserveHostHeader);',
    '# X-Forwarded-For without the client port; leave the product\'s redirects alone; and allow an hour',
    '# per request, since package uploads and downloads can be gigabytes.',
    set('$proxy', 'enabled', '$true'),
    set('$proxy', 'preserveHostHeader', '$true'),
    set('$proxy', 'xForwardedForHeaderName', psQuote('X-Forwarded-For')),
    set('$proxy', 'includePortInXForwardedFor', '$false'),
    set('$proxy', 'reverseRewriteHostInResponseHeaders', '$false'),
    set('$proxy', 'timeout', timeout),
    '',
    '# web.config sets these request headers; URL Rewrite refuses variables not allowed here (HTTP 500.50).',
    "$allowed = 'system.webServer/rewrite/allowedServerVariables'",
    "foreach ($name in @('HTTP_X_FORWARDED_PROTO', 'HTTP_X_FORWARDED_HOST', 'HTTP_X_FORWARDED_PORT')) {",
    "    $present = @(Get-WebConfigurationProperty -PSPath $apphost -Filter $allowed -Name 'Collection' | Where-Object { $_.name -eq $name })",
    '    if ($present.Count -eq 0) {',
    "        Add-WebConfigurationProperty -PSPath $apphost -Filter $allowed -Name '.' -Value @{ name = $name }",
    '    }',
    '}',
    '',
    '# The farm, rebuilt from scratch so that running the script again gives the same result.',
    'if (Get-WebConfiguration -PSPath $apphost -Filter $farm) {',
    `    Remove-WebConfigurationProperty -PSPath $apphost -Filter 'webFarms' -Name '.' -AtElement @{ name = ${psQuote(IIS_FARM_NAME)} }`,
    '}',
    `Add-WebConfigurationProperty -PSPath $apphost -Filter 'webFarms' -Name '.' -Value @{ name = ${psQuote(IIS_FARM_NAME)}; enabled = $true }`,
    ...servers,
    '',
    `# Health test: GET ${input.healthPath} on every server every ${HEALTH_INTERVAL_SECONDS} s; a server that does not answer 200`,
    `# within ${HEALTH_TIMEOUT_SECONDS} s is taken out at once (within ~${HEALTH_INTERVAL_SECONDS + HEALTH_TIMEOUT_SECONDS} s) and comes back after its next good answer.`,
    "$arr = $farm + '/applicationRequestRouting'",
    set(`($arr + '/healthCheck')`, 'url', psQuote(`http://${IIS_FARM_NAME}${input.healthPath}`)),
    set(`($arr + '/healthCheck')`, 'interval', psQuote(timespan(HEALTH_INTERVAL_SECONDS))),
    set(`($arr + '/healthCheck')`, 'timeout', psQuote(timespan(HEALTH_TIMEOUT_SECONDS))),
    '# The farm has its own proxy timeout: an hour here too, for large packages.',
    set(`($arr + '/protocol')`, 'timeout', timeout),
    ...(input.sticky
      ? ['# Sticky sessions (ARR client affinity cookie), as asked; one encryption key makes them unnecessary.',
        set(`($arr + '/affinity')`, 'useCookie', '$true')]
      : ['# No sticky sessions: with one encryption key on every node, any node can serve any request.',
        set(`($arr + '/affinity')`, 'useCookie', '$false')]),
    '# Acceptable status codes: 200 only (the product answers 500 when unhealthy). Last on purpose: if',
    '# this ARR version does not know the setting, everything above is already in place.',
    set(`($arr + '/healthCheck')`, 'statusCodeMatch', psQuote('200')),
    '',
    `Write-Output ${psQuote(`ARR server farm ${IIS_FARM_NAME} configured with ${input.backends.length} server(s).`)}`,
    '',
  ].join('\n');
}
