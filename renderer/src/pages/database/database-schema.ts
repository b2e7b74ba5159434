/** The Database page's form and its rules. */
import { z } from 'zod';
import { DATABASE_KINDS } from '../../../../electron/shared/kinds';
import { formProblems, isIntegrated } from '../../../../electron/shared/connection-string/connection-fields';

export const databaseFormSchema = z.object({
  kind: z.enum(DATABASE_KINDS),
  connectionString: z.string(),
  password: z.string(),
  hasStoredPassword: z.boolean(),
}).superRefine((v, ctx) => {
  // An empty server, database or login is flagged at its own field (the builder shows these, from
  // formProblems, once Next or Test was pressed); the box only gets what is wrong with the string itself.
  const problems = formProblems(v.kind, v.connectionString);
  if (problems.string.length) ctx.addIssue({ code: 'custom', path: ['connectionString'], message: problems.string.join(' ') });
  for (const [field, message] of Object.entries(problems.fields)) ctx.addIssue({ code: 'custom', path: [field], message });
  const integrated = v.kind === 'sqlserver' && isIntegrated(v.connectionString);
  if (!integrated && !v.password && !v.hasStoredPassword) ctx.addIssue({ code: 'custom', path: ['password'], message: 'Enter the database login’s password' });
});

export type DatabaseForm = z.input<typeof databaseFormSchema>;
