import type { Request, Response } from 'express';
import type { Deps } from '../../deps.js';
import { listTeams } from '../../directory/directory.service.js';
import { AppError, fieldErrors, notFound } from '../../errors.js';
import { beforeAfter, type BeforeAfter } from '../../loop/before-after.js';
import { LINKABLE_METRICS, THEME_STATUSES } from '../../loop/loop.schema.js';
import { linkableQuestions, listLoopUpdates, postLoopUpdate, themeState } from '../../loop/loop.service.js';
import { throughDate } from '../../reports/reports.schema.js';
import { promoteEmergingPhrase } from '../../themes/promote.service.js';
import { currentTaxonomy } from '../../themes/taxonomy.service.js';
import { themesReport, type ThemesReport } from '../../themes/themes.service.js';
import { themesFilters } from '../api/themes.js';
import { formBody, formText } from '../request.js';
import { principalOf, type RouteDef } from '../route.js';
import { LINKABLE_METRIC_LABELS, METRIC_KIND } from '../labels.js';
import { renderPage } from '../views.js';
import { adminThemesPages } from './admin-themes.js';
import { withSegments } from '../../reports/segment-scope.js';
import { segmentParams } from '../../reports/reports.schema.js';
import { pageSegments, segmentQuery } from '../segment-bar.js';

/** Reads the filters; bad ones come back as field errors and the default view. */
function readFilters(
  req: Request,
  deps: Deps,
): { filters: { team?: string; from?: string; to?: string }; report: ThemesReport; errors: Record<string, string> } {
  try {
    const filters = themesFilters(req);
    return { filters, report: themesReport(deps, filters), errors: {} };
  } catch (err) {
    if (err instanceof AppError && err.status === 422)
      return { filters: {}, report: themesReport(deps, {}), errors: fieldErrors(err.details) };
    throw err;
  }
}

function exportsFor(path: string, f: { team?: string; from?: string; to?: string }) {
  const q = new URLSearchParams();
  if (f.team) q.set('team', f.team);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  const qs = q.toString();
  return {
    json: `${path}${qs ? `?${qs}` : ''}`,
    csv: `${path}?${qs ? `${qs}&` : ''}format=csv`,
    query: qs ? `?${qs}` : '',
  };
}

const filterView = (report: ThemesReport, f: { team?: string }) => ({
  team: f.team ?? '',
  fromDate: (report.period_privacy?.requested ?? report).from.slice(0, 10),
  throughDate: throughDate((report.period_privacy?.requested ?? report).to),
});

/**
 * The before/after comparison as the page shows it: the linked metric and question by their
 * human labels, and each delivery figure in its unit (a rate as a percentage, hours as hours).
 */
function beforeAfterView(ba: BeforeAfter | null, questions: Array<{ value: string; label: string }>) {
  if (!ba) return null;
  const fav = ba.favorability;
  return {
    ...ba,
    favorability: fav
      ? { ...fav, label: questions.find((q) => q.value === `${fav.survey}:${fav.question}`)?.label ?? fav.question }
      : null,
    delivery: ba.delivery
      ? {
          ...ba.delivery,
          label: LINKABLE_METRIC_LABELS[ba.delivery.metric] ?? ba.delivery.metric,
          kind: METRIC_KIND[ba.delivery.metric] ?? 'num',
        }
      : null,
  };
}

function showThemes(req: Request, res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const seg = pageSegments(deps, req, '/themes');
  // Theme counts are read under the page's segment filter; exports and the filter form keep it.
  const { filters, report, errors: filterErrors } = withSegments(seg.segments, () => readFilters(req, deps));
  const errors = { ...filterErrors, ...seg.errors };
  const segmentQs = segmentQuery(seg.segments);
  const plain = exportsFor('/api/v1/themes', filters);
  const withSegment = (url: string) => (segmentQs ? `${url}${url.includes('?') ? '&' : '?'}${segmentQs}` : url);
  const shown = report.themes.filter((t) => t.respondents !== null && t.respondents > 0);
  renderPage(
    res,
    'themes/index',
    {
      title: 'Friction themes',
      report,
      shown,
      quiet: report.themes.filter((t) => t.respondents === 0 || t.below_threshold),
      filter: { ...filterView(report, filters), segments: segmentParams(seg.segments) },
      teams: listTeams(deps),
      teamNames: teamNames(deps),
      errors,
      segmentBar: seg.bar,
      exports: { json: withSegment(plain.json), csv: withSegment(plain.csv), query: withSegment(plain.query) },
      chart: shown.map((t) => ({ key: t.key, label: t.label, trend: t.trend })),
      owners: report.by_owner.map((o) => ({
        ...o,
        themeLabels: o.themes.map((key) => report.themes.find((t) => t.key === key)?.label ?? key),
      })),
      updates: listLoopUpdates(deps, { limit: 5 }),
      ...extra,
    },
    { status },
  );
}

