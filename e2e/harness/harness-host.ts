/**
 * The harness's HostAdapter: what Electron's main process does with safeStorage and native dialogs,
 * done the honest way a browser tab allows. Profiles go through the app's own store on a temp folder,
 * their secrets in this process's memory only (never on disk); saved files go to a downloads folder,
 * external links are recorded instead of opened.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CallInput } from '../../electron/shared/contract';
import type { HostAdapter } from '../../electron/core/engine/wizard-service';
import { MEMORY_ONLY, ProfileStore } from '../../electron/core/profiles/profile-store';
import { historyDirOf } from '../../electron/core/engine/history-calls';
import type { DesktopNote } from '../../electron/core/health/history/notifications';
import { AppSettingsFile, settingsFileOf } from '../../electron/core/settings/app-settings-file';

export interface HarnessHostOptions {
  dataDir: string;
  version: string;
  /** What "pick a key file" answers in a browser, where no native dialog exists. */
  keyFile?: string;
}

export function harnessHost(o: HarnessHostOptions): HostAdapter & { opened: string[]; downloads: string; notifications: DesktopNote[]; settings: AppSettingsFile; warnings: string[] } {
  const profiles = path.join(o.dataDir, 'profiles');
  const downloads = path.join(o.dataDir, 'downloads');
  fs.mkdirSync(profiles, { recursive: true });
  fs.mkdirSync(downloads, { recursive: true });
  const store = new ProfileStore(profiles, MEMORY_ONLY);
  const opened: string[] = [];
  const warnings: string[] = [];
  return {
    opened,
    // A browser tab shows no desktop notification: the harness records each, for a test to read.
    notifications: [],
    warnings,
    warn: (m) => void warnings.push(m),
    historyDir: historyDirOf(o.dataDir),
    settings: new AppSettingsFile(settingsFileOf(o.dataDir), (m) => warnings.push(m)),
    downloads,
    info: () => ({ version: o.version, host: 'harness', secretStorage: 'memory-only', platform: process.platform }),
    // The app's own store on the harness's folder; a browser tab cannot encrypt, so secrets stay in memory.
    saveProfile: (input) => store.save(input),
    listProfiles: () => store.list(),
    openProfile: (id) => store.open(id),
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
    reportsDir: path.join(o.dataDir, 'reports'),
    // A browser tab has no file manager: the harness records the path, as it records links.
    async openPath(target: string) {
      opened.push(target);
      return { opened: false };
    },
  };
}
