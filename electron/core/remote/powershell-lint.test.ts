import { describe, expect, it } from 'vitest';
import { lintPowerShell } from './powershell-lint';

const messages = (text: string) => lintPowerShell(text).map((issue) => issue.message);

describe('lintPowerShell', () => {
  it('accepts well-formed code with strings, comments and here-strings', () => {
    const script = [
      "$a = @{ b = @(1, 2, 3); c = 'it''s (not) {code} [x]' }",
      '# a comment with ( { [ and \' "',
      '<# block ( comment',
      '   spanning lines #>',
      "$d = @'",
      "here ( { ' \" $p $(x)",
      "'@",
      '$e = "plain text with `$escaped dollar and ""quotes"""',
      "$f = 'a#b'; $g = a#b",
      'if ($x) { $y[0] } else { foreach ($z in $list) { } }',
      "$h = '\\'",
    ].join('\n');
    expect(lintPowerShell(script)).toEqual([]);
  });

  it.each([
    ['$a = (1', "unclosed '('"],
    ['$a = 1)', "unmatched ')'"],
    ['{ [ } ]', "'}' closes '['"],
    ["$a = 'open", "unterminated '...' string"],
    ['$a = "open', 'unterminated "..." string'],
    ['<# never closed', 'unterminated <# #> block comment'],
    ["$a = @'\nno end", "unterminated @' here-string"],
    ['$a = "x $p.path y"', 'variable interpolated in a double-quoted string (parameters must stay data)'],
    ['$a = "x $($p.path) y"', '$(...) subexpression interpolated in a double-quoted string'],
    ['$a = @"\n${env:x}\n"@', 'variable interpolated in a double-quoted string'],
    ["$a = \u2018smart\u2019", 'non-ASCII or control character U+2018'],
  ])('reports %j', (script, expected) => {
    expect(messages(script).some((message) => message.startsWith(expected))).toBe(true);
  });

  it('gives line and column of the problem', () => {
    expect(lintPowerShell('$a = 1\n$b = (2')).toEqual([{ line: 2, column: 6, message: "unclosed '('" }]);
  });

  it('ignores brackets inside strings and comments', () => {
    expect(lintPowerShell("'(' # )\n\"[\" <# } #>")).toEqual([]);
  });
});
