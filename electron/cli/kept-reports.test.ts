/** `ha-wizard check` keeps its report in the data folder's reports folder, as the desktop app does, and says where. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_HOME, ONE_NODE_PROFILE, runCli, tempFolder } from './cli-fixture';

const { write } = tempFolder('cli-kept-');
const SECRET = 'Cli-kept-S3cret';

describe('ha-wizard check: the reports folder', () => {
  it('writes the run\'s HTML and JSON there and prints the path; the database password is in neither', async () => {
    const reports = path.join(CLI_HOME, 'reports');
    const before = fs.existsSync(reports) ? fs.readdirSync(reports) : [];
    const r = await runCli(['check', '--profile', write('p.json', ONE_NODE_PROFILE), '--only', 'server.reachable', '--connect-timeout', '1000'], { DB_PW: SECRET });
    expect(r.code).toBe(1);
    const added = fs.readdirSync(reports).filter((f) => !before.includes(f)).sort();
    expect(added).toHaveLength(2);
    expect(added[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-checks\.html$/);
    expect(added[1]).toBe(added[0]!.replace(/\.html$/, '.json'));
    expect(r.stdout).toContain(`Report kept in ${path.join(reports, added[0]!)} (and .json)`);
    for (const f of added) expect(fs.readFileSync(path.join(reports, f), 'utf8')).not.toContain(SECRET);
    expect(JSON.parse(fs.readFileSync(path.join(reports, added[1]!), 'utf8'))).toMatchObject({ kind: 'checks', report: { summary: { fail: 1 } } });
  });
});
