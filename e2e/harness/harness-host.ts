/**
 * The harness's HostAdapter: what Electron's main process does with safeStorage and native dialogs,
 * done the honest way a browser tab allows. Secrets stay in this process's memory only (never on
 * disk), saved files go to a downloads folder, external links are recorded instead of opened.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CallInput, CallOutput } from '../../electron/shared/contract';
import type { HostAdapter } from '../../electron/core/engine/wizard-service';
import { ProfileSchema } from '../../electron/shared/profile';

export interface HarnessHostOptions {
  dataDir: string;
  version: string;
  /** What "pick a key file" answers in a browser, where no native dialog exists. */
  keyFile?: string;
}

export function harnessHost(o: HarnessHostOptions): HostAdapter & { opened: string[]; downloads: string } {
  const profiles = path.join(o.dataDir, 'profiles');
  const downloads = path.join(o.dataDir, 'downloads');
  fs.mkdirSync(profiles, { recursive: true });
  fs.mkdirSync(downloads, { recursive: true });
  const secretsById = new Map<string, Record<string, string>>();
  const opened: string[] = [];
  const file = (id: string) => path.join(profiles, `${id}.hawizard.json`);
  return {
    opened,
    downloads,
    info: () => ({ version: o.version, host: 'harness', secretStorage: 'memory-only', platform: process.platform }),
    async saveProfile(input: CallInput<'profile.save'>): Promise<CallOutput<'profile.save'>> {
      const id = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || crypto.randomUUID();
      fs.writeFileSync(file(id), JSON.stringify({ name: input.name, savedAt: new Date().toISOString(), profile: input.profile }, null, 2), { mode: 0o600 });
      secretsById.set(id, { ...(input.secrets ?? {}) });
      return { id, secretsStored: 'memory-only' };
    },
    async listProfiles() {
      return fs.readdirSync(profiles).filter((f) => f.endsWith('.hawizard.json')).map((f) => {
        const j = JSON.parse(fs.readFileSync(path.join(profiles, f), 'utf8')) as { name: string; savedAt: string };
        return { id: f.replace(/\.hawizard\.json$/, ''), name: j.name, savedAt: j.savedAt };
      }).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    },
    async openProfile(id: string) {
      if (!/^[a-z0-9-]+$/.test(id) || !fs.existsSync(file(id))) throw new Error(`no saved profile ${id}`);
      const j = JSON.parse(fs.readFileSync(file(id), 'utf8')) as { name: string; profile: unknown };
      return { name: j.name, profile: ProfileSchema.parse(j.profile), secrets: secretsById.get(id) ?? {} };
    },
    async saveFile(input: CallInput<'file.save'>) {
      const name = path.basename(input.suggestedName).replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
      const target = path.join(downloads, name);
      fs.writeFileSync(target, input.content, { mode: 0o600 });
      return { saved: true, path: target };
    },
    async pickKeyFile() {
      return { path: o.keyFile ?? null };
    },
    async openExternal(url: string) {
      opened.push(url);
      return { opened: false };
    },
  };
}
