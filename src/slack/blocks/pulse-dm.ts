import type { KnownBlock } from '@slack/types';
import { IDS } from '../ids.js';
import { escapeMrkdwn, mrkdwn, plain } from './limits.js';

/** What a pulse DM needs to know about its run. */
export interface PulseDmInput {
  runId: string;
  surveyName: string;
  closesAt: string;
  /** 0 = the invitation, 1 or 2 = a reminder. */
  reminder: number;
  /** Where the personal web link goes when someone prefers the browser (optional). */
  webUrl?: string;
}

const day = (iso: string) => new Date(iso).toUTCString().slice(0, 16);

/** A Slack message: notification fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The invitation or reminder DM: context, then an Answer button carrying the run id. */
export function pulseDm(input: PulseDmInput): SlackMessage {
  const name = escapeMrkdwn(input.surveyName);
  const lead = input.reminder
    ? `Reminder: *${name}* is still open for you — it closes ${day(input.closesAt)}.`
    : `*${name}* is open: 2 minutes, anonymous. What changed since last time?`;
  const text = input.reminder
    ? `Reminder: ${input.surveyName} is still open`
    : `${input.surveyName}: 2 minutes, anonymous`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(lead) },
      {
        type: 'context',
        elements: [
          mrkdwn(
            `Your answers are only ever shown pooled with your team's, and only once enough people have answered. Open until ${day(input.closesAt)}.` +
              (input.webUrl ? ` Prefer the browser? <${input.webUrl}|Answer on the web>.` : ''),
          ),
        ],
      },
      {
        type: 'actions',
        block_id: 'pulse_actions',
        elements: [
          {
            type: 'button',
            action_id: IDS.openSurveyAction,
            value: input.runId,
            style: 'primary',
            text: plain('Answer (2 min)', 75),
          },
        ],
      },
    ],
  };
}

/** What the DM turns into once the person has answered. */
export function thanksDm(input: { runId: string; surveyName: string }): SlackMessage {
  return {
    text: `Thanks — your answers to ${input.surveyName} are in.`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:white_check_mark: Thanks — your answers to *${escapeMrkdwn(input.surveyName)}* are in. We'll share what we do about them.`,
        ),
      },
      {
        type: 'actions',
        block_id: 'pulse_actions',
        elements: [
          { type: 'button', action_id: IDS.openSurveyAction, value: input.runId, text: plain('Change my answers', 75) },
        ],
      },
    ],
  };
}

/** What an invitation DM turns into when its run is closed. */
export function closedDm(surveyName: string): SlackMessage {
  return {
    text: `${surveyName} has closed.`,
    blocks: [{ type: 'section', text: mrkdwn(`*${escapeMrkdwn(surveyName)}* has closed. Thanks for reading.`) }],
  };
}
