/** Network: servers reach each other on the service-messenger port, and this computer reaches each web port. */
import { readProductHealth } from '../nodes/product-health';
import { SERVICE_MESSENGER_PORT } from '../../shared/products';
import { catalog } from '../../shared/check-catalog';
import { fail, listNames, pass, warn, type Check } from './check';
import { remedy, rerun } from '../../shared/remedy';
import { probePeers } from './peer-probe';

export const networkChecks: Check[] = [
  {
    ...catalog('network.messenger'), title: 'Servers reach each other (service messenger)', needs: ['server.login'],
    skipReason: (ctx) => (ctx.nodes.length < 2 ? 'only one server' : null),
    async run(ctx, id) {
      // A peer this computer cannot reach either is named, not waited for (peer-probe.ts).
      const results = await probePeers(ctx, id!, SERVICE_MESSENGER_PORT);
      const skipped = results.filter((r) => r.notChecked);
      const note = skipped.length ? `; not checked: ${skipped.map((r) => r.notChecked).join('; ')}` : '';
      const checked = results.filter((r) => !r.notChecked);
      const blocked = checked.filter((r) => !r.reachable);
      if (!blocked.length) {
        if (!checked.length) return warn(`no other server could be checked${note}`, remedy`Fix the servers that do not answer SSH ("Server answers on SSH"), then ${rerun}.`);
        return pass(`reaches ${listNames(checked.map((p) => p.id))} on TCP ${SERVICE_MESSENGER_PORT}${note}`);
      }
      // Inedo's cluster page calls the messenger "nonessential" and the HA guide no longer requires it (2025-06).
      return warn(
        `cannot reach ${blocked.map((b) => `${b.id} (${b.error ?? 'no answer'})`).join(', ')} on TCP ${SERVICE_MESSENGER_PORT}${note}`,
        `The cluster works without it (Inedo calls the service messenger nonessential), but the cluster page shows "Cannot connect to service messenger" and some changes reach other servers later: allow TCP ${SERVICE_MESSENGER_PORT} between the servers (Windows Firewall inbound rule on each).`,
        { unreachable: blocked.map((b) => b.id) },
      );
    },
  },
  {
    ...catalog('network.web-port'), title: 'This computer reaches each server\'s web port',
    async run(ctx, id) {
      const n = ctx.node(id!);
      const h = await ctx.health(id!);
      if (!h.reachable) return fail(`${n.webUrl}/health: ${h.message ?? 'no answer'}`, 'Open the product\'s web port to this computer (and to the load balancer), and check that the service runs.');
      if (!h.activated) return warn(`${n.webUrl} answers with its licensing page`, `Activate ${ctx.product.name} on this server (activation is per machine).`);
      return pass(`${n.webUrl} answers (HTTP ${h.httpStatus})`);
    },
  },
];

export const loadBalancerChecks: Check[] = [
  {
    ...catalog('load-balancer.reachable'), title: 'Load balancer answers',
    skipReason: (ctx) => (ctx.profile.loadBalancer.url ? null : 'no load balancer URL given (the wizard generates its configuration on the Load balancer page)'),
    async run(ctx) {
      const h = await readProductHealth(ctx.profile.loadBalancer.url!, ctx.settings.connectTimeoutMs);
      if (!h.reachable) return fail(`${ctx.profile.loadBalancer.url}: ${h.message ?? 'no answer'}`, 'Check the URL, and that the load balancer runs and this computer may reach it.');
      return pass(`${ctx.profile.loadBalancer.url} answers`);
    },
  },
  {
    ...catalog('load-balancer.health'), title: '/health through the load balancer', needs: ['load-balancer.reachable'],
    async run(ctx) {
      const url = ctx.profile.loadBalancer.url!;
      const h = await readProductHealth(url, ctx.settings.connectTimeoutMs);
      if (h.healthy) return pass(`${url}/health is OK${h.releaseNumber ? ` (${h.applicationName ?? ctx.product.name} ${h.releaseNumber})` : ''}`);
      const why = h.databaseStatus === 'Error' ? `database: ${h.databaseStatusDetails ?? 'Error'}` : h.message ?? `HTTP ${h.httpStatus ?? '?'}`;
      return fail(`${url}/health is not OK: ${why}`, 'Make the balancer check GET /health expecting 200 on each server, and fix the servers it reports.');
    },
  },
];
