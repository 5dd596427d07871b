// Entry of the Slack listener thread (src/slack/worker-host.ts). Chorus runs its TypeScript through
// tsx without a build step, and a worker thread does not inherit the parent's loader hooks: register
// tsx in this thread (under `npm start`, vitest and plain node alike), then load the listeners.
import { register } from 'tsx/esm/api';

register();
await import('./listener-worker.ts');
