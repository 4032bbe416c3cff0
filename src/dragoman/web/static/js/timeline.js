// Timeline charts (Chart.js): events per period stacked by quad class, and the summed cooperation-conflict
// score as a line on its own axis. Data comes from a <script type="application/json"> block named by the
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
    datasets.push({
      type: 'line', label: 'summed score', yAxisID: 'score', borderColor: '#3949ab', backgroundColor: '#3949ab',
      data: periods.map(function (p) { return p.score; }), borderWidth: 2, pointRadius: 2.5, tension: 0.2,
      order: -1
    });
    var chart = new window.Chart(canvas, {
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'events' } },
          score: {
            position: 'right', grid: { drawOnChartArea: false },
            title: { display: true, text: 'cooperation-conflict score (sum)', color: '#3949ab' },
            ticks: { color: '#3949ab' }
          }
        },
        plugins: { legend: { display: false } },
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
