// Article page: bring the chosen event's entry into view in the side list (the text scrolls to #sel by itself).
(function () {
  'use strict';
  var side = document.querySelector('.sidelist');
  var chosen = side && side.querySelector('li.chosen');
  if (!chosen) { return; }
  side.scrollTop += chosen.getBoundingClientRect().top - side.getBoundingClientRect().top - 48;
}());
