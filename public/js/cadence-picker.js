// Survey editor schedule picker: shows only the controls the chosen rhythm uses, and refreshes the
// next five run dates from GET /api/v1/cadence/preview as the admin picks. Without JavaScript the
// page shows every control and the server-rendered dates ("Show run dates" re-renders them).
(() => {
  const box = document.querySelector('[data-cadence-picker]');
  if (!box) return;
  const form = box.closest('form');
  const field = (name) => form.elements.namedItem(name);
  const value = (name) => (field(name) ? String(field(name).value).trim() : '');
  const preview = box.querySelector('#cadence-preview');
  const refreshButton = box.querySelector('[data-cadence-refresh]');

  function showControls() {
    const rhythm = value('rhythm');
    for (const el of box.querySelectorAll('[data-show-for]')) {
      el.hidden = !el.dataset.showFor.split(' ').includes(rhythm);
    }
  }

  /** The same text the server builds from the picker (survey-editor.cadence.ts cadenceFromForm). */
  function cadenceText() {
    const rhythm = value('rhythm');
    const time = value('cadence_time') || '10:00';
    const weekday = value('cadence_weekday') || 'monday';
    if (rhythm === 'weekly') return `weekly on ${weekday} ${time}`;
    if (rhythm === 'weeks') return `every ${value('cadence_every') || '2'} weeks on ${weekday} ${time}`;
    if (rhythm === 'monthly' || rhythm === 'quarterly')
      return `${rhythm} on the ${value('cadence_week') || 'first'} ${weekday} ${time}`;
    if (rhythm === 'cron') return value('cadence_cron');
    return '';
  }

  function render(body) {
    preview.replaceChildren();
    const p = document.createElement('p');
    if (body.error) {
      p.className = 'muted';
      p.textContent = `No run dates: ${body.error.details?.[0]?.message ?? body.error.message}`;
      preview.append(p);
      return;
    }
    const strong = document.createElement('strong');
    strong.textContent = body.description;
    p.append(strong, body.next.length ? `, ${body.timezone}. Next runs (not saved yet):` : '.');
    preview.append(p);
    if (!body.next.length) return;
    const list = document.createElement('ol');
    list.className = 'cadence-preview__runs';
    for (const run of body.next) {
      const item = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = run.at;
      time.textContent = run.label;
      item.append(time);
      list.append(item);
    }
    preview.append(list);
  }

  let timer;
  let latest = 0;
  async function refresh() {
    const ask = ++latest;
    const params = new URLSearchParams({
      cadence: cadenceText(),
      timezone: value('timezone'),
      starts_on: value('starts_on'),
    });
    if (box.dataset.survey) params.set('survey', box.dataset.survey);
    try {
      const res = await fetch(`/api/v1/cadence/preview?${params}`, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      const body = await res.json();
      if (ask === latest) render(body);
    } catch {
      // Offline or the session ended: keep the dates shown; "Show run dates" still works.
    }
  }

  const changed = () => {
    showControls();
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  box.addEventListener('change', changed);
  box.addEventListener('input', changed);
  if (refreshButton) refreshButton.hidden = true;
  box.dataset.ready = 'true';
  showControls();
})();
