import type { DemoContext } from '../demo/seed.js';
import { eventsRepo } from '../events/events.repo.js';
import { upsertSurvey } from '../surveys/surveys.service.js';

/** Demo data for the Slack part: a deployment micro-survey and the rule that triggers it. */
export function seedSlackDemo({ deps }: DemoContext): void {
  upsertSurvey(deps, {
    key: 'deploy_check',
    name: 'Deployment check',
    kind: 'event',
    open_days: 2,
    intro: 'One question about the deployment you just shipped. Anonymous, 20 seconds.',
    questions: [
      { key: 'deploy_smooth', text: 'This deployment went smoothly.', type: 'likert5', dimension: 'ease_of_delivery' },
      { key: 'deploy_note', text: 'Anything that got in the way?', type: 'text' },
    ],
  });
  eventsRepo(deps.db).insertRule(
    {
      eventName: 'deploy.finished',
      surveyKey: 'deploy_check',
      sampleRate: 0.3,
      cooldownHours: 72,
      quietStart: '19:00',
      quietEnd: '09:00',
      timezone: 'Europe/Berlin',
      active: true,
    },
    deps.now().toISOString(),
  );
}
