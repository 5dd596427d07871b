import type { Response } from 'express';
import { benchmarkChoices } from '../../delivery/benchmark.service.js';
import { getDefinitions, updateDefinitions } from '../../delivery/definitions.service.js';
import { LABEL_KEYS, TIER_YEARS } from '../../delivery/definitions.schema.js';
import { listPagerdutyMappings, replacePagerdutyMappings } from '../../delivery/pagerduty.service.js';
import { createWindows, deleteWindow, listWindows } from '../../delivery/windows.service.js';
import type { Deps } from '../../deps.js';
import { listServices, listTeams } from '../../directory/directory.service.js';
import { AppError, fieldErrors } from '../../errors.js';
import { formBody } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

/** "reason: alias, alias" per line ⇄ the taxonomy. */
const taxonomyText = (t: Array<{ reason: string; aliases: string[] }>) =>
  t.map((r) => `${r.reason}${r.aliases.length ? `: ${r.aliases.join(', ')}` : ''}`).join('\n');
const parseTaxonomy = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(':');
      return at < 0
        ? { reason: line, aliases: [] }
        : {
            reason: line.slice(0, at).trim(),
            aliases: line
              .slice(at + 1)
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean),
          };
    });

/** "PagerDuty service = Chorus service" per line ⇄ the PagerDuty mapping. */
const mappingText = (deps: Deps) =>
  listPagerdutyMappings(deps)
    .mappings.map((m) => `${m.pagerduty_service} = ${m.service}`)
    .join('\n');
const parseMappings = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf('=');
      return {
        pagerduty_service: at < 0 ? line : line.slice(0, at).trim(),
        service: at < 0 ? '' : line.slice(at + 1).trim(),
      };
    });
/** The custom metrics as the form edits them (JSON, one metric per line). */
const metricsText = (metrics: unknown[]) =>
  metrics.length ? `[\n${metrics.map((m) => `  ${JSON.stringify(m)}`).join(',\n')}\n]` : '';
function parseMetrics(text: string): unknown {
  if (!text.trim()) return [];
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return 'not JSON';
  }
}

function showDefinitions(res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const defs = getDefinitions(deps);
  renderPage(
    res,
    'delivery/admin-definitions',
    {
      title: 'Delivery definitions',
      form: {
        ...defs,
        taxonomy: taxonomyText(defs.failure_reasons),
        incident_link_hours: defs.incident_link_hours ?? '',
        custom_metrics: metricsText(defs.custom_metrics),
        pagerduty_services: mappingText(deps),
      },
      labelFields: LABEL_KEYS.map((key) => ({ key, value: defs.labels[key] })),
      years: TIER_YEARS,
      benchmark: benchmarkOptions(defs.benchmark_edition),
      ...extra,
    },
    { status },
  );
}

