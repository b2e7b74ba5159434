/**
 * A password written into the connection string box moves to the Password field (the profile keeps it
 * apart), but only once its segment is complete: a `;` follows it, or the text was pasted, or the box
 * lost focus. Lifted any earlier, the characters typed next would land in the segment before it
 * (`Username=proget=typed-secret`). Segments are found with the engine's grammar (`segments`, tokens'
 * `tedious` dialect) and cut out by position, so every other byte, and the order of keys, stays as typed.
 */
import { LOOSE_PASSWORD_KEY } from './connection-string-tokens';
import { PASSWORD_KEYS } from './connection-strings';
import { segments } from './connection-fields';

export interface LiftedPassword {
  /** The text without the lifted segments. */
  text: string;
  /** The password lifted (the last one written wins, as in the drivers), or null when none was. */
  password: string | null;
}

/**
 * Lifts the password segments that are complete (`;` after them), or every one when `final` (the box
 * lost focus, or the text was pasted). A string the grammar cannot read yet (a quote still open) is
 * left as it is.
 */
export function liftPassword(text: string, final = true): LiftedPassword {
  const parsed = segments(text);
  if (!parsed) return { text, password: null };
  let password: string | null = null;
  let out = '';
  let pos = 0;
  for (const s of parsed.segs) {
    if (!PASSWORD_KEYS.includes(s.key) || !(final || s.closed)) continue;
    password = s.value;
    // A closed segment goes with its own `;` (what is typed next starts a new segment); the open last
    // one goes with the `;` before it, so the string does not end in a separator.
    const from = !s.closed && s.start > pos && text[s.start - 1] === ';' ? s.start - 1 : s.start;
    out += text.slice(pos, from);
    pos = s.closed ? s.end + 1 : s.end;
  }
  return { text: out + text.slice(pos), password };
}

/**
 * What the profile's draft may keep of the box: no password segment at all, complete or still being
 * typed. A string the grammar cannot read yet is cut where something like a password key starts.
 */
export function withoutPassword(text: string): string {
  if (segments(text)) return liftPassword(text, true).text;
  const m = LOOSE_PASSWORD_KEY.exec(text);
  return m ? text.slice(0, m.index) : text;
}
