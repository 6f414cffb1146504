/** Text rules of profile fields. Lengths count Unicode code points, not UTF-16 units. */

// Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
// In a `u` regex a well-formed surrogate pair is one code point, so \p{Cs} only matches a lone half.
const NUL_OR_LONE_SURROGATE = /[\u0000\p{Cs}]/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_EXCEPT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/u;
/* eslint-enable no-control-regex */

export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

export function hasNulOrLoneSurrogate(text: string): boolean {
  return NUL_OR_LONE_SURROGATE.test(text);
}

export function hasControlCharacter(text: string, allowTabAndNewline = false): boolean {
  return (allowTabAndNewline ? CONTROL_EXCEPT_TAB_AND_NEWLINE : CONTROL).test(text);
}

// The WHATWG HTML definition of a valid e-mail address (input type=email), which is ASCII only.
const WHATWG_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function isWhatwgEmail(text: string): boolean {
  return WHATWG_EMAIL.test(text);
}

/** An absolute https: URL written as the URL parser would keep it (no whitespace or controls to strip). */
export function isAbsoluteHttpsUrl(text: string): boolean {
  if (WHITESPACE_OR_CONTROL.test(text) || !URL.canParse(text)) return false;
  const url = new URL(text);
  return url.protocol === 'https:' && url.hostname !== '';
}
