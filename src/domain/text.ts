/**
 * Text as a person sees it: lengths count graphemes (an emoji, a flag, an accented letter is
 * one), invisible characters do not make a name, and an answer quoted back is a short excerpt
 * (a reply must stay far below Teams' 28 KB message limit, whatever was pasted).
 */

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters that render as nothing: spaces, format controls (zero-width space and joiners,
 * bidi marks), control characters, combining marks on their own, and the blank glyphs that are
 * letters or symbols by category (Braille pattern blank, Hangul fillers, Mongolian vowel separator).
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Cc}\p{Mn}\p{Me}\u2800\u3164\u115f\u1160\uffa0\u180e]/gu;

export const EXCERPT_LENGTH = 60;

/**
 * Intl.Segmenter takes time quadratic in the length of what it is given (a pasted 30 kB answer
 * took seconds), so text is segmented in chunks of about this many UTF-16 units.
 */
const CHUNK = 500;

export function visibleLength(text: string): number {
  let count = 0;
  for (const chunk of chunksOf(text)) {
    count += [...graphemes.segment(chunk)].length;
  }
  return count;
}

export function hasVisibleCharacter(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}

/** The first `max` graphemes of `text`, as they are (to pre-fill an input with what fits). */
export function clip(text: string, max: number): string {
  const kept = firstGraphemes(text, max + 1);
  return kept.length <= max ? text : kept.slice(0, max).join('');
}

/** At most `max` graphemes of `text` on one line, "…" marking a cut. */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const oneLine = text.trim().replace(/\s+/g, ' ');
  const kept = firstGraphemes(oneLine, max + 1);
  return kept.length <= max ? oneLine : `${kept.slice(0, max - 1).join('')}…`;
}

function firstGraphemes(text: string, count: number): string[] {
  const kept: string[] = [];
  for (const grapheme of graphemesOf(text)) {
    if (kept.length === count) {
      break;
    }
    kept.push(grapheme);
  }
  return kept;
}

function* graphemesOf(text: string): Generator<string> {
  for (const chunk of chunksOf(text)) {
    for (const { segment } of graphemes.segment(chunk)) {
      yield segment;
    }
  }
}

/**
 * `text` in chunks that can be segmented apart. Chunks end between two ASCII characters
 * other than CR LF, where Unicode always puts a grapheme boundary; a text with no such place for
 * 4 chunks running (thousands of emoji in a row) is cut between code points, which may split at
 * most one grapheme per cut — only in text far longer than anything accepted.
 */
function* chunksOf(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + CHUNK);
    while (end < text.length && end < start + 4 * CHUNK && !isAsciiBoundary(text, end)) {
      end++;
    }
    if (isLowSurrogate(text.charCodeAt(end))) {
      end++;
    }
    yield text.slice(start, end);
    start = end;
  }
}

function isAsciiBoundary(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before < 0x80 && after < 0x80 && !(before === 0x0d && after === 0x0a);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * A name (of a campaign, a list) to show as the admin typed it inside Markdown and card text:
 * the characters that would make a link, emphasis, code or an HTML tag of it are escaped, so
 * "[list](https://evil.example)" reads as typed instead of becoming a link.
 */
export function asPlainText(value: string): string {
  return value.replace(/[\\`*_~[\]<>]/g, '\\$&');
}
