import { z } from 'zod';

// Only the fields Chorus's listeners and Bolt's routing read are kept (zod strips the rest), each
// with the type they are read as: a signed but malformed payload is refused at the edge (400)
// instead of throwing inside Bolt or a listener, and nothing else reaches the listener thread.
const id = z.string().min(1).max(255);
const opt = (max: number) => z.string().max(max).optional();
/** A field some payloads carry with another shape: kept when it is a string, dropped otherwise. */
const looseText = (max: number) => z.string().max(max).optional().catch(undefined);
/**
 * Workspace and enterprise ids as Slack writes them (T…, E…). Bolt keys a plain object of clients by
 * them, so 'toString' or '__proto__' would reach Object.prototype there.
 */
const workspaceId = z
  .string()
  .regex(/^[A-Z0-9]{1,64}$/)
  .optional();
const team = z.object({ id: workspaceId, domain: opt(255), enterprise_id: workspaceId }).nullish();
const user = z.object({ id, team_id: workspaceId, name: opt(255), username: opt(255) });

const blockActions = z.object({
  type: z.literal('block_actions'),
  api_app_id: opt(255),
  team,
  user,
  trigger_id: id,
  container: z
    .object({
      type: z.string().max(50),
      channel_id: opt(255),
      message_ts: opt(50),
      view_id: opt(255),
      is_ephemeral: z.boolean().optional(),
    })
    .optional(),
  channel: z.object({ id, name: opt(255) }).optional(),
  response_url: opt(2000),
  actions: z
    .array(
      z.object({
        type: z.string().max(50),
        action_id: id,
        block_id: opt(255),
        value: opt(2000),
        action_ts: opt(50),
      }),
    )
    .min(1)
    .max(25),
});

const stateValue = z.object({
  type: opt(50),
  value: z.string().max(10_000).nullish(),
  selected_option: z.object({ value: z.string().max(150) }).nullish(),
});

const viewAction = z.object({
  type: z.enum(['view_submission', 'view_closed']),
  api_app_id: opt(255),
  team,
  user,
  trigger_id: opt(255),
  is_cleared: z.boolean().optional(),
  view: z.object({
    id: opt(255),
    type: opt(50),
    callback_id: z.string().max(255),
    hash: opt(255),
    private_metadata: z.string().max(3000).default(''),
    blocks: z
      .array(z.object({ type: opt(50), block_id: opt(255) }))
      .max(100)
      .default([]),
    state: z
      .object({
        values: z.record(z.string().max(255), z.record(z.string().max(255), stateValue)),
      })
      .default({ values: {} }),
  }),
});

const shortcut = z.object({
  type: z.literal('shortcut'),
  api_app_id: opt(255),
  team,
  user,
  callback_id: id,
  trigger_id: id,
  action_ts: opt(50),
});

const command = z.object({
  command: z.string().min(1).max(100),
  text: z.string().max(10_000).default(''),
  user_id: id,
  user_name: opt(255),
  team_id: workspaceId,
  team_domain: opt(255),
  enterprise_id: workspaceId,
  channel_id: opt(255),
  channel_name: opt(255),
  api_app_id: opt(255),
  trigger_id: id,
  response_url: opt(2000),
});

const eventCallback = z.object({
  type: z.literal('event_callback'),
  team_id: workspaceId,
  api_app_id: opt(255),
  event_id: id,
  event_time: z.number().optional().catch(undefined),
  event: z.object({
    type: z.string().min(1).max(100),
    user: looseText(255),
    tab: looseText(50),
    channel: looseText(255),
    event_ts: looseText(50),
  }),
});

/** A verified Slack request body reduced to what Chorus handles, by kind. */
export type SlackBody =
  | { kind: 'block_actions'; body: z.infer<typeof blockActions> }
  | { kind: 'view'; body: z.infer<typeof viewAction> }
  | { kind: 'shortcut'; body: z.infer<typeof shortcut> }
  | { kind: 'command'; body: z.infer<typeof command> }
  | { kind: 'event'; body: z.infer<typeof eventCallback> };

/** What the edge makes of a parsed body: a handled kind, a bare acknowledgement, or a refusal. */
export type Classified = SlackBody | { kind: 'ack_only' } | { kind: 'malformed'; reason: string };

const SCHEMAS = { block_actions: blockActions, view: viewAction, shortcut, command, event: eventCallback } as const;

function parseAs<K extends SlackBody['kind']>(kind: K, body: Record<string, unknown>): Classified {
  const parsed = SCHEMAS[kind].safeParse(body);
  if (!parsed.success)
    return { kind: 'malformed', reason: `malformed ${kind === 'view' ? String(body.type) : kind} payload` };
  return { kind, body: parsed.data } as Classified;
}

/**
 * Sorts a signed body (an object: the form fields of a slash command, the JSON of `payload=`, or
 * an Events API envelope) into what Chorus handles. Kinds Chorus never subscribes to are malformed
 * from its point of view; `app_rate_limited` notices only need the 200.
 */
export function classifySlackBody(body: Record<string, unknown>): Classified {
  if (body.command !== undefined) return parseAs('command', body);
  switch (body.type) {
    case 'block_actions':
      return parseAs('block_actions', body);
    case 'view_submission':
    case 'view_closed':
      return parseAs('view', body);
    case 'shortcut':
      return parseAs('shortcut', body);
    case 'event_callback':
      return parseAs('event', body);
    case 'app_rate_limited':
      return { kind: 'ack_only' };
    default:
      return { kind: 'malformed', reason: 'unsupported Slack payload type' };
  }
}

/** Whether Slack reads a body from this kind's acknowledgement (modal errors, command replies). */
export function ackCarriesBody(b: SlackBody): boolean {
  return (b.kind === 'view' && b.body.type === 'view_submission') || b.kind === 'command';
}
