/**
 * Finds what JSON.parse silently resolves: an object with the same member name twice (JSON.parse
 * keeps the last; other parsers keep the first, so two systems could read two different
 * consultations from one body, RFC 8259 section 4), and prototype-poisoning names (`__proto__`
 * anywhere, `prototype` inside a `constructor` object) that become dangerous once merged.
 *
 * It runs on text JSON.parse has already accepted, so it only follows the structure: it jumps from
 * quote to quote with indexOf (native, fast) and decodes a member name only when it has escapes.
 * Iterative, so nesting as deep as JSON.parse allows cannot overflow the stack.
 */
export type AmbiguousMemberKind = 'duplicate_key' | 'forbidden_key';

export interface AmbiguousMember {
  readonly kind: AmbiguousMemberKind;
  /** Member names and array indexes from the root to the offending member. */
  readonly path: readonly (string | number)[];
}

interface Frame {
  readonly isObject: boolean;
  /** Member names seen so far (an array while small, cheaper than a Set for a consultation's objects). */
  names: string[] | Set<string>;
  /** The current member name, or the current index of an array. */
  at: string | number;
  /** This object is the value of a member named `constructor`. */
  readonly underConstructor: boolean;
}

const QUOTE = 34;
const BACKSLASH = 92;
const SET_FROM = 16;
/** Enough for a client to fix its encoder; a body of 10,000 duplicates is not listed in full. */
const MAX_REPORTED = 20;

/** Index of the quote closing the string that opens at `start` (a quote preceded by an even run of backslashes). */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

function seen(frame: Frame, name: string): boolean {
  const names = frame.names;
  if (names instanceof Set) {
    if (names.has(name)) return true;
    names.add(name);
    return false;
  }
  if (names.includes(name)) return true;
  names.push(name);
  if (names.length === SET_FROM) frame.names = new Set(names);
  return false;
}

const pathOf = (stack: readonly Frame[]) => stack.map((frame) => frame.at);

export function findAmbiguousMembers(text: string): AmbiguousMember[] {
  const found: AmbiguousMember[] = [];
  const stack: Frame[] = [];
  let expectName = false;
  for (let i = 0; i < text.length && found.length < MAX_REPORTED; i += 1) {
    switch (text.charCodeAt(i)) {
      case 123: {
        // '{'
        const parent = stack[stack.length - 1];
        stack.push({ isObject: true, names: [], at: '', underConstructor: parent?.isObject === true && parent.at === 'constructor' });
        expectName = true;
        break;
      }
      case 91: // '['
        stack.push({ isObject: false, names: [], at: 0, underConstructor: false });
        expectName = false;
        break;
      case 125: // '}'
      case 93: // ']'
        stack.pop();
        expectName = false;
        break;
      case 44: {
        // ','
        const frame = stack[stack.length - 1];
        if (frame?.isObject) expectName = true;
        else if (frame) frame.at = (frame.at as number) + 1;
        break;
      }
      case QUOTE: {
        const end = stringEnd(text, i);
        const frame = stack[stack.length - 1];
        if (expectName && frame) {
          const raw = text.slice(i + 1, end);
          // Escapes are decoded, so "ods\u0043ode" is the same name as "odsCode".
          const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          frame.at = name;
          if (seen(frame, name)) found.push({ kind: 'duplicate_key', path: pathOf(stack) });
          else if (name === '__proto__' || (name === 'prototype' && frame.underConstructor)) found.push({ kind: 'forbidden_key', path: pathOf(stack) });
          expectName = false;
        }
        i = end;
        break;
      }
      default:
        // White space, ':', numbers and literals carry no member names.
        break;
    }
  }
  return found;
}
