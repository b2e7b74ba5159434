/**
 * What to do about a check's finding, as words and references. A reference names the place the admin
 * acts on (a field, a switch, the button that runs the check again); each surface says it in its own
 * words: the CLI names the profile's field (its admin edits that JSON file), the UI names the page and
 * the label the admin sees there. Written once here, so no check spells a JSON path into the UI.
 */
import { z } from 'zod';

/** Each reference in both surfaces' words: a phrase that reads inside a sentence (never at its start). */
export const REMEDY_REFS = {
  'database.password': {
    cli: 'the database password (database.password in the profile)',
    ui: 'the Password field on the Database page',
  },
  'database.connection-string': {
    cli: 'the connection string (database.connectionString in the profile)',
    ui: 'the connection string on the Database page',
  },
  'database.trust-server-certificate': {
    cli: 'add TrustServerCertificate=True to the connection string (database.connectionString in the profile)',
    ui: 'turn on “Trust the server’s certificate without validating it” on the Database page',
  },
  'encryption.keep-node': {
    cli: 'set encryptionKey in the profile to { "mode": "keep-node", "node": "<that server>" }',
    ui: 'choose “Keep one server’s key” on the Encryption key page and pick that server',
  },
  'node.allow-sha1': {
    cli: 'allow SHA-1 for this server in the profile ("allowSha1": true)',
    // The pages have no switch for it (an expert's escape hatch): say where it is set, in words.
    ui: 'allow SHA-1 for this server: save the profile, set "allowSha1": true on this server in the saved file and open it again',
  },
  'node.service-command': {
    cli: 'serviceCommand of this server in the profile',
    ui: 'the Service command field of this server on the Servers page',
  },
  'node.config-path': {
    cli: 'configPath of this server in the profile',
    ui: 'the Environment file field of this server on the Servers page',
  },
  'node.windows-config-path': {
    cli: 'configPath of this server in the profile',
    ui: 'the Configuration file field (under More options) of this server on the Servers page',
  },
} as const satisfies Record<string, { cli: string; ui: string }>;

export type RemedyRef = keyof typeof REMEDY_REFS;
const REF_IDS = Object.keys(REMEDY_REFS) as [RemedyRef, ...RemedyRef[]];

/** "Run the check again": the CLI's command, or the page's own button. */
export const RERUN = 'rerun';

export const RemedyPartSchema = z.union([
  z.string(),
  z.object({ ref: z.enum(REF_IDS) }).strict(),
  z.object({ ref: z.literal(RERUN) }).strict(),
]);
export type RemedyPart = z.infer<typeof RemedyPartSchema>;
/** Plain words, or words and references. */
export const RemedySchema = z.union([z.string(), z.array(RemedyPartSchema)]);
export type Remedy = z.infer<typeof RemedySchema>;

/** A value placed in a remedy: a reference, or text (a host, a path) kept as it is. */
export type RemedyValue = { ref: RemedyRef | typeof RERUN } | string | number;

export const ref = (id: RemedyRef): { ref: RemedyRef } => ({ ref: id });
export const rerun: { ref: typeof RERUN } = { ref: RERUN };

/** A remedy written as a template: ``remedy`Check ${ref('database.password')}, then ${rerun}.` `` */
export function remedy(strings: TemplateStringsArray, ...values: RemedyValue[]): Remedy {
  const parts: RemedyPart[] = [];
  const text = (s: string) => {
    if (!s) return;
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last + s;
    else parts.push(s);
  };
  strings.forEach((s, i) => {
    text(s);
    if (i >= values.length) return;
    const v = values[i]!;
    if (typeof v === 'object') parts.push({ ref: v.ref });
    else text(String(v));
  });
  return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : parts;
}

/** Whose words: the CLI's, or the UI's (with the label of the button that runs the shown checks again, when the page has one). */
export type RemedyAudience = { surface: 'cli' } | { surface: 'ui'; rerunButton?: string };

function rerunPhrase(to: RemedyAudience): string {
  if (to.surface === 'cli') return 'run ha-wizard check again';
  // "press “Connect again” again" says it twice: a label that already says again is enough.
  return to.rerunButton ? `press “${to.rerunButton}”${/\bagain$/i.test(to.rerunButton) ? '' : ' again'}` : 'run the checks again';
}

/** The remedy in the audience's words. */
export function remedyText(r: Remedy, to: RemedyAudience): string {
  if (typeof r === 'string') return r;
  return r.map((p) => (typeof p === 'string' ? p : p.ref === RERUN ? rerunPhrase(to) : REMEDY_REFS[p.ref][to.surface])).join('');
}

/** Two remedies one after the other (the second may be empty). */
export function joinRemedies(a: Remedy, b: Remedy): Remedy {
  const parts = (r: Remedy): RemedyPart[] => (typeof r === 'string' ? (r ? [r] : []) : r);
  const all = [...parts(a), ...parts(b)];
  return all.every((p) => typeof p === 'string') ? all.join('') : all;
}

/** The same remedy with its words passed through `f` (a redactor); references are not text and stay. */
export function mapRemedyText(r: Remedy, f: (s: string) => string): Remedy {
  return typeof r === 'string' ? f(r) : r.map((p) => (typeof p === 'string' ? f(p) : p));
}
