/**
 * The running lab made to play another product in place (BuildMaster, Otter, back to ProGet): each
 * node's stand-in, its configuration file (name, variables, database), the TDS test server's login and
 * databases and the balancers' port change; the nodes, their addresses, logins, host keys and secrets
 * do not, so a test run's lab description stays true once the lab is switched back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PRODUCTS, type ProductId } from '../../electron/shared/products';
import { STATE_FILE } from './lab-config';
import { describeLab, type LabDescription } from './lab-description';
import { readLabState } from './lab';
import { withLabLock } from './lab-lock';
import type { LabDatabaseKind, LabState } from './lab-types';
import { writeLabProfile } from './lab-profile';
import { initialNodeConfig, localDbSuffix } from './initial-node-config';
import { restartLoadBalancers } from './load-balancers';
import { nodePaths, serviceAction } from './nodes';
import { labTdsModel } from './tds-model';
import { updateTdsModel } from './tds-service';

/** Switches the lab to `product` on `database` (BuildMaster and Otter: SQL Server only); a no-op when it plays it already. */
export function switchLabProduct(product: ProductId, database: LabDatabaseKind = product === 'proget' ? 'postgres' : 'sqlserver'): Promise<LabDescription> {
  if (database === 'postgres' && !PRODUCTS[product].supportsPostgres) throw new Error(`${PRODUCTS[product].name} runs on SQL Server only`);
  return withLabLock(`lab plays ${product}`, async () => {
    const state = readLabState();
    if (!state) throw new Error('the lab is not up');
    if (state.options.product === product && state.options.database === database) return describeLab(state);
    const options = { ...state.options, product, database };
    const names = PRODUCTS[product].name;
    const suffixes = state.nodes.map((n) => localDbSuffix(options, n.index));
    // The login and databases of the product, as a fresh lab of it would have them.
    await updateTdsModel(state.pids.tds, () => labTdsModel(options, names, suffixes, state.secrets.sqlPassword));
    for (const n of state.nodes) {
      await serviceAction(n, 'stop');
      const configDir = path.join(n.dir, 'config');
      // The old product's file and any backups an apply left beside it.
      for (const f of fs.readdirSync(configDir)) fs.rmSync(path.join(configDir, f), { force: true });
      const file = initialNodeConfig(options, state.secrets, n.index);
      const nodeJson = path.join(n.dir, 'state', 'node.json');
      const standIn = JSON.parse(fs.readFileSync(nodeJson, 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(nodeJson, JSON.stringify({ ...standIn, product, configPath: path.join(nodePaths.configDir, file.name) }, null, 2));
      fs.writeFileSync(path.join(configDir, file.name), file.content);
      const owner = fs.statSync(configDir);
      for (const f of [nodeJson, path.join(configDir, file.name)]) fs.chownSync(f, owner.uid, owner.gid);
      await serviceAction(n, 'start', true);
    }
    await restartLoadBalancers(state.nodes.map((n) => ({ name: n.name, host: n.address, port: PRODUCTS[product].defaultPort })));
    const next: LabState = { ...state, options, databaseName: names, configFileName: initialNodeConfig(options, state.secrets, 1).name };
    fs.writeFileSync(STATE_FILE, JSON.stringify(next, null, 2), { mode: 0o600 });
    const description = describeLab(next);
    writeLabProfile(description);
    return description;
  });
}
