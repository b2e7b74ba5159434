/**
 * The app's own settings (issue 13): kept by the host in a small JSON file in its data folder, changed
 * through `settings.get` / `settings.set`. Only switches: nothing secret is ever a setting.
 */
import { z } from 'zod';

export const AppSettingsSchema = z.object({
  /** A desktop notification when a server goes down, comes back or drifts. Off by default. */
  notifications: z.boolean(),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = { notifications: false };
