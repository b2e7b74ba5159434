/**
 * `npm run build:cli`: bundles the ha-wizard command into one file, out/cli/ha-wizard.cjs, that runs
 * on a system Node with nothing beside it (the installed app ships it as resources/cli/ha-wizard.cjs:
 * Electron's own binary cannot run it, RunAsNode is fused off).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const CLI_ENTRY = path.join(ROOT, 'electron/cli/ha-wizard.ts');
export const CLI_OUT = path.join(ROOT, 'out/cli/ha-wizard.cjs');

/** `external`: more packages left out of the bundle (a test builds with the drivers outside, to see when they load). */
export async function buildCli(outfile = CLI_OUT, external: string[] = []): Promise<string> {
  await build({
    entryPoints: [CLI_ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    // Optional native parts: pg-native is only loaded for pg.native, cpu-features and ssh2's
    // ciphers are tried in a try/catch with a JavaScript fallback.
    external: ['pg-native', 'cpu-features', '*.node', ...external],
    // esbuild keeps the entry's own #! line; this banner is for an entry that loses it.
    banner: fs.readFileSync(CLI_ENTRY, 'utf8').startsWith('#!') ? {} : { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    logLevel: 'error',
  });
  fs.chmodSync(outfile, 0o755);
  return outfile;
}

if (require.main === module) {
  buildCli().then(
    (file) => console.log(`cli: ${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
