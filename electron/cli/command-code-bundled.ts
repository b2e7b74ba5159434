/**
 * In the bundle only, `import('./command-code')` resolves here (scripts/build-cli.ts): the command code,
 * carried as comments at the end of this same file, is compiled the first time a command runs and its
 * exports become this module's. `--help` never gets here. Under tsx, ./command-code is imported as it is.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { PROGRAM_USAGE_ERROR, commentedCode } from './command-code-comment';
import * as usageError from './usage-error';

const { code, line } = commentedCode(fs.readFileSync(__filename, 'utf8'));
// A CommonJS module in all but its file: the same filename, so its requires (and an import() of a package
// left outside the bundle) resolve as the bundle's own would.
const compiled = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
  filename: __filename,
  lineOffset: line,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const own = createRequire(__filename);
const requireForCode = Object.assign((id: string): unknown => (id === PROGRAM_USAGE_ERROR ? usageError : own(id)), { resolve: own.resolve, cache: own.cache, main: own.main });
const commandModule = { exports: {} };
compiled.call(commandModule.exports, commandModule.exports, requireForCode, commandModule, __filename, __dirname);
module.exports = commandModule.exports;
