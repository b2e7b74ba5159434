/**
 * How a node's configuration file is named to the admin. The file's form decides, as it decides how the
 * file is read (product-config.ts): ProGet.config is the product's configuration file on any server, an
 * env file the environment file, whatever OS the profile gives.
 */
import { configFormatOf } from './product-config';

export { configFormatOf as configFileFormat };

/** "ProGet's configuration file C:\…\ProGet.config" or "the environment file /etc/proget/proget.env". */
export function configFileWords(path: string, productName: string): string {
  return configFormatOf(path) === 'xml' ? `${productName}'s configuration file ${path}` : `the environment file ${path}`;
}
