/**
 * The desktop path of a check run, in its own process like check-child: the harness's WizardService
 * (the engine behind the contract the app's preload and the e2e harness both use) asked for `checks.run`,
 * timed from the call to its `checks.done` event, with every event validated against the contract as in
 * the app. `node harness-child.cjs <profile.json> <connectTimeoutMs> <knownHosts>`; prints JSON.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harnessHost } from '../e2e/harness/harness-host';
import { DEFAULT_SETTINGS } from '../electron/core/run/engine-settings';
import { WizardService } from '../electron/core/engine/wizard-service';

/** The profile's file and environment references: what the admin allows the app to read. */
function localRefs(v: unknown, out: unknown[] = []): unknown[] {
  if (!v || typeof v !== 'object') return out;
  const keys = Object.keys(v);
  if (keys.length === 1 && (keys[0] === 'file' || keys[0] === 'env')) out.push(v);
  else for (const x of Object.values(v)) localRefs(x, out);
  return out;
}

async function main() {
  const [profileFile, timeout, knownHostsPath] = process.argv.slice(2);
  const profile = JSON.parse(fs.readFileSync(profileFile!, 'utf8')) as unknown;
  let done!: (ok: boolean) => void;
  const finished = new Promise<boolean>((resolve) => (done = resolve));
  const host = harnessHost({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-harness-')), version: '0.0.0' });
  const service = new WizardService(host, (name, payload) => {
    if (name === 'checks.done') done((payload as { ok: boolean }).ok);
  }, { ...DEFAULT_SETTINGS, connectTimeoutMs: Number(timeout), knownHostsPath: knownHostsPath! });
  const started = performance.now();
  await service.call('checks.run', { runId: crypto.randomUUID(), profile, secrets: {}, allowLocalSecrets: localRefs(profile), acceptedHostKeys: {} });
  const ok = await finished;
  process.stdout.write(JSON.stringify({ harnessMs: performance.now() - started, ok }));
}
main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
