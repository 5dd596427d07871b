/* Chorus delivery charts (/teams/:key/delivery): reads the JSON embedded in #delivery-data and
   draws it with chart.js. No inline scripts; the page's tables carry every figure without JS. */
(function () {
  'use strict';
  var C = { ok: '#1c64c8', fail: '#c2410c', neutral: '#8a96a3', idle: '#e8a33d', ink: '#1f2933' };
  var REASONS = ['#c2410c', '#e8a33d', '#7a3e00', '#8a96a3', '#5b8fd6', '#52606d', '#b8c4ce', '#1c64c8'];
  var el = document.getElementById('delivery-data');
  if (!el || !window.Chart) return;
  var data;
  try {
    data = JSON.parse(el.textContent || 'null');
  } catch {
    return;
  }
  if (!data) return;
  var base = { responsive: true, maintainAspectRatio: false, animation: false };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new window.Chart(canvas, config);
  }

  draw('chart-weekly', {
    type: 'bar',
    data: {
      labels: data.weekly.labels,
      datasets: [
        { label: 'Successful', data: data.weekly.success, backgroundColor: C.ok, stack: 's' },
        { label: 'Failed', data: data.weekly.failed, backgroundColor: C.fail, stack: 's' },
      ],
    },
    options: Object.assign({}, base, {
      scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'deployments' } } },
    }),
  });

  draw('chart-lead', {
    type: 'line',
    data: {
      labels: data.lead.labels,
      datasets: [
        {
          label: data.lead.label + ' (median h)',
          data: data.lead.median,
          borderColor: C.ok,
          backgroundColor: C.ok,
          spanGaps: true,
          pointRadius: 2,
        },
      ],
    },
    options: Object.assign({}, base, {
      scales: { y: { title: { display: true, text: 'hours' }, beginAtZero: true } },
      plugins: {
        tooltip: {
          callbacks: {
            afterLabel: function (ctx) {
              return 'n = ' + data.lead.n[ctx.dataIndex] + ' commits';
            },
          },
        },
      },
    }),
  });

  draw('chart-reasons', {
    type: 'bar',
    data: {
      labels: data.reasons.labels,
      datasets: data.reasons.series.map(function (s, i) {
        return { label: s.reason, data: s.counts, backgroundColor: REASONS[i % REASONS.length], stack: 'r' };
      }),
    },
    options: Object.assign({}, base, {
      scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'failed deployments' } } },
    }),
  });

  draw('chart-cost', {
    type: 'line',
    data: {
      labels: data.cost.labels,
      datasets: [
        { label: 'Cost', data: data.cost.cost, borderColor: C.ok, backgroundColor: C.ok, pointRadius: 0 },
        {
          label: 'Idle cost',
          data: data.cost.idle,
          borderColor: C.idle,
          backgroundColor: 'rgba(232, 163, 61, 0.25)',
          fill: 'origin',
          pointRadius: 0,
        },
      ],
    },
    options: Object.assign({}, base, {
      scales: { y: { beginAtZero: true, title: { display: true, text: 'USD per day' } } },
    }),
  });
})();
