import type { OidcConfig } from '../config.js';
import type { UserRole } from './auth.schema.js';

/**
 * The groups in a set of claims. `claim` is a claim name (`groups`) or, when no claim has that
 * exact name, a dotted path into nested claims (`realm_access.roles`). A single string counts as
 * one group; anything else that is not a list of strings counts as none.
 */
export function groupsFromClaims(claims: Record<string, unknown>, claim: string): string[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes('.')) {
    value = claim
      .split('.')
      .reduce<unknown>(
        (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
        claims,
      );
  }
  if (typeof value === 'string') return value ? [value] : [];
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is string => typeof g === 'string' && g !== '');
}

/**
 * The Chorus role for someone in `groups`: admin when any group is an admin group, else analyst
 * when any is an analyst group, else viewer — or undefined (refused) when viewers are not allowed.
 * Group names compare exactly (IdPs such as Entra ID send case-sensitive object ids).
 */
export function roleForGroups(
  groups: string[],
  mapping: Pick<OidcConfig, 'adminGroups' | 'analystGroups' | 'allowViewers'>,
): UserRole | undefined {
  if (groups.some((g) => mapping.adminGroups.includes(g))) return 'admin';
  if (groups.some((g) => mapping.analystGroups.includes(g))) return 'analyst';
  return mapping.allowViewers ? 'viewer' : undefined;
}
