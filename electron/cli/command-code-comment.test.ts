/** The bundle's command code travels as line comments (issue 10): what goes in comes out, line for line. */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { COMMAND_CODE_MARK, commentOut, commentedCode } from './command-code-comment';

const PROGRAM = '#!/usr/bin/env node\nconst mark = "//// not the mark: inside a string";\nmain();\n';
const CODE = 'const a = `two\nlines */ and // a comment`;\n#x = 1;\n\nexports.a = a; // the end';

describe('command code as comments', () => {
  it('comes back as it went in, starting on the line after the mark', () => {
    const file = `${PROGRAM}${COMMAND_CODE_MARK}\n${commentOut(CODE)}\n`;
    expect(commentedCode(file)).toEqual({ code: CODE, line: 4 });
  });

  it('is inert where it sits: the file compiles, and the commented code does not run', () => {
    const file = `${COMMAND_CODE_MARK}\n${commentOut('throw new Error("ran")\nexports.x = 1 */ // "')}\n`;
    const run = vm.compileFunction(`let ran = 0;\n${file}\nreturn ran;`, ['exports']);
    expect(run({})).toBe(0);
  });

  it('survives a copy whose line ends became \\r\\n', () => {
    const file = `${PROGRAM}${COMMAND_CODE_MARK}\n${commentOut(CODE)}\n`.replace(/\n/g, '\r\n');
    expect(commentedCode(file)).toEqual({ code: CODE, line: 4 });
  });

  it('carries any character in ASCII: other line terminators (they would end a comment early), DEL, astral and lone surrogates', () => {
    const odd = 'a = /[…・]/u;\nb = "\r\u2028\u2029\x7f\x00 😀 \ud800";\nc = `\x7f000041`; // not an escape it made';
    const file = `${PROGRAM}${COMMAND_CODE_MARK}\n${commentOut(odd)}\n`;
    expect(file).toMatch(/^[\t\n\x20-\x7f]*$/);
    expect(commentedCode(file)).toEqual({ code: odd, line: 4 });
  });

  it('refuses a file without command code, or with a line of it that is not a comment', () => {
    expect(() => commentedCode(PROGRAM)).toThrow(/carries no command code/);
    expect(() => commentedCode(`${PROGRAM}${COMMAND_CODE_MARK}\n${commentOut('a()\nb()')}\nc()\n`)).toThrow(/line 3 of its command code/);
  });
});
