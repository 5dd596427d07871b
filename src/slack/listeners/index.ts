import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import * as actions from './actions.js';
import * as commands from './commands.js';
import * as events from './events.js';
import * as shortcuts from './shortcuts.js';
import * as views from './views.js';

/** Registers every Slack surface on the app (events first: its dedup middleware is global). */
export function registerListeners(app: App, ctx: SlackContext): void {
  events.register(app, ctx);
  actions.register(app, ctx);
  commands.register(app, ctx);
  shortcuts.register(app, ctx);
  views.register(app, ctx);
}
