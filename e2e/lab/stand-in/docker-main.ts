/**
 * Entry of the lab's `docker` (bundled to docker.cjs): `node docker.cjs STATE_DIR SERVICE_SCRIPT BUNDLE -- ARGS...`,
 * called by the lab's docker wrapper script with the node's fixed paths, ARGS being docker's own.
 */
import { spawn } from 'node:child_process';
import { docker, type DockerResult } from './docker-cli';

function run(argv: string[]): Promise<DockerResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ code: 127, stdout, stderr: `${stderr}${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function main(): Promise<void> {
  const [stateDir, serviceScript, bundle, dashes, ...args] = process.argv.slice(2);
  if (!stateDir || !serviceScript || !bundle || dashes !== '--') {
    process.stderr.write('usage: docker.cjs STATE_DIR SERVICE_SCRIPT BUNDLE -- ARGS...\n');
    process.exit(2);
  }
  const result = await docker(args, {
    stateDir,
    serviceScript,
    run,
    // No Node deprecation notices (tedious's TLS name) in upgradedb's answer: only the product's own words.
    upgradedbArgv: (version) => [process.execPath, '--no-deprecation', bundle, '--state-dir', stateDir, '--upgradedb', '--version', version],
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}

void main();