/** The Quick Check editions, and the industries and sizes of the edition in force, for the form's selects. */
function benchmarkOptions(edition: string) {
  const choices = benchmarkChoices();
  const current = choices.find((c) => c.edition === edition) ?? choices[choices.length - 1];
  return {
    editions: choices.map((c) => c.edition),
    industries: current?.industries ?? [],
    sizes: current?.sizes ?? [],
  };
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function showWindows(
  res: Response,
  deps: Deps,
  extra: { form?: Record<string, unknown>; [k: string]: unknown } = {},
  status = 200,
) {
  const form = extra.form ?? { timezone: 'UTC', start: '09:00', end: '16:00', weekdays: ['1', '2', '3', '4'] };
  const chosen = new Set([form.weekdays ?? []].flat().map(String));
  const owner = text(form.owner);
  renderPage(
    res,
    'delivery/admin-windows',
    {
      title: 'Deployment windows',
      windows: listWindows(deps),
      owners: [
        ...listTeams(deps).map((t) => ({
          value: `team:${t.key}`,
          label: `Team: ${t.name} (${t.key})`,
          selected: owner === `team:${t.key}`,
        })),
        ...listServices(deps).map((s) => ({
          value: `service:${s.name}`,
          label: `Service: ${s.name}`,
          selected: owner === `service:${s.name}`,
        })),
      ],
      weekdayOptions: DAY_NAMES.map((name, i) => ({ value: String(i + 1), name, checked: chosen.has(String(i + 1)) })),
      ...extra,
      form,
    },
    { status },
  );
}

/** A posted value as text ('' unless it is a string). */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Admin pages: delivery definitions and deployment windows. */
export const deliveryAdminPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/definitions',
    policy: 'page:admin',
    summary: 'Edit delivery definitions',
    handler: (req, res, deps) =>
      showDefinitions(res, deps, { saved: req.query.saved ? 'Definitions saved; every report now uses them.' : null }),
  },
  {
    method: 'post',
    path: '/admin/definitions',
    policy: 'page:admin',
    summary: 'Save delivery definitions',
    handler: (req, res, deps) => {
      const b = formBody(req);
      const labels = Object.fromEntries(LABEL_KEYS.map((k) => [k, text(b[`label_${k}`])]));
      try {
        // Definitions and the PagerDuty mapping are saved together or not at all.
        deps.db.transaction(() => {
          updateDefinitions(deps, {
            labels,
            headline: b.headline,
            production_environment: b.production_environment,
            tier_year: b.tier_year,
            deploy_workflow_pattern: b.deploy_workflow_pattern,
            benchmark_edition: b.benchmark_edition,
            benchmark_industry: b.benchmark_industry,
            benchmark_org_size: text(b.benchmark_org_size),
            failure_reasons: parseTaxonomy(text(b.taxonomy)),
            // A form without these fields (an older page) keeps them as they are.
            incident_link_hours: 'incident_link_hours' in b ? text(b.incident_link_hours).trim() : undefined,
            custom_metrics: 'custom_metrics' in b ? parseMetrics(text(b.custom_metrics)) : undefined,
          });
          if (!('pagerduty_services' in b)) return;
          try {
            replacePagerdutyMappings(deps, { mappings: parseMappings(text(b.pagerduty_services)) });
          } catch (err) {
            if (err instanceof AppError && err.status === 422)
              throw err.withDetails(err.details.map((d) => ({ ...d, field: `pagerduty_services.${d.field}` })));
            throw err;
          }
        })();
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        const errors = fieldErrors(
          err.details.map((d) => ({
            ...d,
            field: d.field.startsWith('labels.')
              ? `label_${d.field.slice(7)}`
              : d.field.startsWith('failure_reasons')
                ? 'taxonomy'
                : d.field.startsWith('pagerduty_services.')
                  ? 'pagerduty_services'
                  : d.field.startsWith('custom_metrics')
                    ? 'custom_metrics'
                    : d.field,
            message:
              d.field.startsWith('custom_metrics.') || d.field.startsWith('pagerduty_services.')
                ? `${d.field.replace(/^pagerduty_services\./, '')}: ${d.message}`
                : d.message,
          })),
        );
        return showDefinitions(
          res,
          deps,
          {
            errors,
            form: { ...b, taxonomy: b.taxonomy },
            labelFields: LABEL_KEYS.map((key) => ({ key, value: labels[key] })),
          },
          422,
        );
      }
      res.redirect(303, '/admin/definitions?saved=1');
    },
  },
  {
    method: 'get',
    path: '/admin/windows',
    policy: 'page:admin',
    summary: 'Deployment windows',
    handler: (req, res, deps) => showWindows(res, deps, { saved: req.query.saved ? 'Saved.' : null }),
  },
  {
    method: 'post',
    path: '/admin/windows',
    policy: 'page:admin',
    summary: 'Add a deployment window',
    handler: (req, res, deps) => {
      const b = formBody(req);
      const owner = text(b.owner);
      const weekdays = [b.weekdays ?? []].flat().map(String);
      const input = {
        ...(owner.startsWith('team:')
          ? { team: owner.slice(5) }
          : owner.startsWith('service:')
            ? { service: owner.slice(8) }
            : {}),
        weekdays,
        start: b.start,
        end: b.end,
        timezone: b.timezone,
        label: b.label || undefined,
      };
      try {
        createWindows(deps, input);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        const errors = fieldErrors(
          err.details.map((d) => ({
            ...d,
            field: d.field === 'team' || d.field === 'service' ? 'owner' : d.field.split('.')[0],
          })),
        );
        return showWindows(res, deps, { errors, form: { ...b, weekdays } }, 422);
      }
      res.redirect(303, '/admin/windows?saved=1');
    },
  },
  {
    method: 'post',
    path: '/admin/windows/:id/delete',
    policy: 'page:admin',
    summary: 'Remove a deployment window',
    handler: (req, res, deps) => {
      deleteWindow(deps, String(req.params.id));
      res.redirect(303, '/admin/windows?saved=1');
    },
  },
];
