import type { Request, Response } from 'express';
import type { Deps } from '../../deps.js';
import {
  listPeople,
  listServices,
  listTeams,
  upsertPeople,
  upsertServices,
  upsertTeams,
} from '../../directory/directory.service.js';
import { CsvImportError, importPeopleCsv } from '../../directory/people-import.service.js';
import { peopleLocales, setWorkspaceLocale, workspaceLocale } from '../../i18n/localize.js';
import { LOCALE_NAMES, SUPPORTED_LOCALES, supportedLocale } from '../../i18n/locales.js';
import { listAttributeKeys, updateAttributeKeys, withAttributes } from '../../attributes/attributes.service.js';
import { attributeError, attributesText, formList, parseAttributesText } from './attributes-form.js';
import { AppError, fieldErrors } from '../../errors.js';
import { noteAudit } from '../audit-hook.js';
import { formText } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

const PAGE_SIZE = 100;

/** Runs a one-item upsert from a form; answers field errors instead of throwing validation errors. */
function fromForm(run: () => unknown): Record<string, string> | null {
  try {
    run();
    return null;
  } catch (err) {
    if (err instanceof AppError && err.status === 422) return fieldErrors(err.details);
    throw err;
  }
}

function showTeams(res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const teams = listTeams(deps);
  const headcount = new Map(
    listPeople(deps)
      .filter((p) => p.active)
      .reduce((m, p) => m.set(p.teamId, (m.get(p.teamId) ?? 0) + 1), new Map<number, number>()),
  );
  renderPage(
    res,
    'admin/teams',
    {
      title: 'Teams',
      teams: teams.map((t) => ({ ...t, headcount: headcount.get(t.id) ?? 0 })),
      ...extra,
    },
    { status },
  );
}

function showPeople(req: Request, res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const team = typeof req.query.team === 'string' ? req.query.team : '';
  const search = typeof req.query.q === 'string' ? req.query.q.trim().toLowerCase() : '';
  const page = Math.max(1, Number(req.query.page) || 1);
  const locales = peopleLocales(deps);
  const people = withAttributes(deps, listPeople(deps)).map((p) => ({
    ...p,
    attributeList: Object.entries(p.attributes).map(([key, value]) => ({ key, value })),
    locale: locales.get(p.id)?.locale ?? null,
    slackLocale: locales.get(p.id)?.slackLocale ?? null,
  }));
  // ?edit=<email> fills the form with that person, attributes and start date included.
  const editing = typeof req.query.edit === 'string' ? people.find((p) => p.email === req.query.edit) : undefined;
  if (editing && !extra.form) {
    extra = {
      ...extra,
      form: {
        email: editing.email,
        name: editing.name,
        team: editing.teamKey,
        slack_user_id: editing.slackUserId,
        active: editing.active,
        channel: editing.channel,
        start_date: editing.startDate ?? '',
        attributes: attributesText(editing.attributes),
        locale: editing.locale ?? '',
      },
    };
  }
  const all = people.filter(
    (p) =>
      (!team || p.teamKey === team) && (!search || p.email.includes(search) || p.name.toLowerCase().includes(search)),
  );
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  renderPage(
    res,
    'admin/people',
    {
      title: 'People',
      people: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      total: all.length,
      pageNo: page,
      pages,
      prev: page > 1 ? page - 1 : null,
      next: page < pages ? page + 1 : null,
      filter: { team, q: search },
      teams: listTeams(deps),
      attributeKeys: listAttributeKeys(deps),
      languages: SUPPORTED_LOCALES.map((l) => ({
        locale: l,
        name: LOCALE_NAMES[l],
        current: l === workspaceLocale(deps),
      })),
      ...extra,
    },
    { status },
  );
}

function showServices(res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  renderPage(
    res,
    'admin/services',
    { title: 'Services', services: listServices(deps), teams: listTeams(deps), ...extra },
    { status },
  );
}

