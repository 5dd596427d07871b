import { postLoopUpdate } from '../loop/loop.service.js';
import type { DemoContext } from './seed.js';
import { DAY_MS } from '../units.js';

/**
 * "You said, we did" in the demo: documentation shipped six weeks ago (the docs portal relaunch
 * the survey story shows in search), flaky tests planned, code review and CI acknowledged.
 */
export function seedLoop(ctx: DemoContext): void {
  const at = (daysAgo: number) => {
    const when = new Date(ctx.today.getTime() - daysAgo * DAY_MS);
    return { ...ctx.deps, now: () => when };
  };
  const post = (daysAgo: number, theme: string, body: Record<string, string>, author: string) =>
    postLoopUpdate(at(daysAgo), theme, body, author);

  post(
    70,
    'documentation',
    {
      title: 'We hear you on docs',
      body: 'Outdated and hard-to-find docs came up in every pulse. The platform group is taking this on.',
      status: 'acknowledged',
      owner: 'Platform Group',
    },
    'pm@demo.chorus',
  );
  post(
    60,
    'documentation',
    {
      title: 'A docs portal is coming',
      body: 'One searchable portal for runbooks and service docs, owned per team, with review dates.',
      status: 'planned',
      question_key: 'docs_findable',
    },
    'pm@demo.chorus',
  );
  post(
    42,
    'documentation',
    {
      title: 'Docs portal is live',
      body: 'Every service now has a docs page with an owner and a "last reviewed" date. Tell us what is still missing.',
      status: 'shipped',
      question_key: 'docs_findable',
      metric_key: 'lead_time_hours',
    },
    'pm@demo.chorus',
  );
  post(
    30,
    'flaky_tests',
    {
      title: 'Flaky test quarantine',
      body: 'Tests that fail and pass on retry will be quarantined automatically and assigned to their owners.',
      status: 'acknowledged',
      owner: 'Platform',
    },
    'pm@demo.chorus',
  );
  post(
    14,
    'flaky_tests',
    {
      title: 'Quarantine planned for next quarter',
      body: 'Payments pilots it first; CI retries will be reported per test.',
      status: 'planned',
      question_key: 'build_and_test',
      metric_key: 'change_failure_rate',
    },
    'admin@demo.chorus',
  );
  post(
    10,
    'code_review',
    {
      title: 'Review turnaround',
      body: 'Checkout is trying a daily reviewer-on-duty rotation. We will report back in the next pulse.',
      status: 'acknowledged',
      owner: 'Checkout',
    },
    'pm@demo.chorus',
  );
  post(
    5,
    'ci_builds',
    {
      title: 'Faster CI runners',
      body: 'More runners at peak hours are being evaluated after your comments about queues.',
      status: 'acknowledged',
      owner: 'Platform',
    },
    'admin@demo.chorus',
  );
}
