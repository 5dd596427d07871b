import { directoryApi } from './api/directory.js';
import { adminPages } from './pages/admin.js';
import { authPages } from './pages/auth.js';
import type { RouteDef } from './route.js';

/**
 * The route table: every HTTP route of Chorus with its access policy. Feature adapters add their
 * lists here; the access test enumerates this table.
 */
export const routeTable: RouteDef[] = [
  ...authPages,
  ...directoryApi,
  ...adminPages,
];
