/**
 * Faults on demand, each with a way back: link down, a service that will not start, a changed host key,
 * a full disk on the config path, a wrong password, a changed product version, a node whose storage is local;
 * and the upgrade faults (version-faults.ts): installer-fails, installer-hangs, upgradedb-fails, never-healthy, backup-full.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LAB_GROUP, LAB_ROOT, STATE_FILE, labUser } from './lab-config';
import { readLabState } from './lab';
import type { LabState } from './lab-types';
import { setLink } from './network';
import { SHARED_DIR, hostKeyFingerprint, inNode, makeHostKey, nodePaths, serviceAction, type NodeState } from './nodes';
import { run } from './run';
import { withLabLock } from './lab-lock';
import { VERSION_FAULT_KINDS, isVersionFault, setComposeTag, setVersionFault } from './version-faults';

export const FAULT_KINDS = ['link-down', 'link-up', 'no-start', 'host-key', 'disk-full', 'wrong-password', 'version', 'local-storage', 'clock-skew', 'block-port', 'deny-write', ...VERSION_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

function findNode(state: LabState, name: string): NodeState {
  const node = state.nodes.find((n) => n.name === name || n.hostname === name || String(n.index) === name);
  if (!node) throw new Error(`no lab node named ${name} (have: ${state.nodes.map((n) => n.name).join(', ')})`);
  return node;
}

function saveState(state: LabState): void {
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** Sets (or with `clear`, removes) a fault on one node. `value` is the new version for `version`. */
export function injectFault(kind: FaultKind, nodeName: string, opts: { clear?: boolean; value?: string } = {}): Promise<string> {
  return withLabLock(`fault ${kind}`, () => setFault(kind, nodeName, opts));
}

