// Survey results: horizontal stacked bars of favorable / neutral / unfavorable shares per question.
// Data comes from <script type="application/json" id="results-chart-data"> (no inline scripts).
(function () {
  'use strict';
  var source = document.getElementById('results-chart-data');
  var canvas = document.getElementById('results-chart');
  if (!source || !canvas || typeof window.Chart === 'undefined') return;
  var rows = JSON.parse(source.textContent || '[]');
  if (!rows.length) return;
  var css = getComputedStyle(document.documentElement);
  var colour = function (name, fallback) {
    return (css.getPropertyValue(name) || '').trim() || fallback;
  };
  var pct = function (v) {
    return v === null || v === undefined ? 0 : Math.round(v * 1000) / 10;
  };
  // Height follows the number of questions (set from JS: the CSP forbids style attributes in HTML).
  canvas.parentElement.style.height = Math.max(180, rows.length * 40 + 70) + 'px';
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map(function (r) {
        return r.label + ' (n=' + r.n + ')';
      }),
      datasets: [
        {
          label: 'Favorable',
          data: rows.map(function (r) {
            return pct(r.favorable);
          }),
          backgroundColor: colour('--fav', '#1c64c8'),
        },
        {
          label: 'Neutral',
          data: rows.map(function (r) {
            return pct(r.neutral);
          }),
          backgroundColor: colour('--neutral', '#8a96a3'),
        },
        {
          label: 'Unfavorable',
          data: rows.map(function (r) {
            return pct(r.unfavorable);
          }),
          backgroundColor: colour('--unfav', '#c2410c'),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          stacked: true,
          min: 0,
          max: 100,
          ticks: {
            callback: function (v) {
              return v + '%';
            },
          },
        },
        y: { stacked: true },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            title: function (items) {
              return rows[items[0].dataIndex].text;
            },
            label: function (item) {
              return item.dataset.label + ': ' + item.parsed.x.toFixed(1) + '% (n=' + rows[item.dataIndex].n + ')';
            },
          },
        },
      },
    },
  });
})();
