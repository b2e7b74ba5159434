/**
 * The lab's side door for the wizard specs (as root, beside the UI): each node's configuration file as
 * bytes, putting the originals back with their services restarted, and a watch that ends the `no-start`
 * fault at the exact moment the apply's restart has met it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readLabState } from '../lab/lab';
import type { LabDescription } from '../lab/lab-description';
import type { LabState } from '../lab/lab-types';
import { serviceAction } from '../lab/nodes';
import { STATE_FILES } from '../lab/stand-in/node-state';

function labState(): LabState {
  const state = readLabState();
  if (!state) throw new Error('the lab is not up');
  return state;
}

export type ConfigFiles = Record<string, Buffer>;

/** Every node's product configuration file, byte for byte. */
export function configFiles(): ConfigFiles {
  const state = labState();
  return Object.fromEntries(state.nodes.map((n) => [n.name, fs.readFileSync(path.join(n.dir, 'config', state.configFileName))]));
}

/** The backups an apply left beside the configuration files. */
export function backups(): string[] {
  const state = labState();
  return state.nodes.flatMap((n) => fs.readdirSync(path.join(n.dir, 'config')).filter((f) => f.includes('.ha-wizard-')).map((f) => `${n.name}/${f}`));
}

/** Whether every node's /health answers 200 now. */
export async function allHealthy(lab: LabDescription): Promise<boolean> {
  const answers = await Promise.all(lab.nodes.map((n) => fetch(`${n.url}/health`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status, () => 0)));
  return answers.every((s) => s === 200);
}

/** Puts every node's original file back, removes the apply's backups, restarts every service and waits until all are healthy. */
export async function restoreLab(lab: LabDescription, original: ConfigFiles): Promise<void> {
  const state = labState();
  for (const n of state.nodes) {
    const dir = path.join(n.dir, 'config');
    fs.writeFileSync(path.join(dir, state.configFileName), original[n.name]!);
    for (const f of fs.readdirSync(dir).filter((x) => x.includes('.ha-wizard-'))) fs.rmSync(path.join(dir, f));
    await serviceAction(n, 'restart');
  }
  const deadline = Date.now() + 20_000;
  while (!(await allHealthy(lab))) {
    if (Date.now() > deadline) throw new Error('after restoring the lab, not every node is healthy within 20 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * For a `no-start` fault set before Apply: waits until the node's service has refused to start once
 * more (its log gains the stand-in's refusal), then removes the fault's flag at once, so the rollback's
 * own restart a moment later succeeds. The UI cannot be polled fast enough for that: the engine's
 * rollback restarts the node within milliseconds of the failure it answers.
 */
export function clearNoStartAfterNextRefusal(nodeName: string, timeoutMs = 90_000): { refused: Promise<void>; stop(): void } {
  const node = labState().nodes.find((n) => n.name === nodeName);
  if (!node) throw new Error(`no lab node ${nodeName}`);
  const stateDir = path.join(node.dir, 'state');
  const log = path.join(stateDir, STATE_FILES.log);
  const flag = path.join(stateDir, STATE_FILES.faultNoStart);
  const size = () => (fs.existsSync(log) ? fs.statSync(log).size : 0);
  const from = size();
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const refused = new Promise<void>((resolve, reject) => {
    finish = resolve;
    const deadline = Date.now() + timeoutMs;
    const tick = () => {
      const now = size();
      if (now > from) {
        const fd = fs.openSync(log, 'r');
        const buf = Buffer.alloc(now - from);
        fs.readSync(fd, buf, 0, buf.length, from);
        fs.closeSync(fd);
        if (buf.toString().includes(STATE_FILES.faultNoStart)) {
          fs.rmSync(flag, { force: true });
          return resolve();
        }
      }
      if (Date.now() > deadline) return reject(new Error(`${nodeName} did not refuse to start within ${timeoutMs / 1000} s`));
      timer = setTimeout(tick, 5);
    };
    tick();
  });
  return {
    refused,
    stop: () => {
      if (timer) clearTimeout(timer);
      finish();
    },
  };
}
