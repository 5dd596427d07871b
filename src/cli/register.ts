// Feature modules that add importers (registerImporter) are imported here for their side effect,
// so `chorus import <kind>` knows every kind.
import '../surveys/import.cli.js';
import '../delivery/import.cli.js';
export {};
