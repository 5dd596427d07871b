import { STOP_WORDS } from './text.js';

/** Names to redact, prepared once per report from the directory. */
export interface NameIndex {
  /** Lower-cased full names and name parts (≥ 2 letters). */
  parts: Set<string>;
}

/** Builds the name index from people's display names (and e-mail local parts). */
export function nameIndex(names: Iterable<string>): NameIndex {
  const parts = new Set<string>();
  for (const name of names) {
    for (const part of name.toLowerCase().split(/[\s.,_-]+/)) if (part.length >= 2) parts.add(part);
  }
  return { parts };
}

const SLACK_USER = /<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g;
const SLACK_CHANNEL = /<#C[A-Z0-9]+(?:\|[^>]*)?>/g;
const SLACK_LINK = /<(?:https?|mailto):[^>\s]*>/gi;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const MENTION = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}._-]+/gu;
const SLACK_ID = /\b[UW][A-Z0-9]{8,}\b/g;
const WORD = /\p{L}[\p{L}'’-]*/gu;

/** Name parts that are also everyday or engineering words: redacted only when capitalised. */
const COMMON_WORDS = new Set([
  'dev',
  'devs',
  'max',
  'will',
  'mark',
  'may',
  'bill',
  'page',
  'grant',
  'chase',
  'june',
  'april',
  'rose',
  'ray',
  'dash',
  'ruby',
  'jade',
  'hope',
  'joy',
  'sky',
  'cash',
  'chip',
  'dot',
  'guy',
  'kit',
  'lane',
  'norm',
  'patch',
  'rich',
  'stock',
  'wade',
  'ops',
  'sami',
  'rust',
  'go',
  'node',
  'swift',
  'java',
  'nick',
  'pat',
  'rob',
  'sue',
  'jack',
]);

/**
 * Replaces Slack mentions and ids, URLs, e-mails, @mentions and people's names with
 * [name], [channel], [link], [email]. A name part that is also a common word ("will") is only
 * redacted when capitalised.
 */
export function redact(text: string, names: NameIndex = { parts: new Set() }): string {
  let out = text
    .replace(SLACK_USER, '[name]')
    .replace(SLACK_CHANNEL, '[channel]')
    .replace(SLACK_LINK, '[link]')
    .replace(URL, '[link]')
    .replace(EMAIL, '[email]')
    .replace(MENTION, (_m, pre: string) => `${pre}[name]`)
    .replace(SLACK_ID, '[name]');
  if (names.parts.size) {
    out = out.replace(WORD, (word) => {
      const lower = word.toLowerCase().replace(/['’]s$/, '');
      if (!names.parts.has(lower)) return word;
      const capitalised = word[0] !== word[0].toLowerCase();
      return (STOP_WORDS.has(lower) || COMMON_WORDS.has(lower)) && !capitalised ? word : '[name]';
    });
    out = out.replace(/\[name\](?:\s+\[name\])+/g, '[name]');
  }
  return out;
}
