/** The lab's profile as the wizard's UI holds one: secrets as `{ prompt }` references with their values beside. */
import fs from 'node:fs';
import type { ClusterProfileInput, SecretRef } from '../../electron/shared/profile';
import type { LabDescription } from '../lab/lab-description';
import { labProfile } from '../lab/lab-profile';

export function labProfileForUi(lab: LabDescription): { name: string; profile: ClusterProfileInput; secrets: Record<string, string> } {
  const p = labProfile(lab);
  const secrets: Record<string, string> = {};
  const asPrompt = (ref: SecretRef | undefined, key: string): SecretRef | undefined => {
    if (!ref || !('file' in ref)) return ref;
    secrets[key] = fs.readFileSync(ref.file, 'utf8');
    return { prompt: key };
  };
  return {
    name: 'Lab',
    profile: { ...p, database: { ...p.database, password: asPrompt(p.database.password, 'db') }, apiKey: asPrompt(p.apiKey, 'api-key') },
    secrets,
  };
}
