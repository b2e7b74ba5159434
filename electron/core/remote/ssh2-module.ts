/**
 * ssh2, loaded the first time a connection needs it rather than when the engine starts: `ha-wizard
 * --help` and the renderer's first paint should not pay for it (issue 10, cold start). Only type
 * imports of 'ssh2' may appear elsewhere; the value comes from here.
 */
import type * as Ssh2Module from 'ssh2';

type Ssh2 = typeof Ssh2Module;

let loading: Promise<Ssh2> | undefined;

export function loadSsh2(): Promise<Ssh2> {
  loading ??= import('ssh2').then((m) => ((m as Ssh2 & { default?: Ssh2 }).default ?? m) as Ssh2);
  return loading;
}
