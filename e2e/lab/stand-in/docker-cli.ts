/**
 * The lab's `docker`: exactly the commands the engine runs on a Docker-style node, on the stand-in.
 *   docker compose -f FILE pull SERVICE              the tag must be in the lab's registry (fault installer-hangs: never ends)
 *   docker compose -f FILE up -d SERVICE             node.json's version := the tag; (re)start the service
 *   docker compose -f FILE stop SERVICE              stop the service
 *   docker compose -f FILE run --rm SERVICE upgradedb   upgradedb at the tag's version
 *   docker image inspect IMAGE:TAG                   0 when the image is in the registry
 * Anything else exits 1, "not supported by the lab". No argument reaches a shell: programs get argv.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeImage, splitImageRef, type ImageRef } from './compose-file';
import { STATE_FILES, readNodeState } from './node-state';
import { VERSION_FAULT_FILES } from './schema-at-start';
import { PRODUCT_IMAGES, inRegistry } from './version-registry';

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DockerEnv {
  stateDir: string;
  serviceScript: string;
  /** Runs a program (argv) and gives back its result. */
  run(argv: string[]): Promise<DockerResult>;
  /** argv that runs the stand-in's upgradedb at a version. */
  upgradedbArgv(version: string): string[];
}

const ok = (stdout: string): DockerResult => ({ code: 0, stdout: `${stdout}\n`, stderr: '' });
const err = (stderr: string): DockerResult => ({ code: 1, stdout: '', stderr: `${stderr}\n` });

export async function docker(args: string[], env: DockerEnv): Promise<DockerResult> {
  if (args[0] === 'image' && args[1] === 'inspect' && args.length === 3) return imageInspect(args[2]!, env);
  if (args[0] === 'compose' && args[1] === '-f' && args.length >= 5) {
    const file = args[2]!;
    const rest = args.slice(3);
    const is = (...words: string[]) => rest.length === words.length + 1 && words.every((w, i) => rest[i] === w);
    const service = rest[rest.length - 1]!;
    if (is('pull')) return withImage(file, service, env, async (ref) => (hangs(env, ref.tag) ? hangForEver() : pull(ref)));
    if (is('up', '-d')) return withImage(file, service, env, (ref) => up(ref, env));
    if (is('stop')) return withImage(file, service, env, () => env.run(['/bin/sh', env.serviceScript, 'stop']));
    if (rest.length === 4 && rest[0] === 'run' && rest[1] === '--rm' && rest[3] === 'upgradedb') {
      return withImage(file, rest[2]!, env, (ref) => env.run(env.upgradedbArgv(ref.tag)));
    }
  }
  return err(`docker ${args.join(' ')}: not supported by the lab`);
}

function productImage(env: DockerEnv): string {
  return PRODUCT_IMAGES[readNodeState(env.stateDir).product];
}

async function withImage(file: string, service: string, env: DockerEnv, act: (ref: ImageRef) => Promise<DockerResult>): Promise<DockerResult> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return err(`open ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  const ref = composeImage(text, service);
  if (typeof ref === 'string') return err(`${file}: ${ref}`);
  if (ref.image !== productImage(env)) return err(`pull access denied for ${ref.image}: the lab's registry has only ${productImage(env)}`);
  return act(ref);
}

/** The installer-hangs fault (version-faults.ts): set, and for this tag when it names one. */
function hangs(env: DockerEnv, tag: string): boolean {
  let fault: string;
  try {
    fault = readFileSync(join(env.stateDir, VERSION_FAULT_FILES.installerHangs), 'utf8');
  } catch {
    return false;
  }
  const only = /^only: (\S+)$/m.exec(fault)?.[1] ?? null;
  return only === null || only === tag;
}

/** A download that never ends: printing nothing, as a stalled one does (only a signal ends it). */
function hangForEver(): Promise<never> {
  setInterval(() => undefined, 60_000);
  return new Promise<never>(() => undefined);
}

async function pull(ref: ImageRef): Promise<DockerResult> {
  if (!inRegistry(ref.tag)) return err(`Error response from daemon: manifest for ${ref.image}:${ref.tag} not found: manifest unknown`);
  return ok(`${ref.tag}: Pulling from ${ref.image}\nStatus: Image is up to date for ${ref.image}:${ref.tag}`);
}

async function up(ref: ImageRef, env: DockerEnv): Promise<DockerResult> {
  const pulled = await pull(ref);
  if (pulled.code !== 0) return pulled;
  let fault: string | null = null;
  try {
    fault = readFileSync(join(env.stateDir, VERSION_FAULT_FILES.installerFails), 'utf8');
  } catch {
    // no fault set
  }
  // "only: <version>": the installer fails for that version alone (the old one can still be put back).
  const only = fault === null ? null : /^only: (\S+)$/m.exec(fault)?.[1] ?? null;
  if (fault !== null && (only === null || only === ref.tag)) {
    return err(`simulated fault: the installer fails (${VERSION_FAULT_FILES.installerFails}); nothing was changed`);
  }
  const file = join(env.stateDir, STATE_FILES.node);
  const nodeJson = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const same = nodeJson.version === ref.tag;
  if (!same) {
    // Stopped first, as recreating a container would: the old version never runs on the new version's state.
    const stopped = await env.run(['/bin/sh', env.serviceScript, 'stop']);
    if (stopped.code !== 0) return stopped;
    nodeJson.version = ref.tag;
    writeFileSync(`${file}.tmp`, JSON.stringify(nodeJson, null, 2));
    renameSync(`${file}.tmp`, file);
  }
  // The service script's own answer: a stand-in that refuses to start (schema) fails `up` here, with its reason.
  const started = await env.run(['/bin/sh', env.serviceScript, 'start']);
  return { ...started, stdout: `Container ${same ? 'running' : 'recreated'} at ${ref.tag}\n${started.stdout}` };
}

async function imageInspect(reference: string, env: DockerEnv): Promise<DockerResult> {
  const ref = splitImageRef(reference);
  if (!ref || ref.image !== productImage(env) || !inRegistry(ref.tag)) return err(`Error: No such image: ${reference}`);
  return ok(JSON.stringify([{ RepoTags: [reference] }]));
}
