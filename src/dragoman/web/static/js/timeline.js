// Timeline charts (Chart.js): events per period stacked by quad class, and the cooperation-conflict score
// (summed or mean per period) as a line on its own axis, whose 0 sits level with the events axis's 0. Empty
// periods are gaps (null), not zeros. Data comes from a <script type="application/json"> block named by the
// canvas's data-source attribute. Clicking a bar lists that period's events.
(function () {
  'use strict';
  var QUADS = [
    ['verbal_coop', 'verbal cooperation', '#7fbf7b'],
    ['material_coop', 'material cooperation', '#1b7837'],
    ['verbal_conflict', 'verbal conflict', '#f4a582'],
    ['material_conflict', 'material conflict', '#b2182b']
  ];

  function periodBounds(period) {
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(period)) { return [period, period]; }
    return null;  // weeks and 'undated' are not drill-down targets
  }

  function drill(period) {
    var bounds = periodBounds(period);
    if (!bounds) { return; }
    var url = new URL(window.location.href);
    if (document.body.classList.contains('page-dyad')) {
      url.searchParams.set('since', bounds[0]);
      url.searchParams.set('until', bounds[1]);
      url.searchParams.delete('page');
      url.hash = '';
      window.location.href = url.pathname + url.search;
    } else {
      var target = new URL('/events', window.location.origin);
      target.searchParams.set('since', bounds[0]);
      target.searchParams.set('until', bounds[1]);
      if (document.body.classList.contains('page-actor')) {
        var code = document.querySelector('h1 .code');
        if (code) { target.searchParams.set('party', code.textContent.trim()); }
      }
      window.location.href = target.pathname + target.search;
    }
  }

  // the next round number at or above v (1, 2, 2.5, 5 times a power of ten)
  function nice(v) {
    if (v <= 0) { return 0; }
    var step = Math.pow(10, Math.floor(Math.log10(v)));
    var m = [1, 2, 2.5, 5, 10].find(function (k) { return k * step >= v; });
    return m * step;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute('data-source'));
    if (!source) { return; }
    if (typeof window.Chart === 'undefined') {
      canvas.parentNode.classList.add('missing');
      canvas.parentNode.textContent = 'The chart library is not installed: run frontend/build.sh (make does it at set-up).';
      return;
    }
    var data = JSON.parse(source.textContent);
    var periods = data.periods || [];
    var labels = periods.map(function (p) { return p.period; });
    var datasets = QUADS.map(function (q) {
      return {
        type: 'bar', label: q[1], yAxisID: 'y', stack: 'events', backgroundColor: q[2],
        data: periods.map(function (p) { return p[q[0]]; }), borderWidth: 0, maxBarThickness: 42
      };
    });
    var mean = data.score === 'mean';
    var scores = periods.map(function (p) { return p.score; });
    datasets.push({
      type: 'line', label: mean ? 'mean score' : 'summed score', yAxisID: 'score', borderColor: '#3949ab',
      backgroundColor: '#3949ab', data: scores, borderWidth: 2, pointRadius: 2.5, tension: 0.2, spanGaps: false,
      order: -1
    });
    // both axes as [lo, hi] with 0 at the same height: the events axis reaches below 0 as far as the score
    // axis does (its negative ticks hidden); the score axis is made symmetric rather than squeeze the bars
    // into less than half the height
    var counts = periods.map(function (p) { return p.events || 0; });
    var yMax = nice(Math.max(1, Math.max.apply(null, counts)) * 1.05);
    var known = scores.filter(function (v) { return v !== null && v !== undefined; });
    var sHi = mean ? 10 : nice(Math.max(0, Math.max.apply(null, known.concat([0]))));
    var sLo = mean ? -10 : -nice(-Math.min(0, Math.min.apply(null, known.concat([0]))));
    if (sHi === 0 && sLo === 0) { sHi = 1; }
    if (-sLo > sHi) { sHi = -sLo; }
    var below = -sLo / sHi;  // how far below 0 the score axis goes, as a share of its height above 0
    var chart = new window.Chart(canvas, {
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, min: -yMax * below, max: yMax, title: { display: true, text: 'events' },
               ticks: { precision: 0, callback: function (v) { return v < 0 ? '' : v; } } },
          score: {
            position: 'right', grid: { drawOnChartArea: false }, min: sLo, max: sHi,
            title: { display: true, text: 'cooperation-conflict score (' + (mean ? 'mean' : 'sum') + ')', color: '#3949ab' },
            ticks: { color: '#3949ab' }
          }
        },
        plugins: { legend: { display: true, position: 'bottom', labels: { boxWidth: 12 } } },
        onClick: function (event, elements) {
          if (elements.length) { drill(labels[elements[0].index]); }
        }
      }
    });
    canvas.setAttribute('data-ready', '1');
    return chart;
  }

  document.querySelectorAll('canvas[data-source]').forEach(draw);
}());
