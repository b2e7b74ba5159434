/** The tool's name and version, as reports and --version show them. */
import pkg from '../../package.json';

export const TOOL = { name: 'ha-wizard', version: pkg.version } as const;