function showTheme(req: Request, res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const key = String(req.params.key);
  const def = currentTaxonomy(deps).themes.find((t) => t.key === key);
  if (!def) throw notFound(`Theme "${key}"`);
  const { filters, report, errors } = readFilters(req, deps);
  const theme = report.themes.find((t) => t.key === key) ?? null;
  const state = themeState(deps, key);
  const questions = linkableQuestions(deps);
  renderPage(
    res,
    'themes/theme',
    {
      title: def.label,
      def,
      report,
      theme,
      state,
      filter: filterView(report, filters),
      teams: listTeams(deps),
      teamNames: teamNames(deps),
      errors,
      exports: exportsFor(`/api/v1/themes/${key}`, filters),
      chart: theme ? [{ key, label: def.label, trend: theme.trend }] : [],
      updates: listLoopUpdates(deps, { theme: key, limit: 50 }),
      beforeAfter: report.suppressed ? null : beforeAfterView(beforeAfter(deps, key, filters.team), questions),
      statuses: THEME_STATUSES,
      // How many addresses "E-mail it to the update list" reaches (0: no list, no checkbox).
      mailList: deps.config.mail?.updatesTo.length ?? 0,
      metrics: LINKABLE_METRICS.map((value) => ({ value, label: LINKABLE_METRIC_LABELS[value] ?? value })),
      questions,
      form: {
        status: state.status,
        owner: state.owner ?? '',
        linked_question: state.question_key ? `${state.survey_key ?? ''}:${state.question_key}` : '',
        metric_key: state.metric_key ?? '',
      },
      ...extra,
    },
    { status },
  );
}

/** Team names by key, so pages name teams instead of showing their keys. */
const teamNames = (deps: Deps) => Object.fromEntries(listTeams(deps).map((t) => [t.key, t.name]));

/** The /themes pages: ranked themes, drill-down, "you said, we did" updates, and /admin/themes. */
export const themesPages: RouteDef[] = [
  ...adminThemesPages,
  {
    method: 'get',
    path: '/themes',
    policy: 'page:viewer',
    summary: 'Friction themes',
    handler: (req, res, deps) => showThemes(req, res, deps),
  },
  {
    method: 'get',
    path: '/themes/:key',
    policy: 'page:viewer',
    summary: 'One friction theme',
    handler: (req, res, deps) => showTheme(req, res, deps),
  },
  {
    method: 'post',
    path: '/themes/emerging',
    policy: 'page:analyst',
    summary: 'Promote an emerging phrase to a theme of its own (a new taxonomy version)',
    handler: (req, res, deps) => {
      try {
        const made = promoteEmergingPhrase(deps, formBody(req), principalOf(res)?.email ?? null);
        res.redirect(303, `/themes/${encodeURIComponent(made.key)}?promoted=1`);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        return showThemes(req, res, deps, { promote: { ...formBody(req), errors: fieldErrors(err.details) } }, 422);
      }
    },
  },
  {
    method: 'post',
    path: '/themes/:key/updates',
    policy: 'page:analyst',
    summary: 'Post a "you said, we did" update on a theme',
    handler: (req, res, deps) => {
      const key = String(req.params.key);
      const form = {
        title: formText(req, 'title'),
        body: formText(req, 'body'),
        status: formText(req, 'status'),
        owner: formText(req, 'owner'),
        slack_channel: formText(req, 'slack_channel'),
        linked_question: formText(req, 'linked_question'),
        metric_key: formText(req, 'metric_key'),
        shipped_at: formText(req, 'shipped_at'),
        email_list: formText(req, 'email_list'),
      };
      try {
        // One choice names both the survey and its question ("survey:question").
        const [survey_key, question_key] = form.linked_question.includes(':')
          ? form.linked_question.split(':', 2)
          : ['', form.linked_question]; // a value that names no survey is checked (and refused) as a question
        const email_to = form.email_list === 'yes' ? 'default' : undefined;
        postLoopUpdate(deps, key, { ...form, survey_key, question_key, email_to }, principalOf(res)?.email ?? null);
      } catch (err) {
        if (err instanceof AppError && err.status === 422) {
          return showTheme(req, res, deps, { form, formErrors: fieldErrors(err.details) }, 422);
        }
        throw err;
      }
      res.redirect(303, `/themes/${encodeURIComponent(key)}?posted=1`);
    },
  },
];
