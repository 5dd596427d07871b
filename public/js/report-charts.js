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
    } catch {
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
        // Twice the screen's pixels at least: the canvas stays sharp on paper and in a PDF.
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        plugins: {
          legend: {
            // One line needs no legend: the axis title names it.
            display: data.series.length > 1,
            labels: {
              filter: function (item) {
                return item.text.indexOf('95% CI') === -1;
              },
            },
          },
        },
        // Labels are skipped rather than slanted when the periods are many or the chart is small.
        scales: { x: { ticks: { maxRotation: 0, autoSkip: true } }, y: yScale(data) },
      },
    });
  }

  /* The value axis: a fixed range when the data names one (a 0–100 score), else from zero, so a
     small change is never drawn as a cliff. */
  function yScale(data) {
    var y = { title: { display: true, text: data.unit || '' }, beginAtZero: true };
    if (typeof data.min === 'number') y.min = data.min;
    if (typeof data.max === 'number') y.max = data.max;
    if (y.min === 0 && y.max === 100) y.ticks = { stepSize: 25 };
    return y;
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

  /* One horizontal bar per group of a breakdown (hidden groups are not in the data). */
  function groupBars(canvas, data) {
    return new window.Chart(canvas, {
      type: 'bar',
      data: { labels: data.labels, datasets: [{ label: data.unit, data: data.values, backgroundColor: COLORS.fav }] },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: yScale(data) },
      },
    });
  }

  var DRAW = { 'trend-band': trendBand, 'stacked-reasons': stackedReasons, 'group-bars': groupBars };
  var charts = [];

  /* Printing lays the page out again at paper width. Browsers fire beforeprint before that layout,
     so a chart whose box names its print size (--print-width / --print-height in the stylesheet)
     is redrawn to exactly that size; the others follow their box once the print layout applies.
     Afterwards each chart follows its box again. */
  function toPx(value) {
    var m = /^\s*([\d.]+)(mm|px)\s*$/.exec(value || '');
    if (!m) return null;
    return m[2] === 'mm' ? (Number(m[1]) * 96) / 25.4 : Number(m[1]);
  }
  function toPrintSize() {
    charts.forEach(function (chart) {
      var style = window.getComputedStyle(chart.canvas.parentNode);
      var width = toPx(style.getPropertyValue('--print-width'));
      var height = toPx(style.getPropertyValue('--print-height'));
      if (width && height) chart.resize(Math.round(width), Math.round(height));
      else chart.resize();
    });
  }
  function toScreenSize() {
    charts.forEach(function (chart) {
      chart.resize();
    });
  }
  function watchPrint() {
    window.addEventListener('beforeprint', toPrintSize);
    window.addEventListener('afterprint', toScreenSize);
    if (!window.matchMedia) return;
    var print = window.matchMedia('print');
    var onChange = function (e) {
      if (e.matches) toPrintSize();
      else toScreenSize();
    };
    if (print.addEventListener) print.addEventListener('change', onChange);
    else if (print.addListener) print.addListener(onChange);
  }

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
      if (draw && data) charts.push(draw(canvas, data));
    });
    watchPrint();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
