/**
 * The exact commands an admin runs at a balancer the wizard cannot drive itself (issue 13): for each
 * balancer type and each action, ManualStep objects whose detail carries the commands. One place, so
 * plans, the CLI and the dashboard show the same words. Names and hosts come from the profile through
 * the generators' own checks (assertSafeInput, checkVendorInput), and object names are the ones the
 * generated configs create (inedo_node1, inedo_pool, the InedoCluster farm...).
 *
 * Vendor commands HA Wizard could not run against the real product are listed in UNCONFIRMED (the one
 * place), and every step built from one says so.
 */
import type { ManualStep } from '../../shared/plan-schema';
import { LOAD_BALANCER_NAMES, type LoadBalancerType } from '../../shared/profile';
import { NAME_PREFIX as P } from '../config/load-balancers/appliance';
import { haproxyConfig } from '../config/load-balancers/haproxy';
import { IIS_FARM_NAME } from '../config/load-balancers/iis-arr';
import { nginxConfig } from '../config/load-balancers/nginx';
import { assertSafeInput, type LoadBalancerBackend, type LoadBalancerInput } from '../config/load-balancers/types';
import { bareHost, checkVendorInput, hostKind, psQuote } from '../config/load-balancers/vendor-common';
import { HAPROXY_BACKEND } from './haproxy-stat';

export const BALANCER_ACTIONS = ['drain', 'resume', 'add', 'remove', 'state'] as const;
export type BalancerAction = (typeof BALANCER_ACTIONS)[number];
export type CommandLanguage = 'sh' | 'powershell' | 'tmsh' | 'acos' | 'citrix';

export interface ManualCommandStep extends ManualStep {
  /** The commands alone, one per line as typed (also in `detail`, after the sentence). */
  commands: string[];
  language: CommandLanguage;
  /** Why the commands are not verified, or null when they were run against the real product. */
  unconfirmed: string | null;
}

export interface ManualCommandOptions {
  /** The member list: for `add`, with the new member in it; for the others, as it is now. */
  input: LoadBalancerInput;
  /** The member the action is about (its name in the generated config: the profile's node id). */
  node: string;
  /** From the profile's balancer access, when given. */
  configPath?: string;
  runtimeSocket?: string;
}

const NOT_RUN = 'HA Wizard generated these from the vendor\'s documentation but could not run them against a real';
/** The one place for vendor commands not verified here (the lab runs HAProxy and nginx only). */
export const UNCONFIRMED: Partial<Record<`${LoadBalancerType}:${BalancerAction}`, string>> = Object.fromEntries(
  (['iis-arr', 'f5', 'a10', 'citrix'] as const).flatMap((t) => BALANCER_ACTIONS.map((a) => [`${t}:${a}`, `${NOT_RUN} ${LOAD_BALANCER_NAMES[t]}: check them in a test window first.`])),
);

const PATH = /^\/[A-Za-z0-9._/-]{1,500}$/;
function safePath(value: string | undefined, fallback: string, what: string): string {
  const p = value ?? fallback;
  if (!PATH.test(p) || p.includes('..')) throw new Error(`${what} not allowed in a command: ${JSON.stringify(p)}`);
  return p;
}

const DOCS: Partial<Record<LoadBalancerType, string>> = {
  haproxy: 'https://docs.haproxy.org/2.6/management.html#9.3',
  nginx: 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
};

function step(type: LoadBalancerType, action: BalancerAction, title: string, sentence: string, language: CommandLanguage, commands: string[]): ManualCommandStep {
  const unconfirmed = UNCONFIRMED[`${type}:${action}`] ?? null;
  const detail = [sentence, '', ...commands.map((c) => `    ${c}`), ...(unconfirmed ? ['', unconfirmed] : [])].join('\n');
  return { title, detail, url: DOCS[type] ?? null, commands, language, unconfirmed };
}

/** The generator's own line for a member, so a hand edit matches what the wizard would write. */
function configLine(text: string, test: (line: string) => boolean, name: string): string {
  const line = text.split('\n').find(test);
  if (!line) throw new Error(`no config line for ${name}`);
  return line.trim();
}

