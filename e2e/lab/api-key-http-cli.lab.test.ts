/**
 * Lab: the CLI sends the API key over plain http only with --allow-http-api-key (or the profile's
 * allowApiKeyOverHttp). Without it the database-held settings are manual steps saying why (that
 * no request is then made at all is shown against a real HTTP server in settings-api.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { planCommand } from '../../electron/cli/plan-command';
import type { Plan } from '../../electron/shared/plan-schema';
import { labProfile } from './lab-profile';

const lab = inject('lab');

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function planJson(allowHttpApiKey: boolean): Promise<Plan> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-http-'));
  const profile = path.join(dir, 'cluster.json');
  // The profile as an admin would write it: no yes to clear text in it.
  const { allowApiKeyOverHttp: _yes, ...input } = labProfile(lab);
  fs.writeFileSync(profile, JSON.stringify(input), { mode: 0o600 });
  const [o, e] = [sink(), sink()];
  const code = await planCommand({ profile, json: true, connectTimeout: 3000, knownHosts: path.join(dir, 'known_hosts.json'), healthTimeout: 30, allowHttpApiKey }, { out: o.stream, err: e.stream });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(code, e.text()).toBe(0);
  return JSON.parse(o.text()) as Plan;
}

describe('ha-wizard plan and the API key over plain http', () => {
  it('without --allow-http-api-key: manual steps saying why, and the key is not used', async () => {
    const plan = await planJson(false);
    expect(plan.settings.map((s) => s.how)).toEqual(['manual', 'manual']);
    expect(plan.settings[0]!.where).toContain(`the API key was not used: the API key would travel in clear text over plain http to http://${lab.nodes[0]!.address}:${lab.nodes[0]!.webPort}`);
    expect(plan.profile.allowApiKeyOverHttp).toBeUndefined();
    expect(JSON.stringify(plan)).not.toContain(lab.apiKey);
  });

  it('with --allow-http-api-key: the settings are read through the API and the plan records the yes for apply', async () => {
    const plan = await planJson(true);
    expect(plan.settings.every((s) => s.how === 'api' || s.how === 'unchanged')).toBe(true);
    expect(plan.settings[0]!.where).toBe('the settings API of node1');
    expect(plan.profile.allowApiKeyOverHttp).toBe(true);
    expect(JSON.stringify(plan)).not.toContain(lab.apiKey);
  });
});
