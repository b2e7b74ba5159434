import { readFileSync } from 'node:fs';
import { envNames, type ProductId } from '../../../electron/shared/products';
import { parseEnvFile } from './env-file';
import { StartRefusal } from './start-refusal';
import { portFromUrls, type RawProductConfig } from './raw-config';

/** ASP.NET Core's listen-address variable, which the product images honour. */
export const URLS_VARIABLE = 'ASPNETCORE_URLS';

/**
 * The Linux/Docker configuration: the product's environment variables, given to the stand-in as an
 * env file. Each variable may instead be given as NAME_FILE holding the path of a file with the
 * value (Docker secrets); giving both is refused, as it is ambiguous.
 */
export function parseEnvConfig(text: string, product: ProductId): RawProductConfig {
  const vars = parseEnvFile(text);
  const names = envNames(product);
  const urls = variable(vars, URLS_VARIABLE);
  return {
    source: 'env',
    sqlConnectionString: variable(vars, names.sqlConnectionString),
    postgresConnectionString: variable(vars, names.postgresConnectionString),
    encryptionKey: variable(vars, names.encryptionKey),
    port: urls ? portFromUrls(urls) : null,
  };
}

function variable(vars: Map<string, string>, name: string): string | null {
  const direct = vars.get(name);
  const filePath = vars.get(`${name}_FILE`);
  if (direct !== undefined && filePath !== undefined) {
    throw new StartRefusal(`both ${name} and ${name}_FILE are set`);
  }
  if (filePath !== undefined) {
    if (filePath === '') return null;
    try {
      // Secret files usually end with a newline that is not part of the value.
      return readFileSync(filePath, 'utf8').trim() || null;
    } catch (err) {
      throw new StartRefusal(`cannot read ${name}_FILE (${filePath}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  return direct?.trim() || null;
}