function haproxySteps(action: BalancerAction, o: ManualCommandOptions, b: LoadBalancerBackend): ManualCommandStep[] {
  const sock = safePath(o.runtimeSocket, '/run/haproxy/admin.sock', 'admin socket');
  const cfg = safePath(o.configPath, '/etc/haproxy/haproxy.cfg', 'config path');
  const api = (command: string) => `echo '${command}' | sudo socat stdio unix-connect:${sock}`;
  const line = configLine(haproxyConfig(o.input), (l) => l.startsWith(`    server ${b.name} `), b.name);
  const reload = [`sudo haproxy -c -f ${cfg}`, 'sudo systemctl reload haproxy'];
  const t = 'haproxy';
  switch (action) {
    case 'drain': return [step(t, action, `Take ${b.name} out of rotation at HAProxy`, `On the HAProxy host: HAProxy lets ${b.name} finish the requests it has and sends it no new ones.`, 'sh', [api(`set server ${HAPROXY_BACKEND}/${b.name} state drain`)])];
    case 'resume': return [step(t, action, `Put ${b.name} back into rotation at HAProxy`, `On the HAProxy host:`, 'sh', [api(`set server ${HAPROXY_BACKEND}/${b.name} state ready`)])];
    case 'state': return [step(t, action, 'Read the members\' state at HAProxy', `On the HAProxy host: one line per member, its state (2 = ready; admin state 8 = draining).`, 'sh', [api(`show servers state ${HAPROXY_BACKEND}`)])];
    case 'add': return [step(t, action, `Add ${b.name} to HAProxy`, `In ${cfg}, add this line at the end of "backend ${HAPROXY_BACKEND}", then check the file and reload (requests in progress are not dropped):`, 'sh', [line, ...reload])];
    case 'remove': return [
      ...haproxySteps('drain', o, b),
      step(t, action, `Remove ${b.name} from HAProxy`, `Once ${b.name} serves nothing, delete this line from ${cfg}, then check the file and reload:`, 'sh', [line, ...reload]),
    ];
  }
}

function nginxSteps(action: BalancerAction, o: ManualCommandOptions, b: LoadBalancerBackend): ManualCommandStep[] {
  const cfg = safePath(o.configPath, '/etc/nginx/nginx.conf', 'config path');
  const line = (down: boolean) => configLine(nginxConfig({ ...o.input, backends: o.input.backends.map((x) => (x.name === b.name ? { ...x, down } : x)) }), (l) => l.endsWith(`# ${b.name}`), b.name);
  const reload = ['sudo nginx -t', 'sudo nginx -s reload'];
  const edit = (title: string, sentence: string, from: string | null, to: string | null) => step('nginx', action, title, sentence, 'sh', [
    ...(from ? [`# in ${cfg}, upstream inedo_nodes: ${to ? 'replace' : 'delete'}`, from] : []),
    ...(to ? [`# ${from ? 'with' : `in ${cfg}, upstream inedo_nodes: add`}`, to] : []),
    ...reload,
  ]);
  const graceful = 'nginx has no runtime API: the upstream is edited and nginx reloaded (its old workers finish their requests).';
  switch (action) {
    case 'drain': return [edit(`Take ${b.name} out of rotation at nginx`, `${graceful} Mark ${b.name} down:`, line(false), line(true))];
    case 'resume': return [edit(`Put ${b.name} back into rotation at nginx`, `Remove "down" from ${b.name}'s line, then reload:`, line(true), line(false))];
    case 'add': return [edit(`Add ${b.name} to nginx`, `${graceful} Add ${b.name}'s line:`, null, line(false))];
    case 'remove': return [...nginxSteps('drain', o, b), edit(`Remove ${b.name} from nginx`, `Once ${b.name} serves nothing, delete its line:`, line(true), null)];
    case 'state': return [step('nginx', action, 'Read the members at nginx', 'Open-source nginx reports no per-member state: its upstream as loaded shows who is in it and who is marked down.', 'sh', [`sudo nginx -T 2>/dev/null | sed -n '/upstream inedo_nodes/,/}/p'`])];
  }
}

