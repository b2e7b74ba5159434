/**
 * A real PowerShell grammar for the tests: tree-sitter-powershell's .wasm, loaded by web-tree-sitter
 * (no native build). PowerShell itself cannot run here, so this is the closest real parser: every script
 * the engine can send is parsed and any ERROR or MISSING node fails the test. Test-time only (both
 * packages are devDependencies); the app never loads it.
 *
 * The grammar is stricter than Windows PowerShell 5.1 in a few places. Those known false positives are
 * listed in GRAMMAR_ALLOW_LIST, each with the reason and a narrow matcher; anything else is an issue.
 */
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { Language, type Node, Parser } from 'web-tree-sitter';

export interface GrammarIssue {
  line: number;
  column: number;
  /** 'ERROR', or 'MISSING <what>' (a token the grammar expected and did not find). */
  kind: string;
  /** The source text of the node (for an ERROR), shortened. */
  text: string;
  /** The grammar node the problem sits in, for the allow-list. */
  parentType: string | null;
}

export interface AllowedFalsePositive {
  id: string;
  /** Why this is valid Windows PowerShell 5.1 although the grammar rejects it. */
  reason: string;
  /** A valid 5.1 sample the grammar rejects: the tests prove the entry is still needed. */
  sample: string;
  matches(issue: GrammarIssue): boolean;
}

export const GRAMMAR_ALLOW_LIST: readonly AllowedFalsePositive[] = [
  {
    id: 'one-line-switch-clauses',
    reason: "PowerShell 5.1 accepts several switch clauses on one line (switch ($a) { 'x' { 1 } 'y' { 2 } }); " +
      'the grammar wants a newline or ";" after each clause and reports a MISSING statement terminator.',
    sample: "switch ($a) { 'x' { 1 } 'y' { 2 } }",
    matches: (issue) => issue.kind === 'MISSING _statement_terminator' && issue.parentType === 'switch_clause',
  },
  {
    id: 'labelled-break-continue',
    reason: 'PowerShell 5.1 accepts a label after break and continue (:outer foreach (...) { break outer }); ' +
      'the grammar knows the label on the loop but not after the keyword.',
    sample: ':outer foreach ($i in @(1, 2)) { break outer }',
    matches: (issue) => issue.kind === 'ERROR' && /^(break|continue)\s+[A-Za-z_][A-Za-z0-9_]*$/i.test(issue.text),
  },
];

let parserPromise: Promise<Parser> | null = null;

/** Loads the grammar once per process. */
function powershellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    // Without this, V8 tiers the grammar up in background threads and the process takes seconds to exit.
    v8.setFlagsFromString('--liftoff-only');
    const require = createRequire(__filename);
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** A MISSING node hidden by the grammar (rules named _x) does not show among children; toString names it. */
function hiddenMissing(node: Node): string | null {
  return /\(MISSING ("[^"]*"|[^\s)]+)\)/.exec(node.toString())?.[1] ?? null;
}

/** Every ERROR and MISSING node, including allowed ones. */
export async function grammarIssuesIncludingAllowed(text: string): Promise<GrammarIssue[]> {
  const parser = await powershellParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('the PowerShell grammar returned no tree');
  const issues: GrammarIssue[] = [];
  const add = (node: Node, kind: string) => issues.push({
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    kind,
    text: node.text.length > 80 ? `${node.text.slice(0, 80)}...` : node.text,
    parentType: node.parent?.type ?? null,
  });
  const visit = (node: Node): void => {
    if (node.isError) add(node, 'ERROR');
    else if (node.isMissing) add(node, `MISSING ${node.type}`);
    if (!node.hasError) return;
    const kids = node.children.filter((child): child is Node => child !== null);
    kids.forEach(visit);
    // An error below this node that no visible child carries is a hidden MISSING token of this node.
    if (!node.isError && !node.isMissing && !kids.some((child) => child.hasError || child.isMissing)) {
      add(node, `MISSING ${hiddenMissing(node) ?? '(unnamed)'}`);
      issues[issues.length - 1]!.parentType = node.type;
    }
  };
  visit(tree.rootNode);
  tree.delete();
  return issues;
}

/** The grammar's complaints about a script, minus the allow-listed false positives; empty means it parses. */
export async function grammarIssues(text: string): Promise<GrammarIssue[]> {
  return (await grammarIssuesIncludingAllowed(text)).filter((issue) => !GRAMMAR_ALLOW_LIST.some((entry) => entry.matches(issue)));
}

/** The grammar node types in a script, in document order (structural checks, e.g. "no method calls"). */
export async function grammarNodeTypes(text: string): Promise<string[]> {
  const parser = await powershellParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('the PowerShell grammar returned no tree');
  const types: string[] = [];
  const visit = (node: Node): void => {
    types.push(node.type);
    node.children.forEach((child) => child && visit(child));
  };
  visit(tree.rootNode);
  tree.delete();
  return types;
}
