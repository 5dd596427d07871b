import { describe, expect, it } from 'vitest';
import { answersFromState } from '../../src/slack/blocks/answers.js';
import { homeView } from '../../src/slack/blocks/home.js';
import { pulseDm } from '../../src/slack/blocks/pulse-dm.js';
import { surveyModal, type FormQuestion } from '../../src/slack/blocks/survey-modal.js';
import { slackViewErrors } from '../../src/slack/errors.js';
import { invalid, AppError } from '../../src/errors.js';

describe('Block Kit builders stay inside Slack limits', () => {
  it('clips long labels, option texts and the title; uses a select past 10 choices', () => {
    const long = 'x'.repeat(2500);
    const questions: FormQuestion[] = [
      { key: 'long', text: long, type: 'likert5', required: true },
      {
        key: 'many',
        text: 'Pick',
        type: 'choice',
        options: Array.from({ length: 14 }, (_, i) => `Option ${i} ${'y'.repeat(90)}`),
        required: false,
      },
      { key: 'few', text: 'Pick', type: 'choice', options: ['a', 'b'], required: true },
    ];
    const view = surveyModal({ surveyName: 'A very long survey name indeed', questions }, { runId: 'run_1' });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const inputs = view.blocks.filter((b) => b.type === 'input') as any[];
    expect(inputs[0].label.text.length).toBe(2000);
    expect(inputs[1].element.type).toBe('static_select');
    expect(inputs[1].optional).toBe(true);
    expect(inputs[1].element.options.every((o: any) => o.text.text.length <= 75 && o.value.length <= 75)).toBe(true);
    expect(inputs[2].element.type).toBe('radio_buttons');
    expect(inputs[2].optional).toBe(false);
  });

  it('caps a modal at 100 blocks and a home tab at 100 blocks', () => {
    const questions = Array.from({ length: 150 }, (_, i) => ({
      key: `q${i}`,
      text: 'Q',
      type: 'likert5' as const,
      required: false,
    }));
    expect(surveyModal({ surveyName: 'S', questions }, { runId: 'r' }).blocks.length).toBe(100);
    const updates = Array.from({ length: 80 }, () => ({
      title: 't',
      body: 'b',
      status: 'shipped',
      themeKey: 'k',
      createdAt: '2026-03-02T00:00:00Z',
    }));
    expect(homeView({ known: true, openRuns: [], recentAnswers: [], updates }).blocks.length).toBeLessThanOrEqual(100);
  });

  it('reads submitted state back into service answers (n/a → null, choice index → option, blank text skipped)', () => {
    const qs: FormQuestion[] = [
      { key: 'a', text: '', type: 'likert5', required: true },
      { key: 'b', text: '', type: 'likert5', required: true },
      { key: 'c', text: '', type: 'scale0_10', required: true },
      { key: 'd', text: '', type: 'choice', options: ['x', 'y'], required: true },
      { key: 'e', text: '', type: 'text', required: false },
      { key: 'f', text: '', type: 'hours_lost', required: true },
    ];
    const sel = (value: string) => ({ v: { selected_option: { value } } });
    expect(
      answersFromState(qs, {
        a: sel('na'),
        b: sel('5'),
        c: sel('0'),
        d: sel('1'),
        e: { v: { value: '   ' } },
        f: sel('8+'),
      }),
    ).toEqual({ a: null, b: 5, c: 0, d: 'y', f: '8+' });
  });

  it('escapes mrkdwn in survey names and maps domain errors to block ids', () => {
    const dm = pulseDm({ runId: 'r', surveyName: '<!channel> & co', closesAt: '2026-03-07T00:00:00Z', reminder: 0 });
    expect(JSON.stringify(dm.blocks)).toContain('&lt;!channel&gt; &amp; co');
    expect(
      slackViewErrors(
        invalid([
          { field: 'b', message: 'bad' },
          { field: 'zzz', message: 'unknown' },
        ]),
        ['a', 'b'],
      ),
    ).toEqual({ b: 'bad', a: 'unknown' });
    expect(slackViewErrors(new AppError('run_closed', 'closed', 410), ['a'])).toEqual({
      a: expect.stringMatching(/closed/),
    });
  });
});
