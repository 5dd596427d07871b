import { stemmer } from 'stemmer';

/**
 * Lower-cased word tokens of a comment: accents stripped, apostrophes dropped inside words
 * ("couldn't" → "couldnt"), everything else a separator ("CI/CD" → "ci", "cd").
 */
export function tokenize(text: string): string[] {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(\p{L})['’`](\p{L})/gu, '$1$2');
  return plain.match(/[\p{L}\p{N}]+/gu) ?? [];
}

const stemCache = new Map<string, string>();

/** Porter stem of one lower-case token ("reviews", "reviewing" → "review"); memoised. */
export function stem(token: string): string {
  if (token.length <= 2) return token;
  let s = stemCache.get(token);
  if (s === undefined) {
    if (stemCache.size > 100_000) stemCache.clear();
    s = stemmer(token);
    stemCache.set(token, s);
  }
  return s;
}

/** Common English words that carry no topic: dropped from emerging phrases. */
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren arent as at be because been before being
  below between both but by can cant cannot could couldnt did didnt do does doesnt doing dont down during each
  few for from further get gets getting got had hadnt has hasnt have havent having he her here hers herself him
  himself his how i id ill im ive if in into is isnt it its itself just lets like me more most much mustnt my
  myself no nor not now of off on once only or other ought our ours ourselves out over own really same shant
  she should shouldnt so some such than that thats the their theirs them themselves then there theres these
  they theyre this those through to too under until up us very was wasnt we were werent weve what whats when
  where which while who whom why will with wont would wouldnt you your yours yourself yourselves still even
  one two lot lots thing things way ways every always never often sometimes quite bit much many make makes
  made go going gone need needs needed want wants know think feel feels felt something anything everything
  today week weeks day days time times team teams work working people also etc via per ok okay yes yeah
  nothing major minor mostly half quiet fine good great pretty honestly since instead last year years ago went smoothly
  little bunch kind sort maybe probably actually basically usually`
    .split(/\s+/)
    .filter(Boolean),
);
