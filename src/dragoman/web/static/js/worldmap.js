// The map of event locations (overview, dyad, actor and events pages): country outlines from world-atlas
// (TopoJSON, served by this app) in an equirectangular projection as SVG, and one dot per place and quad
// class, its area the number of events, its colour the quad class. The events come from the GeoJSON URL in
// the box's data-geojson attribute (the page's own filters, counted per place and quad class by the server:
// properties.events, properties.event_id the newest), or one feature per event. No tiles, nothing from
// elsewhere.
(function () {
  'use strict';
  var box = document.getElementById('worldmap');
  if (!box) { return; }
  var SVG = 'http://www.w3.org/2000/svg';
  var QUAD_NAMES = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };
  var OFFSETS = { 0: [0, 0], 1: [-1, -1], 2: [1, -1], 3: [-1, 1], 4: [1, 1] };

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function ringPath(ring) {
    // a ring that crosses the antimeridian (Russia, Fiji) is unwrapped into one continuous shape that runs past
    // 180 degrees (outside the map), rather than drawn back across the whole map
    var shift = 0;
    return ring.map(function (p, i) {
      if (i) {
        var step = p[0] - ring[i - 1][0];
        if (step > 180) { shift -= 360; } else if (step < -180) { shift += 360; }
      }
      return (i ? 'L' : 'M') + (p[0] + shift).toFixed(2) + ' ' + (-p[1]).toFixed(2);
    }).join('') + 'Z';
  }
  function featurePath(geometry) {
    if (!geometry) { return ''; }
    var polys = geometry.type === 'Polygon' ? [geometry.coordinates] :
      geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    return polys.map(function (poly) { return poly.map(ringPath).join(''); }).join('');
  }
  function groups(features) {
    var byKey = {};
    features.forEach(function (f) {
      var c = f.geometry.coordinates, p = f.properties, q = p.quad_class || 0;
      var key = c[0].toFixed(2) + ',' + c[1].toFixed(2) + ',' + q;
      var g = byKey[key] || (byKey[key] = { lon: c[0], lat: c[1], quad: q, place: p.place || '', events: 0, id: null });
      g.events += p.events || 1;
      g.id = g.id || p.event_id || f.id;
    });
    return Object.keys(byKey).map(function (k) { return byKey[k]; });
  }
  function view(points) {
    if (!points.length) { return [-180, -90, 360, 180]; }
    var lons = points.map(function (p) { return p.lon; }), lats = points.map(function (p) { return -p.lat; });
    var x0 = Math.min.apply(null, lons), x1 = Math.max.apply(null, lons);
    var y0 = Math.min.apply(null, lats), y1 = Math.max.apply(null, lats);
    var w = Math.max((x1 - x0) * 1.2 + 24, 40), h = Math.max((y1 - y0) * 1.2 + 16, 20);
    if (w / h > 2) { h = w / 2; } else { w = h * 2; }
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    w = Math.min(w, 360); h = Math.min(h, 180);
    return [Math.max(-180, Math.min(180 - w, cx - w / 2)), Math.max(-90, Math.min(90 - h, cy - h / 2)), w, h];
  }

  function draw(collection, topo) {
    var features = (collection.features || []).filter(function (f) { return f.geometry; });
    var points = groups(features);
    var v = view(points);
    var unit = v[2] / 180;  // dots keep their size on screen whatever the zoom
    var svg = el('svg', { viewBox: v.join(' '), class: 'mapsvg', preserveAspectRatio: 'xMidYMid meet' });
    svg.appendChild(el('rect', { x: -180, y: -90, width: 360, height: 180, class: 'sea' }));
    var land = el('g', { class: 'land' });
    svg.appendChild(land);
    if (topo && window.topojson) {
      window.topojson.feature(topo, topo.objects.countries).features.forEach(function (f) {
        var path = el('path', { d: featurePath(f.geometry), class: 'country' });
        var title = el('title', {});
        title.textContent = (f.properties && f.properties.name) || '';
        path.appendChild(title);
        land.appendChild(path);
      });
    }
    var dots = el('g', { class: 'dots' });
    points.sort(function (a, b) { return b.events - a.events; }).forEach(function (p) {
      var off = OFFSETS[p.quad] || [0, 0];
      var r = unit * (0.9 + 0.8 * Math.sqrt(p.events));
      var link = p.events === 1 ? el('a', { href: '/event/' + p.id, class: 'dotlink' }) : el('g', {});
      var dot = el('circle', { cx: p.lon + off[0] * unit * 0.7, cy: -p.lat + off[1] * unit * 0.7, r: r,
                               class: 'evdot q' + p.quad, 'data-events': p.events });
      var title = el('title', {});
      title.textContent = (p.place ? p.place + ': ' : '') + p.events + ' event' + (p.events === 1 ? '' : 's') +
        ', ' + (QUAD_NAMES[p.quad] || 'no quad class');
      dot.appendChild(title);
      link.appendChild(dot);
      dots.appendChild(link);
    });
    svg.appendChild(dots);
    box.appendChild(svg);
    var located = points.reduce(function (n, p) { return n + p.events; }, 0);
    var count = document.getElementById('worldmap-count');
    if (count) {
      count.textContent = located + ' located event' + (located === 1 ? '' : 's') + ' at ' +
        points.length + ' place' + (points.length === 1 ? '' : 's') + ' and quad class' + (points.length === 1 ? '' : 'es');
    }
    box.setAttribute('data-events', String(located));
    box.setAttribute('data-ready', '1');
  }

  var events = fetch(box.getAttribute('data-geojson'), { credentials: 'same-origin' })
    .then(function (r) { return r.json(); });
  var atlas = typeof window.topojson === 'undefined' ? Promise.resolve(null) :
    fetch(box.getAttribute('data-atlas'), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); }).catch(function () { return null; });
  Promise.all([events, atlas]).then(function (both) { draw(both[0], both[1]); })
    .catch(function () { box.textContent = 'The events could not be loaded.'; box.setAttribute('data-ready', '1'); });
}());
