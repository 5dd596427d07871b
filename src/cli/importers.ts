import type { BatchResult } from '../batch.js';
import type { Deps } from '../deps.js';
import { upsertPeople, upsertServices, upsertTeams } from '../directory/directory.service.js';
import { peopleCsvRow } from '../directory/people-import.service.js';

/** How one kind of record is imported: CSV rows may need reshaping before the shared service. */
export interface Importer {
  plural: string;
  /** Turns a flat CSV row into the API's item shape (nested fields, numbers); `columns` is the header row. */
  fromCsvRow?: (row: Record<string, string>, columns: readonly string[]) => unknown;
  /** Stores one batch (≤ 10,000 items) atomically, exactly as the HTTP route does. */
  run: (deps: Deps, items: unknown[]) => BatchResult;
}

/** Every kind `chorus import <kind> <file>` accepts. Features add theirs with registerImporter. */
export const importers: Record<string, Importer> = {
  teams: { plural: 'teams', run: (deps, items) => upsertTeams(deps, { teams: items }) },
  people: { plural: 'people', fromCsvRow: peopleCsvRow, run: (deps, items) => upsertPeople(deps, { people: items }) },
  services: { plural: 'services', run: (deps, items) => upsertServices(deps, { services: items }) },
};

export function registerImporter(kind: string, importer: Importer): void {
  importers[kind] = importer;
}
