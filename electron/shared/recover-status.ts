/** What the app shows about an apply that was cut short (recover.status), in plain words, for the recovery dialog. */
import { z } from 'zod';

export const RecoverServerSchema = z.object({
  id: z.string(),
  /** What was done to it, in words ("its new settings file is in place, and it was restarted and healthy"). */
  state: z.string(),
  /** Where its file as it was before is kept (null: the file did not exist before, or was never backed up). */
  backupPath: z.string().nullable(),
  changed: z.boolean(),
});

export const RecoverStatusSchema = z.object({
  /** One sentence: what was cut short, on which step and server, when. */
  headline: z.string(),
  /** When the apply's last step was written down (ISO). */
  at: z.string(),
  /** The apply had failed and its own rollback did not finish (rather than the wizard being closed). */
  rollbackFailed: z.boolean(),
  servers: z.array(RecoverServerSchema),
  /** Settings the apply asked the product to change (what Roll back does with each: `rollback`). */
  settings: z.array(z.string()),
  /** What "Finish the apply" would do, one sentence a line. */
  finish: z.array(z.string()),
  /** What "Roll back" would do, one sentence a line. */
  rollback: z.array(z.string()),
});
export type RecoverStatus = z.infer<typeof RecoverStatusSchema>;