/** Admin pages to list and edit teams, people and services (same services as the API). */
export const adminDirectoryPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/teams',
    policy: 'page:admin',
    summary: 'Teams',
    handler: (_req, res, deps) => showTeams(res, deps),
  },
  {
    method: 'post',
    path: '/admin/teams',
    policy: 'page:admin',
    summary: 'Add or edit a team',
    handler: (req, res, deps) => {
      const form = { key: formText(req, 'key'), name: formText(req, 'name'), parent: formText(req, 'parent') || null };
      const errors = fromForm(() => upsertTeams(deps, form));
      if (errors) return showTeams(res, deps, { errors, form }, 422);
      showTeams(res, deps, { saved: `Team "${form.key}" saved.` });
    },
  },
  {
    method: 'get',
    path: '/admin/people',
    policy: 'page:admin',
    summary: 'People',
    handler: (req, res, deps) => showPeople(req, res, deps),
  },
  {
    method: 'post',
    path: '/admin/people',
    policy: 'page:admin',
    summary: 'Add or edit a person',
    handler: (req, res, deps) => {
      const form = {
        email: formText(req, 'email'),
        name: formText(req, 'name'),
        team: formText(req, 'team'),
        slack_user_id: formText(req, 'slack_user_id') || null,
        active: formText(req, 'active') === 'true' || formText(req, 'active') === 'on',
        channel: formText(req, 'channel') || 'auto',
        start_date: formText(req, 'start_date').trim() || null,
        attributes: formText(req, 'attributes_text'),
        locale: formText(req, 'locale').trim() || null,
      };
      // The form is the whole record: an emptied attributes box or start date clears them.
      const parsed = parseAttributesText(form.attributes);
      const errors =
        'error' in parsed
          ? { attributes: parsed.error }
          : fromForm(() => upsertPeople(deps, { ...form, attributes: parsed.attributes }));
      if (errors)
        return showPeople(req, res, deps, { errors: { ...errors, attributes: attributeError(errors) }, form }, 422);
      showPeople(req, res, deps, { saved: `${form.email} saved.` });
    },
  },
  {
    method: 'post',
    path: '/admin/people/language',
    policy: 'page:admin',
    summary: "Set the workspace's default survey language",
    handler: (req, res, deps) => {
      const locale = supportedLocale(formText(req, 'default_locale'));
      if (!locale) {
        return showPeople(req, res, deps, { languageError: `must be one of ${SUPPORTED_LOCALES.join(', ')}` }, 422);
      }
      setWorkspaceLocale(deps, locale);
      showPeople(req, res, deps, { saved: `Default survey language: ${LOCALE_NAMES[locale]}.` });
    },
  },
  {
    method: 'post',
    path: '/admin/people/import',
    policy: 'page:admin',
    summary: 'Import people from pasted CSV (all rows or none)',
    handler: (req, res, deps) => {
      const csv = formText(req, 'csv');
      try {
        const result = importPeopleCsv(deps, csv);
        noteAudit(res, { details: { accepted: result.accepted, updated: result.duplicates } });
        const added = result.accepted - result.duplicates;
        showPeople(req, res, deps, {
          saved: `Imported ${result.accepted} ${result.accepted === 1 ? 'person' : 'people'}: ${added} new, ${result.duplicates} updated.`,
        });
      } catch (err) {
        if (!(err instanceof CsvImportError)) throw err;
        showPeople(req, res, deps, { importError: err.message, importRows: err.rows.slice(0, 200), csv }, 422);
      }
    },
  },
  {
    method: 'post',
    path: '/admin/people/attributes',
    policy: 'page:admin',
    summary: 'Choose which attribute keys may slice reports',
    handler: (req, res, deps) => {
      const keys = listAttributeKeys(deps).map((k) => k.key);
      const chosen = new Set(formList(req, 'reportable'));
      updateAttributeKeys(deps, { attributes: keys.map((key) => ({ key, reportable: chosen.has(key) })) });
      noteAudit(res, { details: { reportable: keys.filter((k) => chosen.has(k)) } });
      showPeople(req, res, deps, { saved: 'Reportable attributes saved.', savedAttributes: true });
    },
  },
  {
    method: 'get',
    path: '/admin/services',
    policy: 'page:admin',
    summary: 'Services',
    handler: (_req, res, deps) => showServices(res, deps),
  },
  {
    method: 'post',
    path: '/admin/services',
    policy: 'page:admin',
    summary: 'Add or edit a service',
    handler: (req, res, deps) => {
      const form = { name: formText(req, 'name'), team: formText(req, 'team') };
      const errors = fromForm(() => upsertServices(deps, form));
      if (errors) return showServices(res, deps, { errors, form }, 422);
      showServices(res, deps, { saved: `Service "${form.name}" saved.` });
    },
  },
];
