/**
 * Shared storage: the path's form, writable from every node, and truly shared: every node writes a
 * sentinel file and every node must read every other's. A node whose folder is local sees only its own.
 */
import { runPowerShell } from '../remote/powershell-results';
import { POWERSHELL_SCRIPTS } from '../remote/powershell-scripts';
import { catalog } from '../../shared/check-catalog';
import { fail, formatBytes, listNames, pass, warn, type Check } from './check';
import { remedy as words, rerun } from '../../shared/remedy';
import { serviceAccountVerdict } from './storage-rights';
import { sightings } from '../storage/sentinels';
import { storagePathProblem } from '../../shared/storage-path';

const GiB = 1024 ** 3;

export const storageChecks: Check[] = [
  {
    ...catalog('storage.path-form'), title: 'Storage path is a shared path',
    async run(ctx) {
      const problem = storagePathProblem(ctx.profile.storage.path, ctx.nodes.map((n) => n.profile.os));
      return problem ? fail(problem.detail, problem.remedy) : pass(ctx.profile.storage.path);
    },
  },
  {
    ...catalog('storage.writable'), title: 'Storage is writable from each server', needs: ['server.login', 'storage.path-form'],
    async run(ctx, id) {
      const n = ctx.node(id!);
      const path = ctx.profile.storage.path;
      const probe = await ctx.storageProbe(id!);
      // A key-authenticated Windows session has no network credentials (the "double hop"): a UNC
      // share then says access denied whatever the service account may do.
      const doubleHop = n.profile.os === 'windows' && n.profile.auth.kind !== 'password' && path.startsWith('\\\\');
      const as = `tested as ${probe.identity || n.profile.user}`;
      if (!probe.exists) {
        if (doubleHop) return warn(`${path} could not be seen (${as}, over a key login that has no network credentials)`, 'Log in with a password for this check, or confirm on the server that the service account can open the share.');
        return fail(`${path} does not exist (${as})`, words`Create the folder on the shared storage (or mount the share at this path on this server), then ${rerun}.`);
      }
      if (!probe.isDirectory) return fail(`${path} is a file, not a folder`, 'Point the storage path at a folder.');
      if (!probe.writable) {
        if (doubleHop) return warn(`${path} is not writable ${as}: a key login has no network credentials, so this proves nothing about the service account`, 'Log in with a password for this check, or confirm that the service account has Modify rights on the share.');
        return fail(`${path} is not writable (${as}): ${probe.error ?? 'permission denied'}`, 'Give the product\'s service account read, write and delete rights on the folder.');
      }
      if (probe.sentinelRefused) {
        // The name is new each run: whatever sits there was placed while this check ran.
        return fail(`something already exists at this run's test file ${ctx.sentinels.ofNode(id!).name} in ${path} (a file or a symbolic link); it was not written through`, words`Find out who put it there and remove it, then ${rerun}.`);
      }
      return pass(`writable (${as})`, { identity: probe.identity, freeBytes: probe.freeBytes });
    },
  },
  {
    ...catalog('storage.shared'), title: 'Every server sees the same storage', needs: ['storage.writable'],
    async run(ctx) {
      const path = ctx.profile.storage.path;
      // Each writable node left its sentinel while probing (storage.writable); now every node lists them.
      const probes = await Promise.all(ctx.nodes.map((n) => ctx.storageProbe(n.id).catch(() => null)));
      const usable = ctx.nodes.filter((_, i) => probes[i]?.sentinelWritten).map((n) => n.id);
      if (usable.length < 2) return warn(`only ${listNames(usable) || 'no server'} could write there, so sharing cannot be tested`, words`Fix the servers that cannot write to the storage path, then ${rerun}.`);
      const listings = await Promise.all(usable.map(async (id) => [id, await (await ctx.ops(id)).readSentinels(path, ctx.sentinels.prefix)] as const));
      const seen = sightings(new Map(listings), new Map(usable.map((id) => [id, ctx.sentinels.ofNode(id)])));
      const blind = usable.filter((id) => seen[id]!.length < usable.length);
      if (blind.length === 0) return pass(`all ${usable.length} servers read each other's files`, { seen });
      const alone = blind.filter((id) => seen[id]!.length === 1);
      // The nodes that see only their own file are the misconfigured ones: name them first.
      const detail = [...alone, ...blind.filter((id) => !alone.includes(id))].map((id) => `${id} sees ${seen[id]!.length === 1 ? 'only its own file' : `the files of ${listNames(seen[id]!)}`}`).join('; ');
      const remedy = alone.length
        ? `${listNames(alone)} ${alone.length > 1 ? 'write' : 'writes'} to a folder of ${alone.length > 1 ? 'their' : 'its'} own at ${path}, not the shared one: mount the shared storage there (and move anything already written).`
        : 'The servers do not all reach the same folder: make the storage path name the same share on every server.';
      return fail(detail, remedy, { seen, misconfigured: alone });
    },
  },
  {
    ...catalog('storage.free-space'), title: 'Free space on the storage', needs: ['storage.writable'],
    async run(ctx, id) {
      const probe = await ctx.storageProbe(id!);
      if (probe.freeBytes === null) return warn('free space could not be read', 'Check the free space on the storage yourself.');
      if (probe.freeBytes < GiB) return fail(`only ${formatBytes(probe.freeBytes)} free`, 'Packages need room: give the storage more space before going on.');
      if (probe.freeBytes < 20 * GiB) return warn(`${formatBytes(probe.freeBytes)} free`, 'That fills up quickly with packages; plan more space.');
      return pass(`${formatBytes(probe.freeBytes)} free`);
    },
  },
  {
    ...catalog('storage.service-account'), title: 'Service account may use the storage', needs: ['storage.writable'],
    skipReason: (ctx, id) => (ctx.node(id!).profile.os === 'linux' ? 'Linux/Docker: the container\'s mount decides, checked by writing above' : null),
    async run(ctx, id) {
      const n = ctx.node(id!);
      const facts = await ctx.facts(id!);
      const account = n.profile.serviceAccount ?? facts.serviceAccount ?? 'NT AUTHORITY\\NetworkService';
      if (/network ?service|localsystem|local system/i.test(account) && ctx.profile.storage.path.startsWith('\\\\')) {
        return warn(`the service runs as ${account}, which reaches the share as the computer account (DOMAIN\\${facts.hostname.toUpperCase()}$)`, 'Inedo recommends a domain account for the service when storage is a share; otherwise grant the computer accounts of all servers Modify rights on the share and its folder.');
      }
      const acl = await runPowerShell((await ctx.ops(id!)).session, POWERSHELL_SCRIPTS.aclForAccount, { path: ctx.profile.storage.path, account });
      return serviceAccountVerdict(account, ctx.profile.storage.path, acl);
    },
  },
];