function iisSteps(action: BalancerAction, b: LoadBalancerBackend): ManualCommandStep[] {
  const farm = `webFarms/webFarm[@name='${IIS_FARM_NAME}']`;
  const server = `${farm}/server[@address='${bareHost(b.host)}']`;
  const head = ['Import-Module WebAdministration', "$apphost = 'MACHINE/WEBROOT/APPHOST'"];
  const enabled = (v: boolean) => [...head, `Set-WebConfigurationProperty -PSPath $apphost -Filter ${psQuote(server)} -Name 'enabled' -Value $${String(v)}`];
  const t = 'iis-arr';
  const where = `In an elevated Windows PowerShell on the ARR server (farm ${IIS_FARM_NAME}):`;
  switch (action) {
    case 'drain': return [step(t, action, `Take ${b.name} out of rotation at IIS ARR`, `${where} the server is disabled in the farm, so ARR sends it no new requests.`, 'powershell', enabled(false))];
    case 'resume': return [step(t, action, `Put ${b.name} back into rotation at IIS ARR`, where, 'powershell', enabled(true))];
    case 'state': return [step(t, action, 'Read the members at IIS ARR', where, 'powershell', [...head, `Get-WebConfiguration -PSPath $apphost -Filter ${psQuote(`${farm}/server`)} | Select-Object -Property @('address', 'enabled')`])];
    case 'add': return [step(t, action, `Add ${b.name} to IIS ARR`, where, 'powershell', [...head,
      `Add-WebConfigurationProperty -PSPath $apphost -Filter ${psQuote(farm)} -Name '.' -Value @{ address = ${psQuote(bareHost(b.host))}; enabled = $true }`,
      `Set-WebConfigurationProperty -PSPath $apphost -Filter ${psQuote(`${server}/applicationRequestRouting`)} -Name 'httpPort' -Value ${b.port}`])];
    case 'remove': return [...iisSteps('drain', b), step(t, action, `Remove ${b.name} from IIS ARR`, `Once ${b.name} serves nothing: ${where}`, 'powershell', [...head,
      `Remove-WebConfigurationProperty -PSPath $apphost -Filter ${psQuote(farm)} -Name '.' -AtElement @{ address = ${psQuote(bareHost(b.host))} }`])];
  }
}

function f5Steps(action: BalancerAction, b: LoadBalancerBackend): ManualCommandStep[] {
  const member = `${P}_${b.name}:${b.port}`;
  const where = 'At the tmsh prompt of the active BIG-IP unit:';
  const save = 'save sys config';
  switch (action) {
    case 'drain': return [step('f5', action, `Take ${b.name} out of rotation at F5 BIG-IP`, `${where} the member takes no new connections (persistent ones finish).`, 'tmsh', [`modify ltm pool ${P}_pool members modify { ${member} { session user-disabled } }`])];
    case 'resume': return [step('f5', action, `Put ${b.name} back into rotation at F5 BIG-IP`, where, 'tmsh', [`modify ltm pool ${P}_pool members modify { ${member} { session user-enabled state user-up } }`])];
    case 'state': return [step('f5', action, 'Read the members\' state at F5 BIG-IP', where, 'tmsh', [`show ltm pool ${P}_pool members`])];
    case 'add': {
      const target = hostKind(b.host) === 'dns' ? `fqdn { name ${bareHost(b.host)} autopopulate enabled }` : `address ${bareHost(b.host)}`;
      return [step('f5', action, `Add ${b.name} to F5 BIG-IP`, `${where} then synchronize the device group if there is one.`, 'tmsh', [`create ltm node ${P}_${b.name} { ${target} }`, `modify ltm pool ${P}_pool members add { ${member} }`, save])];
    }
    case 'remove': return [...f5Steps('drain', b), step('f5', action, `Remove ${b.name} from F5 BIG-IP`, `Once ${b.name} serves nothing: ${where}`, 'tmsh', [`modify ltm pool ${P}_pool members delete { ${member} }`, `delete ltm node ${P}_${b.name}`, save])];
  }
}

