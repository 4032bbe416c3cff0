// A small offline map: country outlines from world-atlas (TopoJSON, served by this app) drawn as SVG in an
// equirectangular projection around the event's coordinates, with the place marked.
(function () {
  'use strict';
  var box = document.getElementById('map');
  if (!box) { return; }
  var point = JSON.parse(document.getElementById(box.getAttribute('data-source')).textContent);
  var SVG = 'http://www.w3.org/2000/svg';

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function ringPath(ring) {
    return ring.map(function (p, i) { return (i ? 'L' : 'M') + p[0].toFixed(2) + ' ' + (-p[1]).toFixed(2); })
      .join('') + 'Z';
  }
  function featurePath(geometry) {
    if (!geometry) { return ''; }
    var polys = geometry.type === 'Polygon' ? [geometry.coordinates] :
      geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    return polys.map(function (poly) { return poly.map(ringPath).join(''); }).join('');
  }

  var halfW = 32, halfH = 18;
  var x0 = Math.max(-180, Math.min(180 - 2 * halfW, point.lon - halfW));
  var y0 = Math.max(-90, Math.min(90 - 2 * halfH, -point.lat - halfH));
  var svg = el('svg', { viewBox: x0 + ' ' + y0 + ' ' + 2 * halfW + ' ' + 2 * halfH, class: 'mapsvg',
                        preserveAspectRatio: 'xMidYMid slice' });
  svg.appendChild(el('rect', { x: -180, y: -90, width: 360, height: 180, class: 'sea' }));
  var land = el('g', { class: 'land' });
  svg.appendChild(land);
  var dot = el('circle', { cx: point.lon, cy: -point.lat, r: 0.9, class: 'dot' });
  var halo = el('circle', { cx: point.lon, cy: -point.lat, r: 2.2, class: 'halo' });
  var label = el('text', { x: point.lon + 1.6, y: -point.lat - 1.2, class: 'maplabel' });
  label.textContent = point.name;
  svg.appendChild(halo);
  svg.appendChild(dot);
  svg.appendChild(label);
  box.appendChild(svg);

  if (typeof window.topojson === 'undefined') {
    box.setAttribute('data-ready', '1');
    return;
  }
  fetch(box.getAttribute('data-atlas'), { credentials: 'same-origin' })
    .then(function (r) { return r.json(); })
    .then(function (topo) {
      var world = window.topojson.feature(topo, topo.objects.countries);
      world.features.forEach(function (f) {
        var path = el('path', { d: featurePath(f.geometry), class: 'country' });
        var title = el('title', {});
        title.textContent = (f.properties && f.properties.name) || '';
        path.appendChild(title);
        land.appendChild(path);
      });
      box.setAttribute('data-ready', '1');
    })
    .catch(function () { box.setAttribute('data-ready', '1'); });
}());
