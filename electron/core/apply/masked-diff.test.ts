import { describe, expect, it } from 'vitest';
import { maskedDiff, secretsIn } from './masked-diff';

const before = 'PROGET_POSTGRES_CONNECTION_STRING=Host=db;Database=own;Username=u;Password=old-secret\n';
const after = 'PROGET_POSTGRES_CONNECTION_STRING=Host=db;Database=proget;Username=u;Password=new-secret\nPROGET_ENCRYPTION_KEY=1fa97faa42744155a879c056a70c11a7\n';

describe('masked diffs', () => {
  it('finds the secrets in a configuration and never shows them', () => {
    const secrets = [...secretsIn(before, 'env', 'proget'), ...secretsIn(after, 'env', 'proget')];
    expect(secrets).toEqual(['old-secret', 'new-secret', '1fa97faa42744155a879c056a70c11a7']);
    const { diff } = maskedDiff('/etc/proget.env', before, after, secrets);
    expect(diff).toContain('-PROGET_POSTGRES_CONNECTION_STRING=Host=db;Database=own;Username=u;Password=********');
    expect(diff).toContain('+PROGET_ENCRYPTION_KEY=********');
    expect(diff).not.toMatch(/old-secret|new-secret|1fa97faa/);
  });
  it('says when only a masked value changes, and is empty when nothing does', () => {
    const a = 'X=1\nPROGET_ENCRYPTION_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n';
    const b = 'X=1\nPROGET_ENCRYPTION_KEY=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n';
    expect(maskedDiff('f', a, b, [...secretsIn(a, 'env', 'proget'), ...secretsIn(b, 'env', 'proget')])).toEqual({ diff: '', secretChangesOnly: true });
    expect(maskedDiff('f', a, a, [])).toEqual({ diff: '', secretChangesOnly: false });
  });
  it('diffs a new file against /dev/null', () => {
    expect(maskedDiff('C:\\x\\ProGet.config', null, '<InedoAppConfig/>\n', []).diff).toMatch(/^--- \/dev\/null/m);
  });
});
