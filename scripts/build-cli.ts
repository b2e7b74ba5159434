/**
 * `npm run build:cli`: bundles the ha-wizard command into two plain files that run on a system Node with
 * nothing else beside them (the installed app ships them as resources/cli/: Electron's own binary cannot
 * run them, RunAsNode is fused off):
 * - out/cli/ha-wizard.cjs, the program: commander, the options, `--help`. The entry (package.json `bin`).
 * - out/cli/ha-wizard-commands.cjs, every command's code (electron/cli/command-code.ts: the engine, zod,
 *   the drivers), which the program require()s the first time a command runs (issue 10, cold start: with
 *   it in the same file, V8 preparsed all of it at every start and `--help` was ~2.4x a bare node).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { CLI_COMMANDS_FILE, CLI_PROGRAM_FILE, CLI_SQLSERVER_FILE } from '../build/cli-files';
import { pgNodeStreamsPlugin } from './pg-node-streams-plugin';

const ROOT = path.resolve(__dirname, '..');
export const CLI_ENTRY = path.join(ROOT, 'electron/cli/ha-wizard.ts');
export const CLI_OUT = path.join(ROOT, 'out/cli', CLI_PROGRAM_FILE);
/** The command code's file name; it always sits beside the program. */
export const COMMANDS_FILE = CLI_COMMANDS_FILE;
/** The SQL Server driver's file; it sits beside the command code. */
export const SQLSERVER_FILE = CLI_SQLSERVER_FILE;
const COMMAND_CODE = path.join(ROOT, 'electron/cli/command-code');
const USAGE_ERROR = path.join(ROOT, 'electron/cli/usage-error');

/** A module of the build's source (`target`, without extension) that the bundle loads from `file` beside it instead. */
function besideFile(target: string, file: string): Plugin {
  return {
    name: `beside-${file}`,
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => (path.resolve(args.resolveDir, args.path) === target ? { path: `./${file}`, external: true } : undefined));
    },
  };
}

/** A package the bundle loads from `file` beside it instead of bundling it. */
function packageBeside(name: string, file: string): Plugin {
  return {
    name: `package-${name}-beside`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({ path: `./${file}`, external: true }));
    },
  };
}

async function bundle(entry: string, outfile: string, plugins: Plugin[], external: string[], extra: BuildOptions): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    // Optional native parts: pg-native is only loaded for pg.native, cpu-features and ssh2's
    // ciphers are tried in a try/catch with a JavaScript fallback.
    external: ['pg-native', 'cpu-features', '*.node', ...external],
    plugins: [pgNodeStreamsPlugin(), ...plugins],
    // All ASCII: Node reads such a file as one-byte text, ~4 times faster (the command code: 3 ms, not 14).
    // esbuild escapes strings and names, not regular expression literals: with the u (or y) flag marked
    // unsupported it writes them as new RegExp("...") strings, escaped too (mssql has one). Tagged
    // templates it cannot escape: a non-ASCII character there goes in a ${} value (cold-start.test.ts).
    charset: 'ascii',
    // `import()` of a file outside the bundle as a plain require(): an ES import() of a CommonJS file would
    // also parse it for its export names (the command code: 4 MB).
    supported: { 'regexp-sticky-and-unicode-flags': false, 'dynamic-import': false },
    legalComments: 'none',
    logLevel: 'error',
    ...extra,
  });
}

/**
 * Writes the program to `outfile` and the command code beside it, as COMMANDS_FILE.
 * `external`: more packages left out of the bundle (a test builds with the drivers outside, to see when they load).
 */
export async function buildCli(outfile = CLI_OUT, external: string[] = []): Promise<string> {
  const commands = path.join(path.dirname(outfile), COMMANDS_FILE);
  // mssql with tedious, @azure/* and iconv-lite is half of the command code (2 of 4 MB): V8 compiled it at
  // every command's start, for PostgreSQL profiles too (issue 10). Unless a test keeps mssql outside.
  const splitMssql = !external.includes('mssql');
  await Promise.all([
    // `import('./command-code')` becomes `require('./ha-wizard-commands.cjs')`, from the program's own folder.
    bundle(CLI_ENTRY, outfile, [besideFile(COMMAND_CODE, COMMANDS_FILE)], external, {
      // esbuild keeps the entry's own #! line; this banner is for an entry that loses it.
      banner: fs.readFileSync(CLI_ENTRY, 'utf8').startsWith('#!') ? {} : { js: '#!/usr/bin/env node' },
    }),
    // UsageError is the program's (it exports it): main() tells exit 2 by `instanceof`, which a second
    // copy of the class in the command code would break. Whitespace out: 6.2 MB become 4.2, read at every
    // command's start; names stay, for stack traces and class names in messages.
    bundle(`${COMMAND_CODE}.ts`, commands, [besideFile(USAGE_ERROR, path.basename(outfile)), ...(splitMssql ? [packageBeside('mssql', SQLSERVER_FILE)] : [])], external, { minifyWhitespace: true }),
    // The package alone (no code of ours, so no class of ours in two copies): module.exports is mssql's.
    ...(splitMssql ? [bundle(require.resolve('mssql'), path.join(path.dirname(outfile), SQLSERVER_FILE), [], external, { minifyWhitespace: true })] : []),
  ]);
  fs.chmodSync(outfile, 0o755);
  return outfile;
}

if (require.main === module) {
  buildCli().then(
    (file) => {
      for (const f of [file, path.join(path.dirname(file), COMMANDS_FILE), path.join(path.dirname(file), SQLSERVER_FILE)]) console.log(`cli: ${path.relative(process.cwd(), f)} (${Math.round(fs.statSync(f).size / 1024)} KiB)`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
