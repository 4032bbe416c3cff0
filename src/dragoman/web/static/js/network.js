// The country network (Cytoscape.js): nodes sized by events; a directed edge (arrow) for each way events go
// between two codes, weighted by the events that way and coloured by the pair's mean cooperation-conflict
// score. Click a node for its page, an arrow for the dyad in that direction.
(function () {
  'use strict';
  var box = document.getElementById('network');
  if (!box) { return; }
  if (typeof window.cytoscape === 'undefined') {
    box.classList.add('missing');
    box.textContent = 'The network library is not installed: run frontend/build.sh (make does it at set-up).';
    return;
  }
  var data = JSON.parse(document.getElementById(box.getAttribute('data-source')).textContent);

  // diverging scale: -10 red, 0 grey, +10 green (the quad-class palette's ends)
  function mix(a, b, t) {
    var out = '#';
    for (var i = 1; i < 7; i += 2) {
      var x = Math.round(parseInt(a.substr(i, 2), 16) * (1 - t) + parseInt(b.substr(i, 2), 16) * t);
      out += ('0' + x.toString(16)).slice(-2);
    }
    return out;
  }
  function scoreColour(score) {
    var t = Math.max(-1, Math.min(1, score / 6));
    return t < 0 ? mix('#9e9e9e', '#b2182b', -t) : mix('#9e9e9e', '#1b7837', t);
  }

  var maxNode = 1, maxEdge = 1;
  data.nodes.forEach(function (n) { maxNode = Math.max(maxNode, n.events); });
  data.edges.forEach(function (e) { maxEdge = Math.max(maxEdge, e.forward, e.backward); });
  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ data: { id: n.id, name: n.name, kind: n.kind, events: n.events,
                            size: 22 + 38 * Math.sqrt(n.events / maxNode) } });
  });
  data.edges.forEach(function (e) {
    [[e.source, e.target, e.forward], [e.target, e.source, e.backward]].forEach(function (way) {
      if (!way[2]) { return; }
      elements.push({ data: { id: way[0] + '>' + way[1], source: way[0], target: way[1], events: way[2],
                              mean: e.mean_score, colour: scoreColour(e.mean_score),
                              width: 1.2 + 7 * Math.sqrt(way[2] / maxEdge) } });
    });
  });

  var cy = window.cytoscape({
    container: box,
    elements: elements,
    minZoom: 0.3, maxZoom: 3,
    style: [
      { selector: 'node', style: {
        'width': 'data(size)', 'height': 'data(size)', 'background-color': '#3f6ea8', 'label': 'data(id)',
        'color': '#ffffff', 'font-size': 10, 'font-weight': 'bold', 'text-valign': 'center', 'text-halign': 'center',
        'border-width': 2, 'border-color': '#ffffff' } },
      { selector: 'node[kind = "group"]', style: { 'background-color': '#7a7a7a', 'shape': 'round-rectangle' } },
      { selector: 'edge', style: {
        'width': 'data(width)', 'line-color': 'data(colour)', 'curve-style': 'bezier', 'opacity': 0.85,
        'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(colour)', 'arrow-scale': 0.8 } },
      { selector: '.hover', style: { 'border-color': '#222222', 'opacity': 1 } }
    ],
    layout: { name: 'circle', animate: false }
  });
  cy.layout({ name: 'cose', randomize: false, animate: false, nodeRepulsion: function () { return 9000; },
              idealEdgeLength: function () { return 90; }, padding: 24, fit: true }).run();

  var info = document.createElement('p');
  info.className = 'network-info';
  info.textContent = 'Hover over a node or an edge.';
  box.parentNode.insertBefore(info, box.nextSibling);

  cy.on('mouseover', 'node', function (evt) {
    var n = evt.target.data();
    evt.target.addClass('hover');
    info.textContent = n.id + ' · ' + n.name + ': ' + n.events + ' events';
  });
  cy.on('mouseover', 'edge', function (evt) {
    var e = evt.target.data();
    evt.target.addClass('hover');
    info.textContent = e.source + ' → ' + e.target + ': ' + e.events + ' event' + (e.events === 1 ? '' : 's') +
      ' (the pair\'s mean score ' + (e.mean > 0 ? '+' : '') + e.mean + ')';
  });
  cy.on('mouseout', 'node, edge', function (evt) { evt.target.removeClass('hover'); });
  cy.on('tap', 'node', function (evt) {
    window.location.href = '/actor/' + encodeURIComponent(evt.target.id());
  });
  cy.on('tap', 'edge', function (evt) {
    var e = evt.target.data();
    window.location.href = '/dyad/' + encodeURIComponent(e.source) + '/' + encodeURIComponent(e.target) + '?directed=1';
  });
  box.setAttribute('data-ready', '1');
  window.dragomanNetwork = cy;
}());
