import { readNodeState } from './node-state';
import { readProductConfig } from './product-config';
import { openProductDatabase, upgradedb } from './schema-at-start';

/**
 * `stand-in --state-dir DIR --upgradedb [--version V]`: the lab's `proget.exe upgradedb`. Upgrades the
 * database schema to V's (node.json's version when absent) and exits: 0 with what it did on stdout,
 * 1 with the reason on stderr.
 */
export async function upgradedbMain(stateDir: string, argv: string[]): Promise<number> {
  const at = argv.indexOf('--version');
  const override = at >= 0 ? argv[at + 1] : undefined;
  try {
    const node = readNodeState(stateDir);
    const version = override ?? node.version;
    const config = readProductConfig(node.product, version, node.configPath);
    const done = await upgradedb(stateDir, openProductDatabase(config), version);
    process.stdout.write(`${done}\n`);
    return 0;
  } catch (err) {
    const message = (err as Error).message;
    process.stderr.write(`${message.startsWith('upgradedb failed') ? message : `upgradedb failed: ${message}`}\n`);
    return 1;
  }
}
