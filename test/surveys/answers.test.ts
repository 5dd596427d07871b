import { describe, expect, it } from 'vitest';
import { validateAnswers, type AnswerableQuestion } from '../../src/surveys/responses.schema.js';
import { AppError } from '../../src/errors.js';

const questions: AnswerableQuestion[] = [
  { key: 'likert', type: 'likert5', options: null, required: true },
  { key: 'scale', type: 'scale0_10', options: null, required: true },
  { key: 'hours', type: 'hours_lost', options: null, required: true },
  { key: 'pick', type: 'choice', options: ['Slack', 'E-mail'], required: false },
  { key: 'text', type: 'text', options: null, required: false },
];

const details = (answers: unknown, enforceRequired = true) => {
  try {
    validateAnswers(questions, answers, { enforceRequired });
    return [];
  } catch (err) {
    return (err as AppError).details;
  }
};

describe('the shared answer validator', () => {
  it('maps each type onto value_num / value_text as stored', () => {
    const out = validateAnswers(
      questions,
      { likert: '4', scale: 0, hours: '8+', pick: 'Slack', text: '  slow CI  ' },
      { enforceRequired: true },
    );
    expect(Object.fromEntries(out)).toEqual({
      likert: { num: 4, text: null },
      scale: { num: 0, text: null },
      hours: { num: 10, text: '8+' },
      pick: { num: null, text: 'Slack' },
      text: { num: null, text: 'slow CI' },
    });
    const na = validateAnswers(questions, { likert: null, scale: '10', hours: 0 }, { enforceRequired: true });
    expect(na.get('likert')).toEqual({ num: null, text: null });
    expect(na.get('hours')).toEqual({ num: 0, text: '0' });
    expect(
      validateAnswers(questions, { likert: 'na', scale: 5, hours: '<1' }, { enforceRequired: true }).get('hours'),
    ).toEqual({ num: 0.5, text: '<1' });
  });

  it('names every bad or missing field', () => {
    expect(
      details({ likert: 6, scale: 11, hours: '3', pick: 'Fax', text: 'x'.repeat(2001), extra: 1 })
        .map((d) => d.field)
        .sort(),
    ).toEqual(['extra', 'hours', 'likert', 'pick', 'scale', 'text']);
    expect(details({ likert: 2.5, scale: 5, hours: '0' })[0]).toMatchObject({ field: 'likert' });
    expect(details({}).map((d) => d.field)).toEqual(['likert', 'scale', 'hours']);
    expect(details({}, false)).toEqual([]);
    expect(details({ likert: '', scale: '   ', hours: '0' }).map((d) => d.field)).toEqual(['likert', 'scale']);
    expect(details('nope')[0].field).toBe('answers');
  });
});
