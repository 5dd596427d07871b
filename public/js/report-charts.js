/* Chorus report charts: reads data embedded as <script type="application/json"> and draws it with
   chart.js. No inline scripts; pages work without this file (every chart has a table beside it). */
(function () {
  'use strict';
  var COLORS = {
    fav: '#1c64c8',
    band: 'rgba(28, 100, 200, 0.15)',
    neutral: '#8a96a3',
    unfav: '#c2410c',
    ink: '#1f2933',
  };
  var REASON_COLORS = ['#c2410c', '#1c64c8', '#8a96a3', '#e8a33d', '#5b8fd6', '#7a3e00', '#52606d', '#b8c4ce'];

  function readData(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || 'null');
    } catch (e) {
      return null;
    }
  }

  /* A line per series with a shaded band between its low and high values (the 95 % interval). */
  function trendBand(canvas, data) {
    var datasets = [];
    data.series.forEach(function (s) {
      var hasBand =
        s.low &&
        s.low.some(function (v) {
          return v !== null;
        });
      if (hasBand) {
        datasets.push({
          label: s.label + ' (95% CI high)',
          data: s.high,
          borderWidth: 0,
          pointRadius: 0,
          fill: false,
          spanGaps: true,
          backgroundColor: COLORS.band,
        });
        datasets.push({
          label: s.label + ' (95% CI low)',
          data: s.low,
          borderWidth: 0,
          pointRadius: 0,
          fill: '-1',
          spanGaps: true,
          backgroundColor: COLORS.band,
        });
      }
      datasets.push({
        label: s.label,
        data: s.values,
        borderColor: COLORS.fav,
        backgroundColor: COLORS.fav,
        borderWidth: 2,
        pointRadius: 3,
        fill: false,
        spanGaps: false,
      });
    });
    return new window.Chart(canvas, {
      type: 'line',
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: {
            labels: {
              filter: function (item) {
                return item.text.indexOf('95% CI') === -1;
              },
            },
          },
        },
        scales: { y: { title: { display: true, text: data.unit || '' } } },
      },
    });
  }

  /* One horizontal bar of failed deployments stacked by reason. */
  function stackedReasons(canvas, data) {
    var datasets = data.reasons.map(function (r, i) {
      return { label: r.reason, data: [r.count], backgroundColor: REASON_COLORS[i % REASON_COLORS.length] };
    });
    return new window.Chart(canvas, {
      type: 'bar',
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true } },
      },
    });
  }

  var DRAW = { 'trend-band': trendBand, 'stacked-reasons': stackedReasons };

  function drawAll() {
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.addEventListener('click', function () {
        window.print();
      });
    });
    if (!window.Chart) return;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var draw = DRAW[canvas.getAttribute('data-chart')];
      var data = readData(canvas.getAttribute('data-source'));
      if (draw && data) draw(canvas, data);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
