/**
 * Finds the http(s) links of a campaign message so each can be replaced by a tracked
 * redirect (SPEC.md: Reports). Pure: the caller decides what a link becomes.
 *
 * Rewritten: inline Markdown links `[label](https://…)` (label and title kept) and bare
 * URLs. Left alone: other schemes (mailto:, tel:, …), images `![alt](…)` (a fetched image
 * is not a click), and code spans / fenced code, where a URL is text rather than a link.
 */

export interface RewrittenLinks {
  text: string;
  /** Distinct original URLs, in order of first appearance. */
  urls: string[];
}

export function rewriteLinks(markdown: string, replace: (url: string) => string): RewrittenLinks {
  const urls: string[] = [];
  const track = (url: string): string => {
    if (!urls.includes(url)) urls.push(url);
    return replace(url);
  };

  let text = '';
  let i = 0;
  while (i < markdown.length) {
    const ch = markdown[i];
    if (ch === '\\') {
      text += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = codeSpanEnd(markdown, i);
      text += markdown.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '!' && markdown[i + 1] === '[') {
      const image = parseInlineLink(markdown, i + 1);
      if (image) {
        text += markdown.slice(i, image.end);
        i = image.end;
        continue;
      }
    }
    if (ch === '[') {
      const link = parseInlineLink(markdown, i);
      if (link) {
        text += isHttpUrl(link.url)
          ? markdown.slice(i, link.urlStart) +
            track(link.url) +
            markdown.slice(link.urlEnd, link.end)
          : markdown.slice(i, link.end);
        i = link.end;
        continue;
      }
    }
    const bare = bareUrlAt(markdown, i);
    if (bare) {
      text += track(bare);
      i += bare.length;
      continue;
    }
    text += ch;
    i += 1;
  }
  return { text, urls };
}

interface InlineLink {
  url: string;
  /** Where the destination starts and ends (exclusive) in the source. */
  urlStart: number;
  urlEnd: number;
  /** Just past the closing parenthesis. */
  end: number;
}

/** `[label](destination "optional title")` starting at the `[` at `start`, or null. */
function parseInlineLink(s: string, start: number): InlineLink | null {
  const labelEnd = closingBracket(s, start);
  if (labelEnd < 0 || s[labelEnd + 1] !== '(') return null;

  let i = skipSpaces(s, labelEnd + 2);
  let urlStart: number;
  let urlEnd: number;
  if (s[i] === '<') {
    urlStart = i + 1;
    urlEnd = s.indexOf('>', urlStart);
    if (urlEnd < 0 || s.slice(urlStart, urlEnd).includes('\n')) return null;
    i = urlEnd + 1;
  } else {
    urlStart = i;
    urlEnd = plainDestinationEnd(s, i);
    i = urlEnd;
  }
  if (urlEnd === urlStart) return null;

  i = skipSpaces(s, i);
  if (s[i] === '"' || s[i] === "'" || s[i] === '(') {
    const close = s[i] === '(' ? ')' : s[i]!;
    const titleEnd = s.indexOf(close, i + 1);
    if (titleEnd < 0) return null;
    i = skipSpaces(s, titleEnd + 1);
  }
  if (s[i] !== ')') return null;
  return { url: s.slice(urlStart, urlEnd), urlStart, urlEnd, end: i + 1 };
}

/** Index of the `]` matching the `[` at `start` (nested brackets allowed), or -1. */
function closingBracket(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i += 1) {
    const ch = s[i];
    if (ch === '\\') i += 1;
    else if (ch === '[') depth += 1;
    else if (ch === ']') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A destination without angle brackets ends at a space or at an unbalanced `)`. */
function plainDestinationEnd(s: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < s.length; i += 1) {
    const ch = s[i]!;
    if (/\s/.test(ch)) break;
    if (ch === '\\') i += 1;
    else if (ch === '(') depth += 1;
    else if (ch === ')') {
      if (depth === 0) break;
      depth -= 1;
    }
  }
  return Math.min(i, s.length);
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n')) i += 1;
  return i;
}

/** End of the code span (or fence) opened by the backtick run at `start`; unclosed runs are plain text. */
function codeSpanEnd(s: string, start: number): number {
  let runEnd = start;
  while (s[runEnd] === '`') runEnd += 1;
  const fence = s.slice(start, runEnd);
  const close = s.indexOf(fence, runEnd);
  return close < 0 ? runEnd : close + fence.length;
}

const BARE_URL = /https?:\/\/[^\s<>"`]+/iy;
const TRAILING_PUNCTUATION = /[.,;:!?'"*_~]$/;

/**
 * The bare URL starting at `i`, without the punctuation that ends the sentence around it
 * (GitHub's autolink rule: a trailing `)` or `]` is part of the URL only when balanced).
 */
function bareUrlAt(s: string, i: number): string | null {
  if (i > 0 && /[\p{L}\p{N}]/u.test(s[i - 1]!)) return null;
  BARE_URL.lastIndex = i;
  const match = BARE_URL.exec(s);
  if (!match) return null;
  let url = match[0];
  for (;;) {
    if (TRAILING_PUNCTUATION.test(url)) url = url.slice(0, -1);
    else if (url.endsWith(')') && unbalanced(url, '(', ')')) url = url.slice(0, -1);
    else if (url.endsWith(']') && unbalanced(url, '[', ']')) url = url.slice(0, -1);
    else break;
  }
  return isHttpUrl(url) ? url : null;
}

function unbalanced(url: string, open: string, close: string): boolean {
  return url.split(close).length > url.split(open).length;
}

/** True for an absolute http or https URL with a host. */
export function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host !== '';
  } catch {
    return false;
  }
}