function a10Steps(action: BalancerAction, b: LoadBalancerBackend): ManualCommandStep[] {
  const where = 'In the ACOS CLI of the A10 Thunder, in configuration mode:';
  const group = [`slb service-group ${P}_sg tcp`];
  switch (action) {
    case 'drain': return [step('a10', action, `Take ${b.name} out of rotation at A10 Thunder`, `${where} the member is disabled in the service group.`, 'acos', [...group, `  member ${P}_${b.name} ${b.port} member-state disable`])];
    case 'resume': return [step('a10', action, `Put ${b.name} back into rotation at A10 Thunder`, where, 'acos', [...group, `  member ${P}_${b.name} ${b.port} member-state enable`])];
    case 'state': return [step('a10', action, 'Read the members\' state at A10 Thunder', 'In the ACOS CLI:', 'acos', [`show slb service-group ${P}_sg`])];
    case 'add': return [step('a10', action, `Add ${b.name} to A10 Thunder`, where, 'acos', [`slb server ${P}_${b.name} ${bareHost(b.host)}`, `  port ${b.port} tcp`, ...group, `  member ${P}_${b.name} ${b.port}`, 'write memory'])];
    case 'remove': return [...a10Steps('drain', b), step('a10', action, `Remove ${b.name} from A10 Thunder`, `Once ${b.name} serves nothing: ${where}`, 'acos', [...group, `  no member ${P}_${b.name} ${b.port}`, `no slb server ${P}_${b.name}`, 'write memory'])];
  }
}

function citrixSteps(action: BalancerAction, b: LoadBalancerBackend): ManualCommandStep[] {
  const where = 'In the Citrix ADC (NetScaler) CLI:';
  switch (action) {
    case 'drain': return [step('citrix', action, `Take ${b.name} out of rotation at Citrix ADC`, `${where} the server takes no new connections and is disabled once its open ones finish (or after an hour).`, 'citrix', [`disable server ${P}_${b.name} 3600 -graceFul YES`])];
    case 'resume': return [step('citrix', action, `Put ${b.name} back into rotation at Citrix ADC`, where, 'citrix', [`enable server ${P}_${b.name}`])];
    case 'state': return [step('citrix', action, 'Read the members\' state at Citrix ADC', where, 'citrix', [`show serviceGroup ${P}_sg`])];
    case 'add': return [step('citrix', action, `Add ${b.name} to Citrix ADC`, where, 'citrix', [`add server ${P}_${b.name} ${bareHost(b.host)}`, `bind serviceGroup ${P}_sg ${P}_${b.name} ${b.port}`, 'save ns config'])];
    case 'remove': return [...citrixSteps('drain', b), step('citrix', action, `Remove ${b.name} from Citrix ADC`, `Once ${b.name} serves nothing: ${where}`, 'citrix', [`unbind serviceGroup ${P}_sg ${P}_${b.name} ${b.port}`, `rm server ${P}_${b.name}`, 'save ns config'])];
  }
}

/** The steps for one action at one balancer; throws on a name, host or path no config may hold. */
export function manualCommands(type: LoadBalancerType, action: BalancerAction, o: ManualCommandOptions): ManualCommandStep[] {
  if (!BALANCER_ACTIONS.includes(action)) throw new Error(`unknown balancer action: ${String(action)}`);
  assertSafeInput(o.input);
  if (type !== 'haproxy' && type !== 'nginx') checkVendorInput(o.input);
  const b = o.input.backends.find((x) => x.name === o.node);
  if (!b) throw new Error(`${JSON.stringify(o.node)} is not a member of the balancer's list`);
  switch (type) {
    case 'haproxy': return haproxySteps(action, o, b);
    case 'nginx': return nginxSteps(action, o, b);
    case 'iis-arr': return iisSteps(action, b);
    case 'f5': return f5Steps(action, b);
    case 'a10': return a10Steps(action, b);
    case 'citrix': return citrixSteps(action, b);
    default: throw new Error(`unknown load balancer type: ${String(type)}`);
  }
}
