/**
 * An account's effective rights on a Windows folder, worked out the way Windows' access check does:
 * the rules apply whose SID is the account's own or one of its groups' (rights granted through a group
 * count), inherit-only rules do not apply to the folder itself, generic rights are mapped to file rights,
 * and for each right the first rule in ACL order that names it decides (deny or allow).
 */
import type { z } from 'zod';
import type { aclForAccountResult } from '../remote/powershell-results';

export type AclForAccount = z.output<typeof aclForAccountResult>;

/** FileSystemRights bits by name (System.Security.AccessControl.FileSystemRights). */
export const FILE_RIGHTS = {
  ReadData: 0x1, WriteData: 0x2, AppendData: 0x4, ReadExtendedAttributes: 0x8, WriteExtendedAttributes: 0x10,
  ExecuteFile: 0x20, DeleteSubdirectoriesAndFiles: 0x40, ReadAttributes: 0x80, WriteAttributes: 0x100,
  Delete: 0x10000, ReadPermissions: 0x20000, ChangePermissions: 0x40000, TakeOwnership: 0x80000, Synchronize: 0x100000,
} as const;

/** FileSystemRights.Modify: read, write, execute and delete. What the product's service account needs. */
export const MODIFY = 0x301bf;
export const FULL_CONTROL = 0x1f01ff;

/** Generic rights as the file system maps them (FILE_GENERIC_*), for rules written with generic bits. */
const GENERIC: [bit: number, mapped: number][] = [
  [0x80000000, 0x120089], // GENERIC_READ
  [0x40000000, 0x120116], // GENERIC_WRITE
  [0x20000000, 0x1200a0], // GENERIC_EXECUTE
  [0x10000000, FULL_CONTROL], // GENERIC_ALL
];

export function mapGenericRights(mask: number): number {
  let m = mask >>> 0;
  for (const [bit, mapped] of GENERIC) if ((m & bit) >>> 0) m = ((m & ~bit) | mapped) >>> 0;
  return m & 0x1fffff;
}

export interface EffectiveAccess {
  /** Rights the account has (a bit mask). */
  allowed: number;
  /** Rights a deny rule takes away (only those no earlier allow rule decided). */
  denied: number;
  /** Who the decisive allow and deny rules name: the account itself or one of its groups. */
  grantedBy: string[];
  deniedBy: string[];
}

export function effectiveAccess(acl: Pick<AclForAccount, 'sid' | 'groups' | 'rules'>): EffectiveAccess {
  const mine = new Set([acl.sid, ...acl.groups.map((g) => g.sid)]);
  let decided = 0;
  let allowed = 0;
  let denied = 0;
  const grantedBy = new Set<string>();
  const deniedBy = new Set<string>();
  for (const rule of acl.rules) {
    if (rule.inheritOnly || !mine.has(rule.sid)) continue;
    const fresh = mapGenericRights(rule.mask) & ~decided;
    if (!fresh) continue;
    decided |= fresh;
    if (/^deny$/i.test(rule.type)) {
      denied |= fresh;
      deniedBy.add(rule.identity);
    } else {
      allowed |= fresh;
      grantedBy.add(rule.identity);
    }
  }
  return { allowed, denied, grantedBy: [...grantedBy], deniedBy: [...deniedBy] };
}

/** The names of the rights in `mask`, with Modify and Full control named as such. */
export function rightsNames(mask: number): string[] {
  if ((mask & FULL_CONTROL) === FULL_CONTROL) return ['FullControl'];
  if ((mask & MODIFY) === MODIFY) return ['Modify'];
  return Object.entries(FILE_RIGHTS).filter(([, bit]) => mask & bit).map(([name]) => name);
}
