/**
 * `npm run build:cli`: bundles the ha-wizard command into one file, out/cli/ha-wizard.cjs, that runs
 * on a system Node with nothing beside it (the installed app ships it as resources/cli/ha-wizard.cjs:
 * Electron's own binary cannot run it, RunAsNode is fused off).
 *
 * Two builds in one file (issue 10, cold start): the program (commander, the options, `--help`) as code,
 * then every command's code (electron/cli/command-code.ts: the engine, zod, the drivers) as line comments
 * that the program compiles when a command runs (electron/cli/command-code-comment.ts says why and how).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { COMMAND_CODE_MARK, PROGRAM_USAGE_ERROR, commentOut } from '../electron/cli/command-code-comment';

const ROOT = path.resolve(__dirname, '..');
export const CLI_ENTRY = path.join(ROOT, 'electron/cli/ha-wizard.ts');
export const CLI_OUT = path.join(ROOT, 'out/cli/ha-wizard.cjs');
const COMMAND_CODE = path.join(ROOT, 'electron/cli/command-code.ts');
const COMMAND_CODE_BUNDLED = path.join(ROOT, 'electron/cli/command-code-bundled.ts');

/** In the program, `import('./command-code')` loads the commented code instead of bundling it. */
const commandCodeFromComments: Plugin = {
  name: 'command-code-from-comments',
  setup(b) {
    b.onResolve({ filter: /^\.\/command-code$/ }, () => ({ path: COMMAND_CODE_BUNDLED }));
  },
};

/** In the command code, usage-error.ts is the program's own module (one UsageError class for main()). */
const usageErrorFromProgram: Plugin = {
  name: 'usage-error-from-program',
  setup(b) {
    b.onResolve({ filter: /^\.\/usage-error$/ }, () => ({ path: PROGRAM_USAGE_ERROR, external: true }));
  },
};

async function bundle(entry: string, plugin: Plugin, external: string[], minifyWhitespace = false): Promise<string> {
  const options: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    outfile: 'ha-wizard.cjs',
    // Optional native parts: pg-native is only loaded for pg.native, cpu-features and ssh2's
    // ciphers are tried in a try/catch with a JavaScript fallback.
    external: ['pg-native', 'cpu-features', '*.node', ...external],
    plugins: [plugin],
    legalComments: 'none',
    minifyWhitespace,
    logLevel: 'error',
  };
  const result = await build(options);
  const [file] = result.outputFiles ?? [];
  if (!file) throw new Error(`esbuild wrote nothing for ${entry}`);
  return file.text;
}

/** `external`: more packages left out of the bundle (a test builds with the drivers outside, to see when they load). */
export async function buildCli(outfile = CLI_OUT, external: string[] = []): Promise<string> {
  const [program, commands] = await Promise.all([
    bundle(CLI_ENTRY, commandCodeFromComments, external),
    // Whitespace out: the file is read whole at every start, and 6.2 MB became 4.2 (--help ~10% faster).
    // Names stay (stack traces, class names in messages); the program itself is left as written.
    bundle(COMMAND_CODE, usageErrorFromProgram, external, true),
  ]);
  // esbuild keeps the entry's own #! line; this one is for an entry that loses it.
  const shebang = program.startsWith('#!') ? '' : '#!/usr/bin/env node\n';
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  fs.writeFileSync(outfile, `${shebang}${program.replace(/\n?$/, '\n')}${COMMAND_CODE_MARK}\n${commentOut(commands.replace(/\n$/, ''))}\n`);
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
