/**
 * The bundled CLI's two files, side by side in out/cli/ and in the installed app's resources/cli/:
 * the program (the entry, package.json `bin`) and the command code it require()s from beside it on a
 * command's first run. Named once here for the build (scripts/build-cli.ts), electron-builder and the
 * package check.
 */
export const CLI_PROGRAM_FILE = 'ha-wizard.cjs';
export const CLI_COMMANDS_FILE = 'ha-wizard-commands.cjs';
export const CLI_FILES = [CLI_PROGRAM_FILE, CLI_COMMANDS_FILE] as const;
