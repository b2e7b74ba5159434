/**
 * Where HA Wizard keeps its own files (known hosts, saved profiles, logs): the same folder Electron
 * calls userData for a product named "HA Wizard", so the CLI and the desktop app share one host-key store.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'HA Wizard';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HA_WIZARD_HOME) return env.HA_WIZARD_HOME;
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), PRODUCT_NAME);
}

export function defaultKnownHostsPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return path.join(defaultDataDir(env, platform), 'known_hosts.json');
}
