/**
 * The app's settings in one small JSON file of its data folder (the notification switch): read once,
 * written whole (temp + rename) on each change. A file that cannot be read gives the defaults, with a
 * warning; the host is never stopped by its settings.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppSettingsSchema, DEFAULT_APP_SETTINGS, type AppSettings } from '../../shared/app-settings';
import { writeFileAtomic } from '../report/report-files';
import { errorCode, errorMessage } from '../../shared/error-text';

export function settingsFileOf(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

export class AppSettingsFile {
  private current: Promise<AppSettings> | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string, private readonly warn: (m: string) => void = () => undefined) {}

  get(): Promise<AppSettings> {
    this.current ??= this.read();
    return this.current;
  }

  async set(change: Partial<AppSettings>): Promise<AppSettings> {
    const next = AppSettingsSchema.parse({ ...(await this.get()), ...change });
    this.current = Promise.resolve(next);
    const write = this.writing.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    });
    this.writing = write.catch(() => undefined);
    await write;
    return next;
  }

  private async read(): Promise<AppSettings> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') this.warn(`The settings file ${this.file} could not be read (${errorMessage(e)}); the defaults apply.`);
      return DEFAULT_APP_SETTINGS;
    }
    try {
      // Settings this version does not know are dropped; those missing take their default.
      return AppSettingsSchema.parse({ ...DEFAULT_APP_SETTINGS, ...AppSettingsSchema.partial().parse(JSON.parse(text)) });
    } catch (e) {
      this.warn(`The settings file ${this.file} is not valid (${errorMessage(e).split('\n')[0]}); the defaults apply.`);
      return DEFAULT_APP_SETTINGS;
    }
  }
}
