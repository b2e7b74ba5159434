/**
 * The one place that decides what the cluster's health headline says; the dashboard, the CLI's
 * `health` and the engine's `summary` all take it from here, so they never disagree. It is said by
 * what users feel: are they served through the load balancer, and how many servers are healthy. A
 * node not read is unknown, never "in sync"; a balancer re-admitting servers it saw restart is not
 * "down"; after an apply, high availability still has to be switched on in the product.
 */
import type { ClusterHealthSnapshot, ClusterSummary, NodeHealth } from './health-snapshot';

/** How users reach the product through the balancer. `no-balancer`: the profile names no balancer URL. */
export type Served = 'served' | 'not-served' | 'readmitting' | 'slow' | 'no-balancer';

export interface HealthHeadline {
  /** The snapshot's `summary` (and the CLI's exit code): healthy only when nothing at all is wrong. */
  verdict: ClusterSummary;
  /** How loud to say it: `info` is "all well, one step of yours remains". */
  tone: 'success' | 'info' | 'warning' | 'error';
  served: Served;
  healthy: number;
  total: number;
  /** One sentence: served or not, and N of M servers healthy. */
  title: string;
  /** Sentences under the title, most important first. */
  notes: string[];
}

export interface HeadlineContext {
  /**
   * An apply finished and the admin has not yet said high availability is switched on. The product's
   * /health does not report that switch (inedo-facts.md: where it is stored is unconfirmed), so it is
   * never "seen" here: the surface that knows of the apply passes this until the admin confirms.
   */
  afterApply?: { productName: string } | null;
}

export type HeadlineInput = Pick<ClusterHealthSnapshot, 'nodes' | 'versionsInSync' | 'keysInSync' | 'storage' | 'database' | 'loadBalancer'>;

const list = (ids: string[]) => (ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`);
const verb = (ids: string[], one: string, many: string) => (ids.length === 1 ? one : many);

function servedOf(s: HeadlineInput, healthy: number): Served {
  const lb = s.loadBalancer;
  if (!lb.url) return 'no-balancer';
  if (lb.healthy) return 'served';
  if (lb.readmitting) return 'readmitting';
  // No answer in time while a server hangs: the balancer is most likely still sending users to it.
  if (!lb.reachable && healthy > 0 && s.nodes.some((n) => n.state === 'not-answering')) return 'slow';
  return 'not-served';
}

const SERVED_TEXT: Record<Exclude<Served, 'no-balancer'>, string> = {
  served: 'Users are served through the load balancer',
  'not-served': 'Users are not served through the load balancer',
  readmitting: 'The load balancer is re-admitting servers',
  slow: 'The load balancer is slow to answer',
};

/** What could not be read this round, per node: unknown, said so (never counted as the same or in sync). */
function unreadNotes(nodes: NodeHealth[]): string[] {
  const both = nodes.filter((n) => !n.version && n.keyInSync === null).map((n) => n.id);
  const version = nodes.filter((n) => !n.version && n.keyInSync !== null).map((n) => n.id);
  const key = nodes.filter((n) => n.version && n.keyInSync === null).map((n) => n.id);
  return [
    both.length ? `Version and key of ${list(both)} are unknown: not read this time.` : null,
    version.length ? `The version of ${list(version)} is unknown: ${verb(version, 'its', 'their')} /health did not answer.` : null,
    key.length ? `The key of ${list(key)} is unknown: ${verb(key, 'its', 'their')} configuration was not read.` : null,
  ].filter((n): n is string => n !== null);
}

export function healthHeadline(s: HeadlineInput, ctx: HeadlineContext = {}): HealthHeadline {
  const total = s.nodes.length;
  const healthy = s.nodes.filter((n) => n.healthy).length;
  const served = servedOf(s, healthy);
  const count = `${healthy} of ${total} server${total === 1 ? '' : 's'} ${total === 1 ? 'is' : 'are'} healthy`;
  const title = served === 'no-balancer' ? `${count[0]!.toUpperCase()}${count.slice(1)}` : `${SERVED_TEXT[served]}; ${count}`;

  const notes: string[] = [];
  const hung = s.nodes.filter((n) => n.state === 'not-answering').map((n) => n.id);
  const stopped = s.nodes.filter((n) => n.state === 'service-stopped').map((n) => n.id);
  if (served === 'readmitting') notes.push('It answers “service unavailable” for a few seconds after servers restart, until its health checks see them healthy again.');
  if (served === 'slow') notes.push(`It did not answer in time: it may still be sending users to ${list(hung)}, which ${verb(hung, 'does', 'do')} not answer, until its health checks take ${verb(hung, 'it', 'them')} out.`);
  if (served === 'not-served' && healthy > 0) notes.push('The servers answer directly, but the load balancer does not pass users to them: check its configuration and its health checks.');
  if (stopped.length) notes.push(`The service is stopped on ${list(stopped)}: the server answers, the product does not.`);
  if (hung.length && served !== 'slow') notes.push(`${list(hung)} ${verb(hung, 'does', 'do')} not answer: a network link or the server itself is down.`);
  notes.push(...unreadNotes(s.nodes));
  if (ctx.afterApply) notes.unshift(`Switch on high availability in ${ctx.afterApply.productName}: Administration > Cluster Overview > configure > “Enable High-Availability (Automatic Fail-over)”, then restart each server’s service. ${ctx.afterApply.productName} does not report that switch to the wizard.`);

  const down = served === 'not-served' || healthy === 0;
  const allWell = (served === 'served' || served === 'no-balancer') && healthy === total
    && s.versionsInSync === true && s.keysInSync === true && s.storage.ok && s.database.reachable;
  const verdict: ClusterSummary = down ? 'down' : allWell ? 'healthy' : 'degraded';
  const tone = verdict === 'down' ? 'error' : verdict === 'degraded' ? 'warning' : ctx.afterApply ? 'info' : 'success';
  return { verdict, tone, served, healthy, total, title, notes };
}
