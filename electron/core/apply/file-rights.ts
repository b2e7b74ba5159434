/**
 * File rights survive apply and rollback on Windows. A file written beside the original and renamed
 * over it carries only its folder's inherited rules: explicit entries (ProGet 2024.30+ needs the
 * service account's Modify right on ProGet.config) would be lost. So the original's access rules are
 * read before anything changes, copied onto the new file before the rename, onto the backup and onto a
 * restored file, and checked afterwards. Linux files keep their mode (remote-file.ts).
 */
import type { NodeOps } from '../nodes/node-ops';
import { runPowerShell } from '../remote/powershell-results';
import { POWERSHELL_SCRIPTS } from '../remote/powershell-scripts';
import type { FileRights } from './remote-file';

export interface Dacl {
  /** P: does not inherit from its folder. */
  protected: boolean;
  /** Entries set on the file itself, sorted (order within a class is canonical, not meaningful here). */
  explicit: string[];
  /** Entries inherited from the folder (the ID flag), sorted. */
  inherited: string[];
}

/** Reads the Access section of an SDDL string: "D:<flags>(ace)(ace)...". */
export function parseDacl(sddl: string): Dacl {
  const m = /^D:([A-Z]*)((?:\([^()]*\))*)$/.exec(sddl.trim());
  if (!m) throw new Error(`not a DACL in SDDL form: ${sddl.slice(0, 80)}`);
  const aces = [...(m[2] ?? '').matchAll(/\(([^()]*)\)/g)].map((a) => a[1]!.toUpperCase());
  // ace: type;flags;rights;object;inherit-object;sid. The ID flag marks an inherited entry.
  const isInherited = (ace: string) => [...((ace.split(';')[1] ?? '').match(/../g) ?? [])].includes('ID');
  return {
    protected: (m[1] ?? '').includes('P'),
    explicit: aces.filter((a) => !isInherited(a)).sort(),
    inherited: aces.filter(isInherited).sort(),
  };
}

/**
 * What differs between the rules a file should have and has: protection and explicit entries must be
 * the same; inherited entries come from the folder, which Windows recomputes, so they are not compared.
 */
export function rightsDifference(expected: string, actual: string): string | null {
  const want = parseDacl(expected);
  const have = parseDacl(actual);
  if (want.protected !== have.protected) return want.protected ? 'it inherits from its folder, the original did not' : 'it no longer inherits from its folder';
  const missing = want.explicit.filter((a) => !have.explicit.includes(a));
  const extra = have.explicit.filter((a) => !want.explicit.includes(a));
  if (missing.length || extra.length) {
    return [missing.length ? `lacks ${missing.map((a) => `(${a})`).join('')}` : '', extra.length ? `has extra ${extra.map((a) => `(${a})`).join('')}` : ''].filter(Boolean).join(', ');
  }
  return null;
}

/** The original's rules, kept for the new file, the backup and a restore; undefined on Linux. */
export async function keepFileRights(ops: NodeOps, original: string): Promise<FileRights | undefined> {
  if (ops.os !== 'windows') return undefined;
  const { sddl } = await runPowerShell(ops.session, POWERSHELL_SCRIPTS.fileSecurity, { path: original });
  const check = (path: string, actual: string) => {
    const why = rightsDifference(sddl, actual);
    if (why) throw new Error(`the access rules of ${path} differ from the original's: ${why}`);
  };
  return {
    sddl,
    async onto(path) {
      check(path, (await runPowerShell(ops.session, POWERSHELL_SCRIPTS.setFileSecurity, { path, sddl })).sddl);
    },
    async verify(path) {
      check(path, (await runPowerShell(ops.session, POWERSHELL_SCRIPTS.fileSecurity, { path })).sddl);
    },
  };
}
