import type { ModalView } from '@slack/types';
import { LIMITS, mrkdwn, plain } from './limits.js';

/** A modal that only says something (a closed pulse, an unknown user), with a Close button. */
export function noticeModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}
