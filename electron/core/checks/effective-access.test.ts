/**
 * The storage-rights check counts rights granted through groups (issue 9, item 23). Windows cannot run
 * here: the script's output is given as it would come back, and the decision is the engine's.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/testing/seeded-random';
import { buildExample, EXAMPLES } from '../remote/powershell-examples';
import { scriptCodeWithoutParams } from '../remote/powershell-dialect';
import { type AclForAccount, FULL_CONTROL, MODIFY, effectiveAccess, mapGenericRights } from './effective-access';
import { serviceAccountVerdict } from './storage-rights';

const ACCOUNT = 'S-1-5-21-1-2-3-1105';
const USERS = 'S-1-5-32-545';
const DOMAIN_GROUP = 'S-1-5-21-1-2-3-2001';
const OTHER = 'S-1-5-21-1-2-3-9999';
const READ_AND_EXECUTE = 0x200a9;
type Rule = AclForAccount['rules'][number];
const rule = (sid: string, mask: number, type = 'Allow', extra: Partial<Rule> = {}): Rule => ({ sid, identity: names[sid] ?? sid, mask, type, inherited: false, inheritOnly: false, ...extra });
const names: Record<string, string> = { [ACCOUNT]: 'CORP\\svc-proget', [USERS]: 'BUILTIN\\Users', [DOMAIN_GROUP]: 'CORP\\ProGet Servers', [OTHER]: 'CORP\\someone' };
const acl = (rules: Rule[], complete = true, groups = [USERS, DOMAIN_GROUP]): AclForAccount => ({
  path: '\\\\nas\\proget', account: 'CORP\\svc-proget', sid: ACCOUNT, owner: 'BUILTIN\\Administrators',
  groups: groups.map((sid) => ({ sid, source: 'token' })), groupsComplete: complete, rules,
});

describe('effective access', () => {
  it('counts Modify granted through a group the account is in (the old check saw only the account\'s own entries)', () => {
    const a = acl([rule(USERS, READ_AND_EXECUTE, 'Allow', { inherited: true }), rule(DOMAIN_GROUP, MODIFY)]);
    expect(effectiveAccess(a).allowed & MODIFY).toBe(MODIFY);
    expect(serviceAccountVerdict('CORP\\svc-proget', a.path, a)).toMatchObject({ status: 'pass', detail: expect.stringMatching(/through BUILTIN\\Users and CORP\\ProGet Servers\)$/) });
  });

  it('ignores entries for groups the account is not in, and inherit-only entries', () => {
    const a = acl([rule(OTHER, FULL_CONTROL), rule(ACCOUNT, MODIFY, 'Allow', { inheritOnly: true }), rule(USERS, READ_AND_EXECUTE)]);
    expect(effectiveAccess(a).allowed).toBe(READ_AND_EXECUTE);
    expect(serviceAccountVerdict('CORP\\svc-proget', a.path, a)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/lacks .*WriteData/) });
  });

  it('a deny through a group wins over a later allow; an explicit allow wins over a later inherited deny', () => {
    const denied = acl([rule(DOMAIN_GROUP, 0x10000 | 0x40, 'Deny'), rule(ACCOUNT, FULL_CONTROL)]);
    const verdict = serviceAccountVerdict('CORP\\svc-proget', denied.path, denied);
    expect(verdict).toMatchObject({ status: 'fail', detail: expect.stringContaining('denied through CORP\\ProGet Servers') });
    const canonical = acl([rule(ACCOUNT, MODIFY), rule(USERS, 0x10000, 'Deny', { inherited: true })]);
    expect(effectiveAccess(canonical).allowed & MODIFY).toBe(MODIFY);
  });

  it('maps generic rights (as written by some tools, and negative as a signed 32-bit FileSystemRights)', () => {
    expect(mapGenericRights(0x10000000)).toBe(FULL_CONTROL);
    expect(mapGenericRights(0x80000000 | 0x40000000)).toBe(0x120089 | 0x120116);
    const signed = (0x80000000 | 0x40000000 | 0x20000000 | 0x10000) | 0; // negative in PowerShell's JSON
    expect(signed).toBeLessThan(0);
    expect(effectiveAccess(acl([rule(USERS, signed)])).allowed & MODIFY).toBe(MODIFY);
  });

  it('warns rather than fails when the account\'s groups could not be read (rights may come through a domain group)', () => {
    const a = acl([rule(USERS, READ_AND_EXECUTE)], false, [USERS]);
    expect(serviceAccountVerdict('CORP\\svc-proget', a.path, a)).toMatchObject({ status: 'warn', detail: expect.stringContaining('domain groups could not be read') });
  });

  it('property: over 500 random ACLs, a group\'s entry counts exactly as the account\'s own, and strangers\' entries never count', () => {
    const random = seededRandom(23);
    const sids = [ACCOUNT, USERS, DOMAIN_GROUP, OTHER];
    const bits = [0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x10000000, 0x40000000, 0x80000000];
    for (let i = 0; i < 500; i++) {
      const rules = Array.from({ length: 1 + Math.floor(random() * 6) }, () => rule(
        sids[Math.floor(random() * sids.length)]!,
        bits.filter(() => random() < 0.3).reduce((m, b) => (m | b) >>> 0, 0) | 0,
        random() < 0.25 ? 'Deny' : 'Allow',
        { inheritOnly: random() < 0.1 },
      ));
      const result = effectiveAccess(acl(rules));
      // Reference: right by right, the first applicable entry that names it decides.
      let allowed = 0;
      let denied = 0;
      for (let bit = 0; bit < 21; bit++) {
        const first = rules.find((r) => !r.inheritOnly && r.sid !== OTHER && mapGenericRights(r.mask) & (1 << bit));
        if (first?.type === 'Allow') allowed |= 1 << bit;
        if (first?.type === 'Deny') denied |= 1 << bit;
      }
      expect({ allowed: result.allowed, denied: result.denied }).toEqual({ allowed, denied });
      // The account's groups' entries, given to the account itself instead: the same rights.
      const asOwn = rules.map((r) => (r.sid === USERS || r.sid === DOMAIN_GROUP ? { ...r, sid: ACCOUNT } : r));
      expect(effectiveAccess(acl(asOwn)).allowed).toBe(result.allowed);
      // A stranger's entries removed: the same rights.
      expect(effectiveAccess(acl(rules.filter((r) => r.sid !== OTHER))).allowed).toBe(result.allowed);
    }
  });
});

describe('the aclForAccount script', () => {
  const code = scriptCodeWithoutParams(buildExample('aclForAccount', EXAMPLES.aclForAccount));
  it('returns every rule, not only the account\'s own, with the account\'s groups from its token', () => {
    expect(code).not.toMatch(/Where-Object \{ \$_\.IdentityReference\.Value -eq \$sid\.Value \}/);
    expect(code).toContain('$acl.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier])');
    expect(code).toContain('New-Object System.Security.Principal.WindowsIdentity ($upn)');
    expect(code).toContain('$token.Groups');
    expect(code).toContain("'S-1-5-11' = 'well-known'");
  });
});
