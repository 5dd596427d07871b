import { hmac } from '../auth/crypto.js';

/**
 * The one pseudonym function: the keyed pseudonym a person's responses (and friction reports) are
 * stored under, HMAC of the person id with the pseudonym key (settings/secret.ts).
 */
export const respondentPseudonym = (pseudonymKey: string, personId: number): string =>
  hmac(pseudonymKey, `person:${personId}`);
