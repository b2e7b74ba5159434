/** What a configuration file says, before the stand-in's start rules are applied (product-config.ts). */
export interface RawProductConfig {
  source: 'xml' | 'env';
  /** SQL Server connection string, or null when absent, empty or disabled. */
  sqlConnectionString: string | null;
  /** PostgreSQL connection string, or null when absent, empty or disabled. */
  postgresConnectionString: string | null;
  encryptionKey: string | null;
  /** Port from WebServer Urls / ASPNETCORE_URLS; null when none is given. */
  port: number | null;
}

/**
 * Port of the first plain-http URL in a `;`-separated list (ASP.NET Core's format): `http://*:8624`,
 * `http://+:80`, `http://host:8624`, `http://[::]:8624`. An http URL without a port means 80.
 * https URLs are skipped: the stand-in only speaks http.
 */
export function portFromUrls(urls: string): number | null {
  for (const url of urls.split(';').map((u) => u.trim())) {
    const m = /^http:\/\/(\[[^\]]*\]|[^/:]*)(?::(\d+))?(?:\/.*)?$/i.exec(url);
    if (!m) continue;
    const port = m[2] === undefined ? 80 : Number(m[2]);
    if (port <= 65535) return port;
  }
  return null;
}
