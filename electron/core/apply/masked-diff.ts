/**
 * Unified diffs of configuration files with every secret masked where it sits. The diff is taken on
 * the real bytes, so every line whose bytes change shows as a change (a password rotated, a key whose
 * case changed), and each line is then shown in its masked form (config-masking.ts).
 */
import crypto from 'node:crypto';
import { formatPatch, structuredPatch } from 'diff';
import { maskConfigText } from '../config/config-masking';
import type { ConfigFormat } from '../config/product-config';

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export interface MaskedDiff { diff: string; secretChangesOnly: boolean }

export function maskedDiff(path: string, before: string | null, after: string, format: ConfigFormat): MaskedDiff {
  if (before === after) return { diff: '', secretChangesOnly: false };
  const old = before ?? '';
  const shownOld = maskConfigText(old, format).split('\n');
  const shownNew = maskConfigText(after, format).split('\n');
  const patch = structuredPatch(before === null ? '/dev/null' : path, path, old, after, '', '', { context: 3 });
  let changedShown = false;
  for (const hunk of patch.hunks) {
    let o = hunk.oldStart - 1;
    let n = hunk.newStart - 1;
    const removed: string[] = [];
    const added: string[] = [];
    hunk.lines = hunk.lines.map((line) => {
      const mark = line[0];
      if (mark === '\\') return line;
      // jsdiff keeps a line's '\r'; the masked split has it too, at the same index.
      const shown = mark === '+' ? shownNew[n++]! : mark === '-' ? shownOld[o++]! : (n++, shownOld[o++]!);
      if (mark === '-') removed.push(shown);
      if (mark === '+') added.push(shown);
      return `${mark}${shown}`;
    });
    if (removed.join('\n') !== added.join('\n')) changedShown = true;
  }
  const diff = formatPatch(patch).split('\n').filter((l) => !/^={5,}$/.test(l)).join('\n');
  return { diff, secretChangesOnly: !changedShown };
}
