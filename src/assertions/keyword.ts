import type { Problem } from './problem.ts';
import { RegexTimeoutError, testUserRegex, USER_REGEX_TIMEOUT_MS } from './user-regex.ts';

/** The keyword fields of a web monitor (monitors/web.ts). */
export interface KeywordRule {
  keyword_string: string;
  keyword_match_type: 'Plain Text' | 'Regular Expression' | string;
  keyword_match_invert: boolean;
}

/** Longest keyword quoted back in info_msg. */
const QUOTE_MAX = 80;

function quote(s: string): string {
  return `"${s.length > QUOTE_MAX ? `${s.slice(0, QUOTE_MAX)}…` : s}"`;
}

/**
 * Keyword validation on the page text: "Plain Text" is a case-sensitive substring (as AlertSite
 * matches), "Regular Expression" a JavaScript pattern without flags. Missing → 5; with
 * `keyword_match_invert`, present → 9. An empty keyword checks nothing. `where` ends the message
 * ("in the first 4 MiB of the page" when the body was longer than what is searched).
 */
export function judgeKeyword(text: string, rule: KeywordRule, where = 'on the page'): Problem | null {
  if (!rule.keyword_string) return null;
  const regex = rule.keyword_match_type === 'Regular Expression';
  let found: boolean;
  try {
    found = regex ? testUserRegex(rule.keyword_string, text) : text.includes(rule.keyword_string);
  } catch (err) {
    if (!(err instanceof RegexTimeoutError)) throw err;
    const message = `regular expression ${quote(rule.keyword_string)} ran longer than ${USER_REGEX_TIMEOUT_MS} ms ${where}; simplify it`;
    return { code: rule.keyword_match_invert ? 'KEYWORD_PRESENT' : 'KEYWORD_MISSING', message };
  }
  const what = regex
    ? `text matching ${quote(rule.keyword_string)}`
    : `keyword ${quote(rule.keyword_string)}`;
  if (rule.keyword_match_invert) {
    return found ? { code: 'KEYWORD_PRESENT', message: `forbidden ${what} is present ${where}` } : null;
  }
  return found ? null : { code: 'KEYWORD_MISSING', message: `${what} not found ${where}` };
}
