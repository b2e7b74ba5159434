/**
 * Every script the engine can send, parsed by a real PowerShell grammar (tree-sitter-powershell).
 * Windows PowerShell itself cannot run here: this is the closest real parser. Any ERROR or MISSING
 * node fails, except the allow-listed false positives (powershell-grammar.ts, each with its reason).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBalancerConfig } from '../config/load-balancers';
import { EXAMPLE_INPUT } from '../config/load-balancers/test-fixtures';
import { decodeEncodedCommand, powershellInvocation } from './powershell-dialect';
import { GRAMMAR_ALLOW_LIST, grammarIssues, grammarIssuesIncludingAllowed } from './powershell-grammar';
import { buildExample, EXAMPLES, HOSTILE_VALUES, SCRIPT_NAMES, randomValue, withEveryString } from './powershell-examples';
import { seededRandom } from '../../shared/testing/seeded-random';
import { POWERSHELL_SCRIPTS } from './powershell-scripts';

const goldenDir = join(__dirname, '__golden__');
const iisScript = (input: typeof EXAMPLE_INPUT) => loadBalancerConfig('iis-arr', input).files.find((f) => f.language === 'powershell')!.content;

describe('the PowerShell grammar catches what PowerShell would refuse', () => {
  it.each([
    ['an unclosed block', (s: string) => s.replace('$result = & {', '$result = & {{')],
    ['an unterminated string', (s: string) => s.replace("'Stop'", "'Stop")],
    ['a dangling pipe', (s: string) => `${s}\n$x = $y |`],
    ['a value spliced into the code instead of the blob', (s: string) => s.replace(/FromBase64String\('[^']*'\)/, "FromBase64String('x'); Remove-Item C:\\'); ('x')")],
  ])('fails a library script with %s', async (_, breakIt) => {
    const good = buildExample('storageProbe', EXAMPLES.storageProbe);
    expect(await grammarIssues(good)).toEqual([]);
    expect((await grammarIssues(breakIt(good))).length).toBeGreaterThan(0);
  });

  it('gives the line and column of the problem', async () => {
    const [issue] = await grammarIssues("$a = 1\n$b = @('x'");
    expect(issue).toMatchObject({ line: 2 });
  });
});

describe('the allow-list of known grammar false positives', () => {
  it.each(GRAMMAR_ALLOW_LIST.map((entry) => [entry.id, entry] as const))('%s is still needed, and allows only its case', async (_, entry) => {
    expect(entry.reason.length).toBeGreaterThan(40);
    // The grammar still rejects the valid sample (else the entry is stale and must go)...
    const raw = await grammarIssuesIncludingAllowed(entry.sample);
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every((issue) => entry.matches(issue))).toBe(true);
    // ...and the allow-list accepts it, but not a real error next to it.
    expect(await grammarIssues(entry.sample)).toEqual([]);
    expect((await grammarIssues(`${entry.sample}\n$x = (1`)).length).toBeGreaterThan(0);
  });
});

describe('every script the engine can send parses', () => {
  it.each(SCRIPT_NAMES)('%s (golden file, ordinary values)', async (name) => {
    expect(await grammarIssues(readFileSync(join(goldenDir, `${name}.ps1`), 'utf8'))).toEqual([]);
    expect(await grammarIssues(buildExample(name, EXAMPLES[name]))).toEqual([]);
  });

  it('has no golden script the grammar has not seen', () => {
    expect(readdirSync(goldenDir).filter((f) => f.endsWith('.ps1')).sort()).toEqual(SCRIPT_NAMES.map((n) => `${n}.ps1`).sort());
  });

  it.each(SCRIPT_NAMES)('%s with hostile values in every free-text parameter', async (name) => {
    for (const value of HOSTILE_VALUES) {
      expect(await grammarIssues(buildExample(name, withEveryString(name, value))), JSON.stringify(value)).toEqual([]);
    }
  });

  it('every script with 300 seeded random values (property)', async () => {
    const random = seededRandom(0x5eed);
    for (let i = 0; i < 300; i++) {
      const name = SCRIPT_NAMES[i % SCRIPT_NAMES.length]!;
      const value = randomValue(random);
      expect(await grammarIssues(buildExample(name, withEveryString(name, value))), `${name} ${JSON.stringify(value)}`).toEqual([]);
    }
  });

  it('the inline -EncodedCommand form and the long-script form (stdin bootstrap + script on stdin)', async () => {
    const long = 'x'.repeat(4000);
    let seenStdin = 0;
    for (const name of SCRIPT_NAMES) {
      for (const params of [EXAMPLES[name], withEveryString(name, long)]) {
        const invocation = powershellInvocation(POWERSHELL_SCRIPTS[name] as never, params as never);
        const commandScript = decodeEncodedCommand(invocation.command);
        expect(await grammarIssues(commandScript), `${name} command`).toEqual([]);
        if (invocation.stdin !== undefined) {
          seenStdin++;
          expect(commandScript).toContain('[Console]::In.ReadToEnd()');
          expect(await grammarIssues(invocation.stdin), `${name} stdin`).toEqual([]);
        }
      }
    }
    // The long form was exercised (the bootstrap and its stdin script), not only the inline one.
    expect(seenStdin).toBeGreaterThan(1);
  });

  it('every generated IIS ARR script: sticky or not, IPv4, IPv6 and DNS backends, one to many servers', async () => {
    const inputs = [
      EXAMPLE_INPUT,
      { ...EXAMPLE_INPUT, sticky: true },
      { ...EXAMPLE_INPUT, backends: [{ name: 'v6', host: 'fd00::11', port: 8624 }], listenAddress: '0.0.0.0', publicUrl: 'http://[fd00::10]:8080' },
      { ...EXAMPLE_INPUT, backends: Array.from({ length: 9 }, (_, i) => ({ name: `node-${i}`, host: `node${i}.corp.example`, port: 8624 + i })), healthPath: '/api/health' },
    ];
    for (const input of inputs) {
      expect(await grammarIssues(iisScript(input)), JSON.stringify(input)).toEqual([]);
    }
    expect(await grammarIssues(readFileSync(join(__dirname, '../config/load-balancers/__golden__/iis-arr/configure-arr-farm.ps1'), 'utf8'))).toEqual([]);
    expect(await grammarIssues(readFileSync(join(__dirname, '../config/load-balancers/__golden__/iis-arr-sticky/configure-arr-farm.ps1'), 'utf8'))).toEqual([]);
  });
});
