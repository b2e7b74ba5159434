/** How a server or a balancer host is signed in to: the form fields and their rules, one copy for both forms. */
import { z } from 'zod';

export const signInShape = {
  authKind: z.enum(['password', 'key', 'agent']),
  password: z.string(),
  hasStoredPassword: z.boolean(),
  keyPath: z.string(),
  usePassphrase: z.boolean(),
  passphrase: z.string(),
  hasStoredPassphrase: z.boolean(),
  agent: z.string(),
};

type SignIn = { [K in keyof typeof signInShape]: z.infer<(typeof signInShape)[K]> };

/** The sign-in fields still to fill in, each with the words shown next to it. */
export function requireSignIn(v: SignIn, need: (path: string, message: string) => void): void {
  if (v.authKind === 'password' && !v.password && !v.hasStoredPassword) need('password', 'Enter the password for this user');
  if (v.authKind === 'key' && !v.keyPath.trim()) need('keyPath', 'Choose or type the private key file');
  if (v.authKind === 'key' && v.usePassphrase && !v.passphrase && !v.hasStoredPassphrase) need('passphrase', 'Enter the key’s passphrase, or switch it off');
}
