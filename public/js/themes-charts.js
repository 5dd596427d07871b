// Friction themes charts: sparklines on /themes and the monthly trend on /themes/:key.
// Data comes from <script type="application/json" id="themes-data">; months below the
// anonymity threshold are null and drawn as gaps.
(function () {
  'use strict';
  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }
  ready(function () {
    var el = document.getElementById('themes-data');
    if (!el || typeof window.Chart === 'undefined') return;
    var themes;
    try {
      themes = JSON.parse(el.textContent || '[]');
    } catch {
      return;
    }
    var css = getComputedStyle(document.documentElement);
    var colour = (css.getPropertyValue('--unfav') || '#c2410c').trim();
    var byKey = {};
    themes.forEach(function (t) {
      byKey[t.key] = t;
    });
    var charts = [];
    var pct = function (v) {
      return v === null || v === undefined ? null : Math.round(v * 1000) / 10;
    };

    document.querySelectorAll('canvas[data-theme-spark]').forEach(function (canvas) {
      var t = byKey[canvas.getAttribute('data-theme-spark')];
      if (!t || t.trend.length < 2) return;
      charts.push(
        new window.Chart(canvas, {
          type: 'line',
          data: {
            labels: t.trend.map(function (p) {
              // A period the window covers only in part is labelled so: its share is not a full month's.
              return p.partial ? p.period + ' (partial: ' + p.weeks + ' wk)' : p.period;
            }),
            datasets: [
              {
                data: t.trend.map(function (p) {
                  return pct(p.share);
                }),
                borderColor: colour,
                borderWidth: 2,
                pointRadius: 2,
                spanGaps: false,
                tension: 0.2,
              },
            ],
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: {
              legend: { display: false },
              tooltip: {
                callbacks: {
                  label: function (c) {
                    return c.parsed.y + ' %';
                  },
                },
              },
            },
            scales: { x: { display: false }, y: { display: false, min: 0, suggestedMax: 50 } },
          },
        }),
      );
    });

    document.querySelectorAll('canvas[data-theme-trend]').forEach(function (canvas) {
      var t = byKey[canvas.getAttribute('data-theme-trend')];
      if (!t) return;
      charts.push(
        new window.Chart(canvas, {
          type: 'line',
          data: {
            labels: t.trend.map(function (p) {
              // A period the window covers only in part is labelled so: its share is not a full month's.
              return p.partial ? p.period + ' (partial: ' + p.weeks + ' wk)' : p.period;
            }),
            datasets: [
              {
                label: 'Share of commenters (%)',
                data: t.trend.map(function (p) {
                  return pct(p.share);
                }),
                borderColor: colour,
                backgroundColor: colour,
                borderWidth: 2,
                pointRadius: 3,
                pointStyle: t.trend.map(function (p) {
                  return p.partial ? 'rectRot' : 'circle';
                }),
                spanGaps: false,
                tension: 0.2,
              },
              {
                label: '95 % interval (high)',
                data: t.trend.map(function (p) {
                  return p.ci95 ? pct(p.ci95[1]) : null;
                }),
                borderWidth: 0,
                pointRadius: 0,
                fill: '+1',
                backgroundColor: 'rgba(194, 65, 12, 0.15)',
                spanGaps: false,
              },
              {
                label: '95 % interval (low)',
                data: t.trend.map(function (p) {
                  return p.ci95 ? pct(p.ci95[0]) : null;
                }),
                borderWidth: 0,
                pointRadius: 0,
                fill: false,
                spanGaps: false,
              },
            ],
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: { legend: { display: false } },
            scales: {
              y: {
                min: 0,
                suggestedMax: 60,
                ticks: {
                  callback: function (v) {
                    return v + ' %';
                  },
                },
              },
            },
          },
        }),
      );
    });

    // Printing lays the page out at paper width: each chart follows its box again, so it never
    // keeps its screen width and runs over the table beside or below it.
    var follow = function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    };
    window.addEventListener('beforeprint', follow);
    window.addEventListener('afterprint', follow);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      if (print.addEventListener) print.addEventListener('change', follow);
    }
  });
})();
