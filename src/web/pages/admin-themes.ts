import type { Response } from 'express';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { currentTaxonomy, saveTaxonomy } from '../../themes/taxonomy.service.js';
import type { ThemeDef } from '../../themes/taxonomy.js';
import { formText } from '../request.js';
import { principalOf, type RouteDef } from '../route.js';
import { renderPage } from '../views.js';

const lines = (list: string[]) => list.join('\n');
const asForm = (t: ThemeDef) => ({
  key: t.key,
  label: t.label,
  definition: t.definition,
  keywords: lines(t.keywords),
  phrases: lines(t.phrases),
  exclude: lines(t.exclude),
  owner: t.owner,
});

function showTaxonomy(
  res: Response,
  deps: Deps,
  extra: { editing?: string; form?: Record<string, string>; errors?: Record<string, string>; saved?: string } = {},
  status = 200,
) {
  const taxonomy = currentTaxonomy(deps);
  const themes = taxonomy.themes.map((t) =>
    extra.editing === t.key && extra.form ? { ...extra.form, errors: extra.errors } : asForm(t),
  );
  const isNew = extra.editing !== undefined && !taxonomy.themes.some((t) => t.key === extra.editing);
  renderPage(
    res,
    'themes/admin',
    {
      title: 'Theme taxonomy',
      version: taxonomy.version,
      themes,
      newTheme: isNew
        ? { ...extra.form, errors: extra.errors }
        : { key: '', label: '', definition: '', keywords: '', phrases: '', exclude: '', owner: 'other' },
      saved: extra.saved,
    },
    { status },
  );
}

/** Admin pages to edit the friction-theme taxonomy; every save is a new version and recounts. */
export const adminThemesPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/themes',
    policy: 'page:admin',
    summary: 'Theme taxonomy',
    handler: (_req, res, deps) => showTaxonomy(res, deps),
  },
  {
    method: 'post',
    path: '/admin/themes',
    policy: 'page:admin',
    summary: 'Add, edit or remove a theme (new taxonomy version)',
    handler: (req, res, deps) => {
      const text = (k: string) => formText(req, k);
      const form = {
        key: text('key').trim(),
        label: text('label'),
        definition: text('definition'),
        keywords: text('keywords'),
        phrases: text('phrases'),
        exclude: text('exclude'),
        owner: text('owner'),
      };
      const current = currentTaxonomy(deps).themes;
      const index = current.findIndex((t) => t.key === form.key);
      const remove = text('action') === 'remove';
      const themes: unknown[] = current.map((t) => ({ ...t }));
      // No owner chosen (an older form): the theme keeps its owner (saveTaxonomy).
      const submitted = { ...form, owner: form.owner || undefined };
      if (remove) themes.splice(index, index >= 0 ? 1 : 0);
      else if (index >= 0) themes[index] = submitted;
      else themes.push(submitted);
      const at = index >= 0 ? index : themes.length - 1;
      try {
        const saved = saveTaxonomy(deps, { themes }, principalOf(res)?.email ?? null);
        const what = remove ? `Theme "${form.key}" removed` : `Theme "${form.key}" saved`;
        showTaxonomy(res, deps, {
          saved: `${what}: version ${saved.version}, ${saved.recomputed} comments re-tagged.`,
        });
      } catch (err) {
        if (!(err instanceof AppError && err.status === 422)) throw err;
        const errors: Record<string, string> = {};
        for (const d of err.details) {
          const m = /^themes\.(\d+)\.(\w+)$/.exec(d.field);
          if (m && Number(m[1]) === at) errors[m[2]] ??= d.message;
          else errors.form ??= d.message;
        }
        showTaxonomy(res, deps, { editing: form.key, form, errors }, 422);
      }
    },
  },
];
