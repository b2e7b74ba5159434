/** What every load-balancer config generator takes. */
export interface LoadBalancerBackend {
  /** A short name for the node, used in the config (letters, digits, - and _ only). */
  name: string;
  host: string;
  port: number;
  /** Out of rotation (nginx `down`): the config keeps it, the balancer sends it nothing new. */
  down?: boolean;
}

export interface LoadBalancerInput {
  backends: LoadBalancerBackend[];
  /** Address and port the balancer listens on. */
  listenAddress: string;
  listenPort: number;
  /** Public URL of the balancer: the product's Web.BaseUrl must be set to it. */
  publicUrl: string;
  /** Sticky sessions are not needed with one encryption key everywhere; an option for those who want them. */
  sticky: boolean;
  healthPath: string;
}

/** Extra lines for the machine that runs the balancer (pid files, sockets); the lab uses these. */
export interface RuntimeLines {
  global?: string[];
  http?: string[];
}

export const LARGE_UPLOAD_TIMEOUT_SECONDS = 3600;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const HOST = /^[A-Za-z0-9.:[\]-]{1,253}$/;

/** Refuses anything that could break out of a config line; backends come from the profile. */
export function assertSafeInput(input: LoadBalancerInput): void {
  if (input.backends.length === 0) throw new Error('a load balancer needs at least one backend');
  for (const b of input.backends) {
    if (!NAME.test(b.name)) throw new Error(`backend name not allowed in a config: ${JSON.stringify(b.name)}`);
    if (!HOST.test(b.host)) throw new Error(`backend host not allowed in a config: ${JSON.stringify(b.host)}`);
    if (!Number.isInteger(b.port) || b.port < 1 || b.port > 65535) throw new Error(`bad port for ${b.name}`);
  }
  if (!HOST.test(input.listenAddress)) throw new Error('bad listen address');
  if (!/^\/[A-Za-z0-9/_.-]*$/.test(input.healthPath)) throw new Error('bad health path');
}

export function baseUrlNote(input: LoadBalancerInput, comment: string): string {
  return `${comment} The product's Web.BaseUrl must be this balancer's URL: ${input.publicUrl}`;
}
