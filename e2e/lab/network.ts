/** The lab's network: one bridge on this machine, one namespace per host, a veth pair into each. */
import { BRIDGE, BRIDGE_ADDRESS, BRIDGE_ADDRESS6, LINK_PREFIX, NS_PREFIX } from './lab-config';
import { run, inNetns } from './run';

export async function listLabNamespaces(): Promise<string[]> {
  const { stdout } = await run(['ip', '-o', 'netns', 'list'], { allowFail: true });
  return stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(NS_PREFIX));
}

export async function listLabLinks(): Promise<string[]> {
  const { stdout } = await run(['ip', '-o', 'link', 'show'], { allowFail: true });
  return stdout
    .split('\n')
    .map((l) => /^\d+:\s+([^:@]+)/.exec(l)?.[1] ?? '')
    .filter((n) => n === BRIDGE || n.startsWith(LINK_PREFIX));
}

export async function createBridge(): Promise<void> {
  const links = await listLabLinks();
  if (!links.includes(BRIDGE)) {
    await run(['ip', 'link', 'add', BRIDGE, 'type', 'bridge']);
    await run(['ip', 'addr', 'add', `${BRIDGE_ADDRESS}/24`, 'dev', BRIDGE]);
    // nodad: usable at once, without waiting out duplicate address detection.
    await run(['ip', '-6', 'addr', 'add', `${BRIDGE_ADDRESS6}/64`, 'dev', BRIDGE, 'nodad']);
  }
  await run(['ip', 'link', 'set', BRIDGE, 'up']);
}

/**
 * Creates namespace `ns` with `address`/24 (and `address6`/64, when given) on its eth0, joined to the
 * bridge through host link `link`.
 */
export async function createHost(ns: string, link: string, address: string, address6?: string): Promise<void> {
  await run(['ip', 'netns', 'add', ns]);
  await run(['ip', 'link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  await run(['ip', 'link', 'set', link, 'master', BRIDGE]);
  await run(['ip', 'link', 'set', link, 'up']);
  await run(inNetns(ns, ['ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0']));
  if (address6) await run(inNetns(ns, ['ip', '-6', 'addr', 'add', `${address6}/64`, 'dev', 'eth0', 'nodad']));
  await run(inNetns(ns, ['ip', 'link', 'set', 'eth0', 'up']));
  await run(inNetns(ns, ['ip', 'link', 'set', 'lo', 'up']));
}

export async function setLink(link: string, up: boolean): Promise<void> {
  await run(['ip', 'link', 'set', link, up ? 'up' : 'down']);
}

/** Pids of every process in namespace `ns`. */
export async function namespacePids(ns: string): Promise<number[]> {
  const { stdout } = await run(['ip', 'netns', 'pids', ns], { allowFail: true });
  return stdout.split(/\s+/).filter(Boolean).map(Number);
}

/** Kills everything in the namespace (TERM, then KILL after a grace period) and deletes it and its link. */
export async function destroyHost(ns: string): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const pids = await namespacePids(ns);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try { process.kill(pid, signal); } catch { /* already gone */ }
    }
    for (let i = 0; i < 30 && (await namespacePids(ns)).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  }
  await run(['ip', 'netns', 'del', ns], { allowFail: true });
}

export async function destroyNetwork(): Promise<void> {
  for (const ns of await listLabNamespaces()) await destroyHost(ns);
  for (const link of await listLabLinks()) await run(['ip', 'link', 'del', link], { allowFail: true });
}