async function setFault(kind: FaultKind, nodeName: string, opts: { clear?: boolean; value?: string }): Promise<string> {
  const state = readLabState();
  if (!state) throw new Error('the lab is not up');
  const node = findNode(state, nodeName);
  const clear = opts.clear ?? false;
  if (isVersionFault(kind)) return setVersionFault(kind, state, node, { clear, ...(opts.value ? { value: opts.value } : {}) });
  switch (kind) {
    case 'link-down':
    case 'link-up': {
      const up = kind === 'link-up' ? !clear : clear;
      await setLink(node.link, up);
      return `${node.name}: link ${up ? 'up' : 'down'}`;
    }
    case 'no-start': {
      const flag = path.join(node.dir, 'state', 'fault-no-start');
      if (clear) fs.rmSync(flag, { force: true });
      else fs.writeFileSync(flag, 'simulated fault: the service will not start\n');
      const r = await serviceAction(node, 'restart');
      return `${node.name}: service ${clear ? 'starts again' : 'will not start'} (${r.code === 0 ? 'running' : 'stopped'})`;
    }
    case 'host-key': {
      // A new host key (the original is kept aside so --clear can restore it), picked up by sshd when it
      // re-executes itself on SIGHUP.
      const key = path.join(node.dir, 'ssh', 'host_ed25519_key');
      const kept = `${key}.original`;
      if (clear) {
        if (fs.existsSync(kept)) {
          fs.renameSync(kept, key);
          fs.renameSync(`${kept}.pub`, `${key}.pub`);
        }
        node.hostKeyFingerprint = await hostKeyFingerprint(`${key}.pub`);
      } else {
        if (!fs.existsSync(kept)) {
          fs.copyFileSync(key, kept);
          fs.copyFileSync(`${key}.pub`, `${kept}.pub`);
        }
        node.hostKeyFingerprint = await makeHostKey(node);
      }
      process.kill(node.sshdPid, 'SIGHUP');
      saveState(state);
      await new Promise((r) => setTimeout(r, 300));
      return `${node.name}: host key is now ${node.hostKeyFingerprint}`;
    }
    case 'disk-full': {
      // Only inside the node's own mount view: a tiny tmpfs over its config directory, filled up.
      if (clear) {
        // The config as the node last wrote it lives on the tmpfs: copy it to the disk directory underneath
        // (still visible at the node's own path, since the tmpfs covers only the view), then unmount.
        // Emptied first: a file removed while the disk was full (the cluster lock) must not come back.
        await run(inNode(node, ['sh', '-c', 'rm -f "$1/.filler" && find "$2" -mindepth 1 -delete && cp -a "$1/." "$2/"', 'sh', nodePaths.configDir, path.join(node.dir, 'config')]));
        await run(inNode(node, ['umount', nodePaths.configDir]));
        return `${node.name}: config disk has room again`;
      }
      await run(inNode(node, ['sh', '-c',
        'set -e; d="$1"; tmp=$(mktemp -d); cp -a "$d/." "$tmp/"; mount -t tmpfs -o size=256k,mode=0755 lab-full "$d"; cp -a "$tmp/." "$d/"; rm -rf "$tmp"; chown "$2" "$d"; dd if=/dev/zero of="$d/.filler" bs=4k 2>/dev/null || true',
        'sh', nodePaths.configDir, `${labUser(node.index)}:${LAB_GROUP}`]));
      return `${node.name}: config disk is full`;
    }
    case 'wrong-password': {
      // The node's own login gets another password (or its own back); the other nodes keep theirs.
      const password = clear ? state.secrets.sshPassword : crypto.randomBytes(12).toString('hex');
      await run(['chpasswd'], { input: `${labUser(node.index)}:${password}\n` });
      return `${node.name}: ${clear ? 'the lab password works again' : 'rejects the lab password'}`;
    }
    case 'version': {
      const file = path.join(node.dir, 'state', 'node.json');
      const nodeJson = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      nodeJson.version = clear ? state.options.version : (opts.value ?? '2025.10');
      fs.writeFileSync(file, JSON.stringify(nodeJson, null, 2));
      setComposeTag(node, String(nodeJson.version));
      await serviceAction(node, 'restart');
      return `${node.name}: version ${String(nodeJson.version)}`;
    }
    case 'clock-skew': {
      // The kernel clock is shared by all namespaces, so the node's `date` is skewed instead: a
      // wrapper bound over /usr/bin/date in the node's own mount view, calling a copy of the real one.
      const real = path.join(LAB_ROOT, 'bin', 'date.real');
      if (clear) {
        await run(inNode(node, ['umount', '/usr/bin/date']), { allowFail: true });
        return `${node.name}: clock agrees again`;
      }
      const seconds = Number(opts.value ?? '300');
      if (!Number.isInteger(seconds)) throw new Error('clock-skew wants a whole number of seconds');
      if (!fs.existsSync(real)) fs.copyFileSync('/usr/bin/date', real);
      fs.chmodSync(real, 0o755);
      const wrapper = path.join(node.dir, 'date-skewed');
      fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${real} -d "@$(( $(${real} +%s) + ${seconds} ))" "$@"\n`, { mode: 0o755 });
      await run(inNode(node, ['umount', '/usr/bin/date']), { allowFail: true });
      await run(inNode(node, ['mount', '--bind', wrapper, '/usr/bin/date']));
      return `${node.name}: clock ${seconds >= 0 ? '+' : ''}${seconds} s`;
    }
    case 'block-port': {
      // nftables in the node's own namespace: its TCP to and from the port is dropped.
      const port = Number(opts.value);
      if (!clear && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error('block-port wants a port number');
      await run(['ip', 'netns', 'exec', node.ns, 'nft', 'delete', 'table', 'inet', 'halab'], { allowFail: true });
      if (clear) return `${node.name}: no ports blocked`;
      const rules = `table inet halab {\n chain out { type filter hook output priority 0; tcp dport ${port} drop; }\n chain in { type filter hook input priority 0; tcp dport ${port} drop; }\n}\n`;
      await run(['ip', 'netns', 'exec', node.ns, 'nft', '-f', '-'], { input: rules });
      return `${node.name}: TCP ${port} blocked both ways`;
    }
    case 'deny-write': {
      // The config folder (and file) now belong to root: the node's login can read but not write there.
      const dir = path.join(node.dir, 'config');
      const owner = clear ? `${labUser(node.index)}:${LAB_GROUP}` : 'root:root';
      await run(['chown', '-R', owner, dir]);
      return `${node.name}: config folder ${clear ? 'writable again' : 'is read-only for the product\'s login'}`;
    }
    case 'local-storage': {
      if (clear) await run(inNode(node, ['mount', '--bind', SHARED_DIR, nodePaths.storage]));
      else await run(inNode(node, ['umount', nodePaths.storage]));
      node.localStorage = !clear;
      saveState(state);
      return `${node.name}: storage ${clear ? 'shared again' : 'is a local directory'}`;
    }
  }
}
