/* Chorus benchmark charts: for each canvas[data-benchmark], the industry's distribution on the DORA
   Quick Check's 0–10 scale (a normal curve from the published mean and standard deviation) and a
   marker where we stand. Reads the JSON named by data-benchmark; every figure is also in the page's
   text, so the page works without this file. */
(function () {
  'use strict';
  var C = { curve: '#8a96a3', fill: 'rgba(138, 150, 163, 0.25)', us: '#1c64c8', mean: '#52606d' };
  var charts = [];

  function readData(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || 'null');
    } catch {
      return null;
    }
  }

  function density(x, mean, std) {
    var z = (x - mean) / std;
    return Math.exp(-0.5 * z * z) / (std * Math.sqrt(2 * Math.PI));
  }

  function draw(canvas, item, industry) {
    var curve = [];
    var top = 0;
    for (var i = 0; i <= 100; i++) {
      var x = i / 10;
      var y = item.std > 0 ? density(x, item.mean, item.std) : 0;
      if (y > top) top = y;
      curve.push({ x: x, y: y });
    }
    var datasets = [
      {
        label: industry + ' (normal approximation)',
        data: curve,
        borderColor: C.curve,
        backgroundColor: C.fill,
        borderWidth: 1.5,
        fill: 'origin',
        pointRadius: 0,
        tension: 0,
      },
    ];
    if (typeof item.score === 'number') {
      datasets.push({
        label: 'We are here (' + item.score + ')',
        data: [
          { x: item.score, y: 0 },
          { x: item.score, y: top * 1.08 },
        ],
        borderColor: C.us,
        backgroundColor: C.us,
        borderWidth: 3,
        pointRadius: [0, 4],
        fill: false,
      });
    }
    return new window.Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        parsing: true,
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: function (ctx) {
              return ctx.datasetIndex === 1;
            },
          },
        },
        scales: {
          // The whole Quick Check scale, always: a position is never stretched to look extreme.
          x: {
            type: 'linear',
            min: 0,
            max: 10,
            ticks: { stepSize: 2 },
            title: { display: true, text: 'score 0–10 (higher is better)' },
          },
          y: { beginAtZero: true, ticks: { display: false }, title: { display: true, text: 'share' } },
        },
      },
    });
  }

  function resizeAll() {
    charts.forEach(function (c) {
      c.resize();
    });
  }

  function drawAll() {
    if (!window.Chart) return;
    var cache = {};
    document.querySelectorAll('canvas[data-benchmark]').forEach(function (canvas) {
      var id = canvas.getAttribute('data-benchmark');
      if (!(id in cache)) cache[id] = readData(id);
      var data = cache[id];
      var item = data && data.items[Number(canvas.getAttribute('data-index'))];
      if (item) charts.push(draw(canvas, item, data.industry));
    });
    // Printing lays the page out again at paper width: follow the boxes there and back.
    window.addEventListener('beforeprint', resizeAll);
    window.addEventListener('afterprint', resizeAll);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      if (print.addEventListener) print.addEventListener('change', resizeAll);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
