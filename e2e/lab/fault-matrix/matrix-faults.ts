/**
 * The matrix's faults on one lab node, each started at a step and cleared when the run is over. Cleared
 * without the lab's own help: clearing a "will not start" fault must not restart the service, or a node
 * the wizard left stopped would look healthy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { injectFault } from '../faults';
import { setLink } from '../network';
import { nodePaths, type NodeState } from '../nodes';
import { run } from '../run';
import type { MatrixFault } from './matrix-cells';

export interface StartedFault {
  clear(): Promise<void>;
}

const FLAP_MS = 700;
const LINK_DOWN_MS = 5000;

/** Starts `fault` on `node` now. SIGKILL is the runner's own (a child it kills), never started here. */
export async function startFault(fault: Exclude<MatrixFault, 'sigkill-rollback' | 'sigkill-finish'>, node: NodeState, lab: { version: string; databasePort: number }): Promise<StartedFault> {
  switch (fault) {
    case 'link-down': {
      // The VPN drops for a few seconds and comes back (a node gone for good is apply.lab.test.ts's case).
      await setLink(node.link, false);
      let timer: NodeJS.Timeout | undefined;
      const back = new Promise<void>((r) => (timer = setTimeout(r, LINK_DOWN_MS))).then(() => setLink(node.link, true));
      return { clear: async () => {
        clearTimeout(timer);
        await setLink(node.link, true);
        void back.catch(() => undefined);
      } };
    }
    case 'link-flapping': {
      // Down and up every 0.7 s until cleared: the VPN that keeps dropping.
      let up = false;
      await setLink(node.link, up);
      let flapping = true;
      const loop = (async () => {
        while (flapping) {
          await new Promise((r) => setTimeout(r, FLAP_MS));
          up = !up;
          if (flapping) await setLink(node.link, up);
        }
      })();
      return { clear: async () => {
        flapping = false;
        await loop;
        await setLink(node.link, true);
      } };
    }
    case 'disk-full':
    case 'deny-write':
      await injectFault(fault, node.name);
      return { clear: () => injectFault(fault, node.name, { clear: true }).then(() => undefined) };
    case 'no-start': {
      // The flag alone: the running service keeps running until someone restarts it.
      const flag = path.join(node.dir, 'state', 'fault-no-start');
      fs.writeFileSync(flag, 'simulated fault: the service will not start\n');
      return { clear: () => Promise.resolve(fs.rmSync(flag, { force: true })) };
    }
    case 'health-error':
      // The stand-in answers /health with an Error status from now on, at the version it runs.
      await injectFault('never-healthy', node.name, { value: lab.version });
      return { clear: () => injectFault('never-healthy', node.name, { clear: true }).then(() => undefined) };
    case 'db-port-blocked':
      await injectFault('block-port', node.name, { value: String(lab.databasePort) });
      return { clear: () => injectFault('block-port', node.name, { clear: true }).then(() => undefined) };
    case 'ssh-dropped': {
      // Every SSH connection to the node cut at once (sshd's per-connection children killed); new ones work.
      const { stdout } = await run(['pgrep', '-P', String(node.sshdPid)], { allowFail: true });
      for (const pid of stdout.split(/\s+/).filter(Boolean)) await run(['kill', '-KILL', pid], { allowFail: true });
      return { clear: () => Promise.resolve() };
    }
  }
}

/** After a cell that went wrong: every matrix fault cleared on every node, whichever were set (errors ignored). */
export async function clearEveryFault(nodes: NodeState[]): Promise<void> {
  for (const node of nodes) {
    await setLink(node.link, true).catch(() => undefined);
    fs.rmSync(path.join(node.dir, 'state', 'fault-no-start'), { force: true });
    for (const kind of ['never-healthy', 'block-port', 'deny-write'] as const) await injectFault(kind, node.name, { clear: true }).catch(() => undefined);
    const mounted = await run(['findmnt', '-N', String(node.sshdPid), '-n', '-o', 'SOURCE', nodePaths.configDir], { allowFail: true });
    if (mounted.stdout.includes('lab-full')) await injectFault('disk-full', node.name, { clear: true }).catch(() => undefined);
  }
}
