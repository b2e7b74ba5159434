/**
 * The bundled CLI's files, side by side in out/cli/ and in the installed app's resources/cli/: the
 * program (the entry, package.json `bin`), the command code it require()s from beside it on a command's
 * first run, and the SQL Server driver (mssql and all it brings) that the command code require()s only
 * for a SQL Server database. Named once here for the build (scripts/build-cli.ts), electron-builder and
 * the package check.
 */
export const CLI_PROGRAM_FILE = 'ha-wizard.cjs';
export const CLI_COMMANDS_FILE = 'ha-wizard-commands.cjs';
export const CLI_SQLSERVER_FILE = 'ha-wizard-sqlserver.cjs';
export const CLI_FILES = [CLI_PROGRAM_FILE, CLI_COMMANDS_FILE, CLI_SQLSERVER_FILE] as const;
