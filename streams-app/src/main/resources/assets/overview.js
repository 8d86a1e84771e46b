// The overview without reloads: sorts, filters and searches in the browser what the server does for the
// query (?band=&q=&sort=), and re-reads /api/partners every 5 seconds unless paused. Rows are built with
// DOM calls and textContent only, never from HTML text: a partner's words cannot become markup.
(function () {
  'use strict';
  var PERIOD_MS = 5000;
  var BANDS = ['RED', 'AMBER', 'GREEN'];
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var MINUS = '\u2212', NONE = '\u2013';

  document.documentElement.classList.add('js');

  function start() {
    var form = document.getElementById('overview');
    var table = document.getElementById('partners');
    if (!form || !table) { return; }
    var storyTime = form.getAttribute('data-story-time') === 'true';
    var params = new URLSearchParams(window.location.search);
    var sortParam = params.get('sort') || 'score';
    var state = {
      band: (params.get('band') || 'ALL').toUpperCase(),
      q: (params.get('q') || '').trim(),
      sort: sortParam.replace(/^-/, ''),
      reversed: sortParam.charAt(0) === '-',
      partners: null,
      paused: false,
      incomplete: []
    };
    if (['score', 'name', 'change', 'time-in-band', 'our-side'].indexOf(state.sort) < 0) { state.sort = 'score'; state.reversed = false; }
    if (BANDS.indexOf(state.band) < 0) { state.band = 'ALL'; }

    var bandFilter = document.getElementById('band-filter');
    var search = document.getElementById('search');
    var pause = document.getElementById('pause-updates');
    var updatedAt = document.getElementById('updated-at');
    var apply = document.getElementById('apply-filters');
    if (apply) { apply.hidden = true; } // the list follows every change at once

    form.addEventListener('submit', function (e) { e.preventDefault(); });
    bandFilter.addEventListener('change', function () { state.band = bandFilter.value; changed(); });
    search.addEventListener('input', function () { state.q = search.value.trim(); changed(); });
    Array.prototype.forEach.call(table.querySelectorAll('button[data-sort]'), function (b) {
      b.addEventListener('click', function (e) {
        e.preventDefault();
        var column = b.getAttribute('data-sort');
        state.reversed = column === state.sort ? !state.reversed : false;
        state.sort = column;
        changed();
      });
    });
    pause.hidden = false;
    pause.addEventListener('click', function () {
      state.paused = !state.paused;
      pause.setAttribute('aria-pressed', String(state.paused));
      pause.textContent = state.paused ? 'Resume updates' : 'Pause updates';
      if (!state.paused) { refresh(); }
    });

    function changed() {
      var q = new URLSearchParams();
      if (state.band !== 'ALL') { q.set('band', state.band); }
      if (state.q) { q.set('q', state.q); }
      q.set('sort', (state.reversed ? '-' : '') + state.sort);
      window.history.replaceState(null, '', '/?' + q.toString());
      render();
    }

    function refresh() {
      if (state.paused) { return; }
      fetch('/api/partners', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) {
          if (!r.ok) { throw new Error('HTTP ' + r.status); }
          return r.json();
        })
        .then(function (listing) {
          state.partners = listing.partners || [];
          state.incomplete = listing.incomplete || [];
          render();
          stamp('Updated ', new Date(), false);
        })
        .catch(function (err) {
          stamp('Update failed (' + err.message + '); trying again. Last good update ', null, true);
        });
    }

    function stamp(prefix, when, failed) {
      if (failed) {
        var t = updatedAt.querySelector('time');
        updatedAt.textContent = prefix;
        if (t) { updatedAt.appendChild(t); }
        return;
      }
      updatedAt.textContent = prefix;
      var time = document.createElement('time');
      time.setAttribute('datetime', when.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      time.textContent = dateTime(when);
      updatedAt.appendChild(time);
    }

    function now() {
      if (!storyTime || !state.partners || state.partners.length === 0) { return new Date(); }
      var latest = 0;
      state.partners.forEach(function (p) { var t = Date.parse(p.computedAt); if (t > latest) { latest = t; } });
      return new Date(latest);
    }

    function keeps(p) {
      if (state.band !== 'ALL' && p.band !== state.band) { return false; }
      if (!state.q) { return true; }
      var s = state.q.toLowerCase();
      return p.partnerId.toLowerCase().indexOf(s) >= 0 || name(p).toLowerCase().indexOf(s) >= 0;
    }

    // the same orders as OverviewPage.Query: natural order per column, unknowns last either way, id breaks ties
    function compare(a, b) {
      var c = 0, unknownA, unknownB;
      if (state.sort === 'name') {
        c = name(a).toLowerCase() < name(b).toLowerCase() ? -1 : name(a).toLowerCase() > name(b).toLowerCase() ? 1 : 0;
      } else if (state.sort === 'change' || state.sort === 'time-in-band' || state.sort === 'our-side') {
        var field = state.sort === 'change' ? 'change7d' : state.sort === 'our-side' ? 'ourSide' : 'bandSince';
        var va = a[field], vb = b[field];
        unknownA = va === null || va === undefined; unknownB = vb === null || vb === undefined;
        if (unknownA || unknownB) {
          c = unknownA === unknownB ? 0 : unknownA ? 1 : -1;
          return c !== 0 ? c : (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0);
        }
        c = state.sort === 'time-in-band' ? Date.parse(va) - Date.parse(vb) : vb - va;
      } else {
        c = b.score - a.score;
      }
      if (state.reversed) { c = -c; }
      return c !== 0 ? c : (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0);
    }

    function render() {
      if (state.partners === null) { return; }
      var shown = state.partners.filter(keeps).sort(compare);
      var reference = now();
      var body = table.tBodies[0];
      var rows = document.createDocumentFragment();
      shown.forEach(function (p) { rows.appendChild(row(p, reference)); });
      body.replaceChildren(rows);
      counts();
      headers();
      caption(shown.length);
      var none = document.getElementById('no-partners');
      if (none) { none.hidden = shown.length > 0; }
    }

    function counts() {
      BANDS.forEach(function (b) {
        var n = state.partners.filter(function (p) { return p.band === b; }).length;
        var el = document.querySelector('#band-counts [data-band="' + b + '"] .count');
        if (el) { el.textContent = String(n); }
      });
    }

    function headers() {
      Array.prototype.forEach.call(table.querySelectorAll('button[data-sort]'), function (b) {
        var column = b.getAttribute('data-sort');
        var th = b.closest('th');
        var mark = b.querySelector('.sort-mark');
        if (column === state.sort) {
          var ascendingNatural = column === 'name' || column === 'time-in-band';
          th.setAttribute('aria-sort', ascendingNatural !== state.reversed ? 'ascending' : 'descending');
          if (mark) { mark.textContent = state.reversed ? ' \u25b2' : ' \u25bc'; }
          b.value = state.reversed ? column : '-' + column;
        } else {
          th.removeAttribute('aria-sort');
          if (mark) { mark.textContent = ''; }
          b.value = column;
        }
      });
      var hidden = form.querySelector('input[type=hidden][name=sort]');
      if (hidden) { hidden.value = (state.reversed ? '-' : '') + state.sort; }
    }

    function caption(shown) {
      var all = state.partners.length;
      var orders = {
        'name': ['by name, A to Z', 'by name, Z to A'],
        'change': ['largest 7-day rise first', 'largest 7-day fall first'],
        'time-in-band': ['longest time in band first', 'shortest time in band first'],
        'our-side': ['highest our-side score first', 'lowest our-side score first'],
        'score': ['highest score first', 'lowest score first']
      };
      var which = shown === all ? all + ' partners' : shown + ' of ' + all + ' partners';
      if (state.band !== 'ALL') { which += ', ' + state.band + ' only'; }
      if (state.q) { which += ', matching \u201c' + state.q + '\u201d'; }
      table.caption.textContent = which + '; ' + orders[state.sort][state.reversed ? 1 : 0];
    }

    function row(p, reference) {
      var tr = el('tr');
      tr.setAttribute('data-partner-id', p.partnerId);
      tr.setAttribute('data-band', p.band);
      var band = cell(tr, 'band', 'Band');
      band.appendChild(badge(p.band));
      if (p.unacknowledgedAlerts > 0) {
        band.appendChild(document.createTextNode(' '));
        band.appendChild(el('span', 'alerts-open', count(p.unacknowledgedAlerts, 'new alert')));
      }
      var score = cell(tr, 'score', 'Score');
      score.appendChild(document.createTextNode(String(p.score)));
      score.appendChild(trend(p));
      var nameCell = cell(tr, 'name', 'Partner');
      var a = el('a', null, name(p));
      a.href = '/partners/' + encodeURIComponent(p.partnerId);
      nameCell.appendChild(a);
      nameCell.appendChild(el('small', 'id', p.partnerId));
      change(tr, 'change-7d', '7 days', p.change7d);
      change(tr, 'change-30d', '30 days', p.change30d);
      var since = cell(tr, 'band-since', 'In band since');
      if (p.bandSince) {
        var at = new Date(Date.parse(p.bandSince));
        since.appendChild(document.createTextNode(p.band + ' since '));
        since.appendChild(time(at));
        since.appendChild(el('small', 'span', span(reference - at)));
      } else {
        since.appendChild(el('span', 'muted', 'unknown'));
      }
      var ours = cell(tr, 'our-side-score', 'Our side');
      if (p.ourSide === null || p.ourSide === undefined) {
        var dash = el('span', null, NONE);
        dash.setAttribute('aria-hidden', 'true');
        ours.appendChild(dash);
        ours.appendChild(el('span', 'visually-hidden', 'not computed'));
      } else {
        ours.textContent = String(p.ourSide);
      }
      var owner = cell(tr, 'owner', 'Owner');
      if (p.owner) { owner.textContent = p.owner; } else { owner.appendChild(el('span', 'muted', 'no owner')); }
      var reason = cell(tr, 'reason', 'First reason');
      if (p.reason) { linked(reason, p.reason); } else { reason.appendChild(el('span', 'muted', 'no risk found')); }
      return tr;
    }

    function change(tr, cls, label, delta) {
      var known = delta !== null && delta !== undefined;
      var td = cell(tr, cls + ' ' + (!known ? 'unknown' : delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat'), label);
      var shown = el('span', null, !known ? NONE : delta > 0 ? '+' + delta : delta < 0 ? MINUS + (-delta) : '0');
      shown.setAttribute('aria-hidden', 'true');
      td.appendChild(shown);
      td.appendChild(el('span', 'visually-hidden', !known ? 'no score ' + label + ' ago to compare with'
        : delta > 0 ? 'up ' + delta + ' since ' + label + ' ago' : delta < 0 ? 'down ' + (-delta) + ' since ' + label + ' ago'
        : 'unchanged since ' + label + ' ago'));
    }

    function trend(p) {
      var wrap = document.createDocumentFragment();
      wrap.appendChild(document.createTextNode(' '));
      if (p.previousScore === null || p.previousScore === undefined) {
        wrap.appendChild(el('span', 'trend', 'new'));
        return wrap;
      }
      var d = p.score - p.previousScore;
      var words = d > 0 ? 'up from ' + p.previousScore : d < 0 ? 'down from ' + p.previousScore : 'unchanged';
      var t = el('span', 'trend ' + (d > 0 ? 'up' : d < 0 ? 'down' : 'flat'));
      t.title = words;
      var glyph = el('span', null, d > 0 ? '\u25b2' : d < 0 ? '\u25bc' : '\u25ac');
      glyph.setAttribute('aria-hidden', 'true');
      t.appendChild(glyph);
      t.appendChild(el('span', 'visually-hidden', words));
      wrap.appendChild(t);
      return wrap;
    }

    refresh();
    window.setInterval(refresh, PERIOD_MS);
  }

  function name(p) { return p.partnerName && p.partnerName.trim() ? p.partnerName : p.partnerId; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function cell(tr, cls, label) {
    var td = el('td', cls);
    td.setAttribute('data-label', label);
    tr.appendChild(td);
    return td;
  }

  function badge(band) { return el('span', 'badge band-' + band, band); }

  function count(n, unit) { return n + ' ' + unit + (n === 1 ? '' : 's'); }

  function date(d) { return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear(); }

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function dateTime(d) { return date(d) + ', ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ' UTC'; }

  function time(d) {
    var t = el('time', null, date(d));
    t.setAttribute('datetime', d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    t.title = dateTime(d);
    return t;
  }

  // as Humane.span on the server
  function span(ms) {
    if (ms < 0) { ms = 0; }
    var minutes = Math.floor(ms / 60000);
    if (minutes < 1) { return 'under a minute'; }
    if (minutes < 60) { return count(minutes, 'minute'); }
    var hours = Math.floor(minutes / 60);
    if (hours < 48) { return count(hours, 'hour'); }
    var days = Math.floor(hours / 24);
    if (days < 21) { return count(days, 'day'); }
    if (days < 70) { return count(Math.floor(days / 7), 'week'); }
    if (days < 730) { return count(Math.round(days / 30.44), 'month'); }
    return count(Math.floor(days / 365), 'year');
  }

  // as HtmlText.prose: ISO dates outside links written for people
  function dated(parent, text) {
    var re = /\b(\d{4})-(\d{2})-(\d{2})\b/g, at = 0, m;
    while ((m = re.exec(text)) !== null) {
      var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      if (isNaN(d.getTime()) || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
        parent.appendChild(document.createTextNode(m[0]));
      } else {
        var t = el('time', null, date(d));
        t.setAttribute('datetime', m[0]);
        parent.appendChild(t);
      }
      at = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // as HtmlText.prose: only http(s) URLs become links
  function linked(parent, text) {
    var re = /https?:\/\/[^\s"'<>]+/gi, at = 0, m;
    while ((m = re.exec(text)) !== null) {
      var url = m[0];
      while (url.length > 0 && '.,;:)]!?'.indexOf(url.charAt(url.length - 1)) >= 0) { url = url.slice(0, -1); }
      dated(parent, text.slice(at, m.index));
      var a = el('a', null, url);
      a.href = url;
      a.rel = 'noopener noreferrer nofollow';
      parent.appendChild(a);
      at = m.index + url.length;
      re.lastIndex = at;
    }
    dated(parent, text.slice(at));
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
