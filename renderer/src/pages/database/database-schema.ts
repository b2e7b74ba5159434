/** The Database page's form and its rules. */
import { z } from 'zod';
import { DATABASE_KINDS } from '../../../../electron/shared/kinds';
import { connectionStringProblems, isIntegrated } from '../../../../electron/shared/connection-string/connection-fields';

export const databaseFormSchema = z.object({
  kind: z.enum(DATABASE_KINDS),
  connectionString: z.string(),
  password: z.string(),
  hasStoredPassword: z.boolean(),
}).superRefine((v, ctx) => {
  const problems = connectionStringProblems(v.kind, v.connectionString);
  if (problems.length) ctx.addIssue({ code: 'custom', path: ['connectionString'], message: problems.join(' ') });
  const integrated = v.kind === 'sqlserver' && isIntegrated(v.connectionString);
  if (!integrated && !v.password && !v.hasStoredPassword) ctx.addIssue({ code: 'custom', path: ['password'], message: 'Enter the database login’s password' });
});

export type DatabaseForm = z.input<typeof databaseFormSchema>;
