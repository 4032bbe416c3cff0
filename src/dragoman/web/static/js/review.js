// Review panel: posts the analyst's judgement as JSON with the operator's token (Authorization: Bearer), shows the
// answer in place. The token is kept for this tab only (sessionStorage), the reviewer's name across visits.
(function () {
  'use strict';
  var TOKEN = 'dragoman.review.token';
  var REVIEWER = 'dragoman.review.reviewer';

  function value(form, name) {
    var field = form.elements[name];
    return field ? String(field.value || '').trim() : '';
  }

  function judgement(form) {
    var checked = form.querySelector('input[name="verdict"]:checked');
    var body = { verdict: checked ? checked.value : 'correct' };
    var note = value(form, 'note');
    var reviewer = value(form, 'reviewer');
    if (note) { body.note = note; }
    if (reviewer) { body.reviewer = reviewer; }
    if (body.verdict === 'corrected') {
      ['event', 'mode', 'actor', 'recipient'].forEach(function (name) {
        var v = value(form, name);
        if (v) { body[name] = name === 'mode' ? v : v.toUpperCase(); }
      });
      if (form.elements.no_recipient && form.elements.no_recipient.checked) { body.recipient = null; }
    }
    return body;
  }

  function describe(j) {
    var text = j.verdict;
    if (j.verdict === 'corrected') {
      var parts = [];
      if (j.event_type) { parts.push(j.event_type); }
      if (j.mode) { parts.push('mode ' + j.mode); }
      if (j.actor_code) { parts.push('actor ' + j.actor_code); }
      if (j.recipient_code) { parts.push('recipient ' + j.recipient_code); }
      if (j.no_recipient) { parts.push('no recipient'); }
      text += ' to ' + parts.join(' · ');
    }
    return text + ' by ' + j.reviewer;
  }

  function setup(form) {
    var status = form.querySelector('.status');
    var latest = form.parentNode.querySelector('[data-review-latest]');
    try {
      form.elements.token.value = window.sessionStorage.getItem(TOKEN) || '';
      form.elements.reviewer.value = window.localStorage.getItem(REVIEWER) || '';
    } catch (e) { /* storage may be disabled: the fields stay empty */ }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var id = value(form, 'event_id');
      var token = value(form, 'token');
      status.className = 'status';
      if (!token) {
        status.textContent = 'Enter the API token to save a judgement.';
        status.classList.add('error');
        return;
      }
      try {
        window.sessionStorage.setItem(TOKEN, token);
        window.localStorage.setItem(REVIEWER, value(form, 'reviewer'));
      } catch (e) { /* not remembered */ }
      status.textContent = 'Saving…';
      fetch('/api/events/' + encodeURIComponent(id) + '/judgement', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token },
        body: JSON.stringify(judgement(form))
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok) {
          status.textContent = 'Not saved: ' + (answer.data.message || 'error');
          status.classList.add('error');
          return;
        }
        status.textContent = 'Saved: event ' + answer.data.event_id + ' ' + describe(answer.data) + '.';
        status.classList.add('ok');
        if (latest) { latest.textContent = 'Latest: ' + describe(answer.data); }
      }).catch(function () {
        status.textContent = 'Not saved: the server did not answer.';
        status.classList.add('error');
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form.review-form'), setup);
}());
