/** The server form's rules, in words an admin reads next to the field. */
import { z } from 'zod';
import { requireSignIn, signInShape } from './sign-in-rules';
import { OS_KINDS } from '../../../../electron/shared/kinds';
import { SECRET, type NodeDraft } from '../../store/draft-types';

const port = (label: string) => z.string().trim().refine((v) => v === '' || (/^\d{1,5}$/.test(v) && +v >= 1 && +v <= 65535), `${label}: a number from 1 to 65535`);

export const nodeFormSchema = z.object({
  id: z.string().trim().regex(/^[A-Za-z0-9._-]{0,64}$/, 'Letters, digits, dots, dashes and underscores only (up to 64)'),
  host: z.string().trim().min(1, 'Enter the server’s host name or IP address').max(253)
    .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'A host name or IP address only: no spaces, no user@, no :port (the port has its own field)'),
  port: port('Port').refine((v) => v.trim() !== '', 'Enter the SSH port (usually 22)'),
  user: z.string().trim().min(1, 'Enter the user to log in as'),
  os: z.enum(OS_KINDS),
  ...signInShape,
  configPath: z.string(),
  serviceCommand: z.string(),
  webPort: port('Web port'),
  serviceAccount: z.string(),
  hostKeyFingerprint: z.string().trim().refine((v) => v === '' || /^SHA256:[A-Za-z0-9+/]{43}$/.test(v), 'An OpenSSH fingerprint: SHA256: and 43 characters'),
}).superRefine((v, ctx) => {
  const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  requireSignIn(v, need);
  if (v.os === 'linux' && !v.configPath.trim()) need('configPath', 'Linux/Docker nodes need the path of the environment file the product reads');
  if (v.os === 'linux' && !v.serviceCommand.trim()) need('serviceCommand', 'Linux/Docker nodes need the command that takes start, stop, restart and status');
});

export type NodeForm = z.input<typeof nodeFormSchema>;

export function nodeToForm(n: NodeDraft, secrets: Record<string, string>): NodeForm {
  return {
    id: n.id, host: n.host, port: n.port, user: n.user, os: n.os, authKind: n.authKind,
    password: secrets[SECRET.ssh(n.key)] ?? '', hasStoredPassword: !!n.passwordRef,
    keyPath: n.keyPath, usePassphrase: n.usePassphrase, passphrase: secrets[SECRET.passphrase(n.key)] ?? '', hasStoredPassphrase: !!n.passphraseRef,
    agent: n.agent, configPath: n.configPath, serviceCommand: n.serviceCommand, webPort: n.webPort, serviceAccount: n.serviceAccount,
    hostKeyFingerprint: n.hostKeyFingerprint,
  };
}

/** The node fields of a form (secrets excluded: they go to the secrets slice; the host key is written only when edited). */
export function formToNode(f: NodeForm): Partial<NodeDraft> {
  return {
    id: f.id, host: f.host, port: f.port, user: f.user, os: f.os, authKind: f.authKind, keyPath: f.keyPath, usePassphrase: f.usePassphrase,
    agent: f.agent, configPath: f.configPath, serviceCommand: f.serviceCommand, webPort: f.webPort, serviceAccount: f.serviceAccount,
  };
}

export function nodeProblems(n: NodeDraft, secrets: Record<string, string>): boolean {
  return !nodeFormSchema.safeParse(nodeToForm(n, secrets)).success;
}
