/**
 * The seam's measures, for issue notes and reviews: `npx tsx scripts/architecture-measures.ts`.
 * Counts from the source itself (TypeScript's parser, not a regex), so before and after are comparable.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === '__golden__' ? [] : files(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

const isTest = (f: string) => /\.test\.tsx?$|[/\\]testing[/\\]|-fixture\.ts$/.test(f);
const lines = (f: string) => fs.readFileSync(path.join(root, f), 'utf8').split('\n').length;
const source = (dir: string) => files(dir).filter((f) => !isTest(f));

function assertions(f: string): { as: number; nonNull: number } {
  const text = fs.readFileSync(path.join(root, f), 'utf8');
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const n = { as: 0, nonNull: 0 };
  const visit = (node: ts.Node) => {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && node.type.getText(sf) !== 'const') n.as++;
    if (ts.isNonNullExpression(node)) n.nonNull++;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return n;
}

function importsOf(f: string): string[] {
  const text = fs.readFileSync(path.join(root, f), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
}

const contractFiles = files('electron').filter((f) => /contract\.ts$/.test(f));
const unknownPayloads = contractFiles.reduce((n, f) => n + (fs.readFileSync(path.join(root, f), 'utf8').match(/z\.unknown\(\)|:\s*Json\b/g)?.length ?? 0), 0);

const rendererEngineImports = files('renderer').flatMap((f) =>
  importsOf(f).filter((s) => s.startsWith('.')).map((s) => path.relative(root, path.resolve(path.dirname(path.join(root, f)), s)))
    .filter((p) => p.startsWith('electron/') && !p.startsWith('electron/shared/')).map((p) => `${f} -> ${p}`));

const srcDirs = ['electron', 'renderer/src'];
const allSource = srcDirs.flatMap(source);
const counts = allSource.map(assertions);
const asCount = counts.reduce((n, c) => n + c.as, 0);
const nonNullCount = counts.reduce((n, c) => n + c.nonNull, 0);

function ratio(dir: string): string {
  const all = files(dir);
  const test = all.filter(isTest).reduce((n, f) => n + lines(f), 0);
  const src = all.filter((f) => !isTest(f)).reduce((n, f) => n + lines(f), 0);
  return `${dir}: ${test} test lines / ${src} source lines = ${(test / Math.max(src, 1)).toFixed(2)}`;
}

console.log(`unknown payloads in the contract: ${unknownPayloads}`);
const fromSource = rendererEngineImports.filter((l) => !isTest(l.split(' -> ')[0]!));
console.log(`renderer imports of engine internals: ${fromSource.length} from source (${new Set(fromSource.map((l) => l.split(' -> ')[0])).size} files, ${new Set(fromSource.map((l) => l.split(' -> ')[1])).size} modules); ${rendererEngineImports.length - fromSource.length} from tests`);
if (process.argv.includes('--list')) for (const l of rendererEngineImports) console.log(`  ${l}`);
console.log(`type assertions in source (${allSource.length} files, tests excluded): ${asCount} 'as X' casts, ${nonNullCount} non-null '!'`);
for (const d of ['electron/core/apply', 'electron/core/engine', 'renderer/src']) console.log(ratio(d));
