/* Chorus key-drivers quadrant: each survey item by favorability (x, %) and Spearman's rho with the
   outcome (y). The two medians split the plot; the top-left quadrant (below-median favorability,
   above-median rho) is shaded and labelled "Look first". Reads its data from the
   <script type="application/json"> named by the canvas; the table beside it holds every number. */
(function () {
  'use strict';
  var INK = '#1f2933';
  var FOCUS = '#c2410c';
  var OTHER = '#1c64c8';
  var SHADE = 'rgba(194, 65, 12, 0.08)';
  var LINE = 'rgba(82, 96, 109, 0.6)';

  function readData(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || 'null');
    } catch {
      return null;
    }
  }

  /* Shades the focus quadrant, draws the median lines and names each point. */
  var quadrant = {
    id: 'driversQuadrant',
    beforeDatasetsDraw: function (chart) {
      var m = chart.options.plugins.driversQuadrant;
      if (!m || m.x === null || m.y === null) return;
      var x = chart.scales.x,
        y = chart.scales.y,
        area = chart.chartArea,
        ctx = chart.ctx;
      var mx = x.getPixelForValue(m.x),
        my = y.getPixelForValue(m.y);
      ctx.save();
      ctx.fillStyle = SHADE;
      ctx.fillRect(area.left, area.top, Math.max(0, mx - area.left), Math.max(0, my - area.top));
      ctx.strokeStyle = LINE;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(mx, area.top);
      ctx.lineTo(mx, area.bottom);
      ctx.moveTo(area.left, my);
      ctx.lineTo(area.right, my);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = FOCUS;
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText('Look first', area.left + 6, area.top + 4);
      ctx.restore();
    },
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillStyle = INK;
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach(function (ds, i) {
        chart.getDatasetMeta(i).data.forEach(function (pt, j) {
          var label = ds.data[j].label;
          var right = pt.x + 6 + ctx.measureText(label).width > chart.chartArea.right;
          ctx.textAlign = right ? 'right' : 'left';
          ctx.fillText(label, right ? pt.x - 6 : pt.x + 6, pt.y);
        });
      });
      ctx.restore();
    },
  };

  function draw(canvas, data) {
    var focus = data.points.filter(function (p) {
      return p.focus;
    });
    var rest = data.points.filter(function (p) {
      return !p.focus;
    });
    var ys = data.points.map(function (p) {
      return p.y;
    });
    var low = Math.min.apply(null, ys.concat([0]));
    var high = Math.max.apply(null, ys.concat([0.5]));
    return new window.Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'Look first', data: focus, backgroundColor: FOCUS, pointRadius: 5, pointStyle: 'rectRot' },
          { label: 'Other items', data: rest, backgroundColor: OTHER, pointRadius: 4 },
        ],
      },
      plugins: [quadrant],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        layout: { padding: { right: 8 } },
        plugins: {
          legend: { display: false },
          driversQuadrant: data.medians,
          tooltip: {
            callbacks: {
              label: function (c) {
                return c.raw.label + ': ' + Math.round(c.raw.x) + '% favorable, ρ ' + c.raw.y.toFixed(2);
              },
            },
          },
        },
        scales: {
          x: { min: 0, max: 100, title: { display: true, text: 'Favorable (%)' } },
          y: {
            min: Math.floor(low * 10) / 10,
            max: Math.min(1, Math.ceil(high * 10) / 10 + 0.1),
            title: { display: true, text: 'Association with the rating (ρ)' },
          },
        },
      },
    });
  }

  function drawAll() {
    if (!window.Chart) return;
    var charts = [];
    document.querySelectorAll('canvas[data-drivers-chart]').forEach(function (canvas) {
      var data = readData(canvas.getAttribute('data-drivers-chart'));
      if (data && data.points) charts.push(draw(canvas, data));
    });
    /* Printing lays the page out at paper width: follow the box there and back. */
    var resize = function () {
      charts.forEach(function (c) {
        c.resize();
      });
    };
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      if (print.addEventListener) print.addEventListener('change', resize);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
