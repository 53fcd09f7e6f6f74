// The class board: reads GET /api/v1/board with the key from the page's #key=, follows the
// board event stream (polling every 2 s while the stream is down) and draws the class; with the
// trainer's token it adds the trainer's controls. Every text from the server goes into the page
// as text (textContent, text nodes), never as HTML: names and labels are typed by people.
'use strict';

(() => {
  const POLL_MS = 2000;
  const STREAM_RETRY_MS = 15000; // how often a refused event stream is tried again while polling
  const KEY_STORE = 'salesim.board.key';
  const MOODS = ['happy', 'neutral', 'sceptical', 'annoyed', 'leaving'];
  const PRESENCES = ['playing', 'away', 'left', 'removed', 'banned'];
  const VERDICTS = ['best', 'good', 'weak', 'poor', 'mistake'];

  // The key comes in the fragment (it never reaches a server log) and leaves the address bar at
  // once: the trainer's board may be on the projector. A reload finds it in this tab's storage.
  function readKey() {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
    if (fromHash) {
      try {
        sessionStorage.setItem(KEY_STORE, fromHash);
      } catch (e) {
        // Storage off: a reload then needs the URL again.
      }
      history.replaceState(null, '', location.pathname + location.search);
      return fromHash;
    }
    try {
      return sessionStorage.getItem(KEY_STORE) || '';
    } catch (e) {
      return '';
    }
  }

  const key = readKey();
  const state = {
    data: null,
    strings: {},
    stream: null,
    streamOpened: 0,
    pollTimer: 0,
    polling: false,
    offline: false,
    ended: false,
    notice: '',
    noticeTimer: 0,
    timers: new Map(), // point -> {left, at}: counted down here between the server's updates
  };

  // ---- [SECTION] Small helpers ----------------------------------------------------------------

  function t(name, vars) {
    let s = state.strings[name];
    if (typeof s !== 'string') s = name; // a missing string shows its key, so it gets noticed
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, (whole, v) => (Object.prototype.hasOwnProperty.call(vars, v) ? String(vars[v]) : whole));
    }
    return s;
  }

  function has(name) {
    return typeof state.strings[name] === 'string';
  }

  // el('p', {className: 'x'}, 'text', node): strings become text nodes.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [name, value] of Object.entries(props)) {
        if (name === 'className') node.className = value;
        else if (name === 'text') node.textContent = value;
        else if (name === 'dataset') Object.assign(node.dataset, value);
        else if (name === 'hidden') node.hidden = Boolean(value);
        else node.setAttribute(name, String(value));
      }
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function setText(node, text) {
    const s = text === null || text === undefined ? '' : String(text);
    if (node.textContent !== s) node.textContent = s;
  }

  function show(node, visible) {
    if (node.hidden === visible) node.hidden = !visible;
  }

  function setClass(node, name, on) {
    node.classList.toggle(name, Boolean(on));
  }

  function number(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  }

  // Rebuilds a list's children only when what it shows changed.
  function replaceIfChanged(container, signature, build) {
    if (container.dataset.sig === signature) return;
    container.dataset.sig = signature;
    container.replaceChildren(...build());
  }

  // Keeps one component per key in `container`, in the order of `items`: an item whose content
  // is unchanged keeps its elements (and an input's focus and text); a new one is created.
  function keyed(container, cache, items, keyOf, create) {
    const seen = new Set();
    let index = 0;
    for (const item of items) {
      const k = keyOf(item);
      seen.add(k);
      let entry = cache.get(k);
      if (!entry) {
        entry = create(item);
        entry.sig = null;
        cache.set(k, entry);
      }
      const sig = JSON.stringify(item);
      if (entry.sig !== sig || entry.stringsVersion !== stringsVersion) {
        entry.update(item);
        entry.sig = sig;
        entry.stringsVersion = stringsVersion;
      }
      const at = container.children[index];
      if (at !== entry.root) container.insertBefore(entry.root, at || null);
      index += 1;
    }
    for (const [k, entry] of cache) {
      if (!seen.has(k)) {
        entry.root.remove();
        cache.delete(k);
      }
    }
  }

  let stringsVersion = 0;

  // ---- [SECTION] Talking to the server ----------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      const message = body && body.error && typeof body.error.message === 'string' ? body.error.message : '';
      super(message || String(status));
      this.status = status;
      this.code = body && body.error ? body.error.code : '';
      this.serverMessage = message;
    }
  }

  async function request(path, options) {
    const headers = { Authorization: 'Bearer ' + key };
    const init = { headers, cache: 'no-store', credentials: 'omit' };
    if (options && options.body !== undefined) {
      init.method = 'POST';
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const response = await fetch(path, init);
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  function fetchBoard() {
    return request('/api/v1/board');
  }

  function onBoard(data) {
    if (!data || typeof data !== 'object' || !data.class) return;
    state.offline = false;
    render(data);
    if (data.class.ended) finish();
  }

  function onFailure(error) {
    if (error instanceof ApiError && (error.status === 410 || error.code === 'class_ended')) {
      if (state.data) {
        state.data.class.ended = true;
        render(state.data);
      }
      finish();
      return;
    }
    if (!state.data) {
      // Nothing shown yet: a refused key says so in the server's words; otherwise keep trying.
      if (error instanceof ApiError && error.serverMessage && error.status !== 503) {
        fatal(error.serverMessage);
        stopAll();
      }
      return;
    }
    state.offline = true;
    renderBanner();
  }

  // The class is over: the tokens no longer work, so stop asking and keep the last picture.
  function finish() {
    state.ended = true;
    stopAll();
    renderBanner();
  }

  function stopAll() {
    stopPolling();
    if (state.stream) {
      state.stream.close();
      state.stream = null;
    }
  }

  async function poll() {
    if (state.polling || state.ended) return;
    state.polling = true;
    try {
      onBoard(await fetchBoard());
      // A stream the browser gave up on (the server answered it with an error while restarting)
      // is opened again once the server answers.
      const closed = state.stream && state.stream.readyState === EventSource.CLOSED;
      if (closed && !state.ended && Date.now() - state.streamOpened > STREAM_RETRY_MS) {
        state.stream = null;
        openStream();
      }
    } catch (e) {
      onFailure(e);
    } finally {
      state.polling = false;
    }
  }

  function startPolling() {
    if (state.pollTimer || state.ended) return;
    state.pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (!state.pollTimer) return;
    clearInterval(state.pollTimer);
    state.pollTimer = 0;
  }

  function openStream() {
    if (state.ended) return;
    if (typeof EventSource !== 'function') {
      startPolling();
      return;
    }
    const stream = new EventSource('/api/v1/board/events?key=' + encodeURIComponent(key));
    state.stream = stream;
    state.streamOpened = Date.now();
    stream.addEventListener('board', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      stopPolling();
      onBoard(data);
    });
    // The browser reopens a dropped stream by itself (and gives up on a refused one); the board
    // polls meanwhile, and the next event from the stream stops the polling.
    stream.addEventListener('error', () => {
      if (state.ended) {
        stopAll();
        return;
      }
      startPolling();
      poll();
    });
  }

  async function start() {
    if (!key) {
      // No key in the page: the server's own refusal says what is wrong, in its language.
      try {
        onBoard(await fetchBoard());
      } catch (e) {
        onFailure(e);
      }
      return;
    }
    for (;;) {
      try {
        onBoard(await fetchBoard());
        break;
      } catch (e) {
        onFailure(e);
        if (document.getElementById('fatal').hidden === false) return;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
    openStream();
  }

  function fatal(message) {
    document.getElementById('spinner').hidden = true;
    const box = document.getElementById('fatal');
    box.textContent = message;
    box.hidden = false;
  }

  // ---- [SECTION] Trainer actions ----------------------------------------------------------------

  function notice(text) {
    state.notice = text;
    clearTimeout(state.noticeTimer);
    state.noticeTimer = setTimeout(() => {
      state.notice = '';
      renderBanner();
    }, 8000);
    renderBanner();
  }

  async function act(action, body, button) {
    if (button) button.disabled = true;
    try {
      await request('/api/v1/trainer/' + action, { body });
      state.notice = '';
      poll(); // the stream brings it too; this shows it at once if the stream is behind
    } catch (e) {
      if (e instanceof ApiError && e.serverMessage) notice(t('board.action_failed', { message: e.serverMessage }));
      else notice(t('board.action_failed', { message: t('board.offline') }));
    } finally {
      if (button) button.disabled = false;
      renderBanner();
    }
  }

  // ---- [SECTION] The page's frame ---------------------------------------------------------------

  const ui = {};
  const pointCache = new Map();
  const upcomingCache = new Map();
  const rosterCache = new Map();

  function section(className, headingTag) {
    const heading = el(headingTag || 'h2');
    const root = el('section', { className: 'panel ' + className }, heading);
    return { root, heading };
  }

  function buildFrame() {
    const app = document.getElementById('app');

    // The side: where to join, the class, the results, the exports and the class's controls.
    const join = section('join');
    ui.join = join.root;
    ui.joinHeading = join.heading;
    ui.address = el('p', { className: 'address' });
    ui.codeLabel = el('p', { className: 'code-label' });
    ui.code = el('p', { className: 'code' });
    ui.qr = el('img', { className: 'qr', src: '/qr.svg', width: 240, height: 240 });
    join.root.append(ui.address, ui.codeLabel, ui.code, ui.qr);

    const about = section('about');
    ui.scenario = about.heading;
    ui.meta = el('p', { className: 'meta' });
    ui.role = el('p', { className: 'role' });
    about.root.append(ui.meta, ui.role);

    const results = section('results');
    ui.resultsHeading = results.heading;
    ui.scores = el('dl', { className: 'scores' });
    ui.mistakesHeading = el('h3');
    ui.mistakes = el('ol', { className: 'mistakes' });
    ui.mistakesNone = el('p', { className: 'empty' });
    results.root.append(ui.scores, ui.mistakesHeading, ui.mistakes, ui.mistakesNone);

    // The trainer's bar: the class as a whole (exports, names, the end), above the class.
    ui.trainerBar = el('section', { className: 'panel trainer-bar' });
    ui.csv = el('a', { className: 'button link', download: '' });
    ui.xapi = el('a', { className: 'button link', download: '' });
    ui.exportsLabel = el('span', { className: 'bar-label' });
    ui.exports = el('span', { className: 'buttons' }, ui.exportsLabel, ui.csv, ui.xapi);
    ui.hideNames = el('input', { type: 'checkbox', id: 'hide-names' });
    ui.hideNamesText = el('span');
    ui.hideNamesLabel = el('label', { for: 'hide-names', className: 'toggle' }, ui.hideNames, ui.hideNamesText);
    ui.hideNames.addEventListener('change', () => act('names', { hidden: ui.hideNames.checked }, ui.hideNames));
    ui.end = el('button', { type: 'button', className: 'button danger' });
    ui.end.addEventListener('click', () => {
      if (window.confirm(t('board.end_confirm'))) act('end', {}, ui.end);
    });
    ui.classControls = el('span', { className: 'buttons' }, ui.hideNamesLabel, ui.end);
    ui.trainerBar.append(ui.exports, ui.classControls);

    const side = el('aside', { className: 'side' }, join.root, about.root, results.root);

    // The main area: news, the funnel, the decisions and the roster.
    ui.banner = el('p', { className: 'banner', role: 'status', hidden: true });

    const funnel = section('funnel');
    ui.funnelHeading = funnel.heading;
    ui.funnel = el('div', { className: 'funnel-rows' });
    funnel.root.append(ui.funnel);

    const points = section('points');
    ui.pointsHeading = points.heading;
    ui.points = el('div', { className: 'point-grid' });
    ui.pointsNone = el('p', { className: 'empty' });
    ui.upcomingHeading = el('h3', { className: 'upcoming-heading' });
    ui.upcoming = el('div', { className: 'upcoming-grid' });
    points.root.append(ui.points, ui.pointsNone, ui.upcomingHeading, ui.upcoming);

    const roster = section('roster');
    ui.rosterHeading = roster.heading;
    ui.roster = el('ol', { className: 'roster-grid' });
    ui.rosterNone = el('p', { className: 'empty' });
    roster.root.append(ui.roster, ui.rosterNone);

    const main = el('main', { className: 'main' }, ui.trainerBar, ui.banner, funnel.root, points.root, roster.root);
    app.replaceChildren(side, main);
  }

  // ---- [SECTION] Drawing the class ---------------------------------------------------------------

  function render(data) {
    const firstTime = !state.data;
    state.data = data;
    const cls = data.class;
    if (data.strings && typeof data.strings === 'object') {
      const before = JSON.stringify(state.strings);
      state.strings = data.strings;
      if (JSON.stringify(state.strings) !== before) stringsVersion += 1;
    }
    if (firstTime) {
      buildFrame();
      document.getElementById('spinner').hidden = true;
      document.getElementById('app').hidden = false;
    }
    if (typeof cls.lang === 'string' && cls.lang) document.documentElement.lang = cls.lang;
    const trainer = cls.trainer === true;
    document.body.classList.toggle('trainer', trainer);
    document.body.classList.toggle('ended', Boolean(cls.ended));

    renderSide(data, trainer);
    renderFunnel(data);
    renderPoints(data, trainer);
    renderRoster(data, trainer);
    renderBanner();
  }

  function labelOf(prefix, id) {
    return has(prefix + id) ? t(prefix + id) : String(id === null || id === undefined ? '' : id);
  }

  function renderSide(data, trainer) {
    const cls = data.class;
    const scenario = cls.scenario || {};
    const title = t('board.title');
    document.title = scenario.title ? title + ' · ' + scenario.title : title;

    // Once the class is over its code no longer works: no one should try it.
    show(ui.join, !cls.ended);
    setText(ui.joinHeading, t('board.join_at'));
    setText(ui.address, cls.address);
    setText(ui.codeLabel, t('board.code'));
    setText(ui.code, cls.code);
    if (ui.qr.alt !== t('board.qr_alt')) ui.qr.alt = t('board.qr_alt');

    setText(ui.scenario, scenario.title || scenario.id || '');
    const meta = [];
    if (cls.group) meta.push(t('board.group', { group: cls.group }));
    meta.push(labelOf('board.mode.', cls.mode));
    meta.push(labelOf('board.pacing.', cls.pacing));
    meta.push(labelOf('board.admission.', cls.admission));
    setText(ui.meta, meta.filter(Boolean).join(' · '));
    const role = [];
    if (trainer) role.push(t('board.trainer_view'));
    if (cls.names_hidden) role.push(t(trainer ? 'board.names_hidden_trainer' : 'board.names_hidden'));
    setText(ui.role, role.join(' '));
    show(ui.role, role.length > 0);

    // Results.
    setText(ui.resultsHeading, t('board.results'));
    const scores = data.scores || {};
    const mean = typeof scores.mean === 'number' ? String(Math.round(scores.mean)) : '–';
    replaceIfChanged(ui.scores, JSON.stringify([scores, stringsVersion]), () => [
      el('div', null, el('dt', { text: t('board.finished_count') }), el('dd', { text: String(number(scores.finished)) })),
      el('div', null, el('dt', { text: t('board.mean') }), el('dd', { text: mean })),
      el('div', null, el('dt', { text: t('board.passed') }), el('dd', { text: String(number(scores.passed)) })),
    ]);
    setText(ui.mistakesHeading, t('board.mistakes'));
    const mistakes = Array.isArray(data.mistakes) ? data.mistakes : [];
    replaceIfChanged(ui.mistakes, JSON.stringify(mistakes), () =>
      mistakes.map((m) => {
        const what = el('span', { className: 'mistake-label' });
        const choice = typeof m.option === 'string' && m.option ? m.option : m.label || m.point || '';
        what.append(el('span', { className: 'mistake-option', text: choice }));
        if (choice !== m.label && m.label) what.append(el('span', { className: 'mistake-where', text: m.label }));
        return el('li', null, what, el('span', { className: 'count', text: String(number(m.count)) }));
      }));
    setText(ui.mistakesNone, t('board.mistakes_none'));
    show(ui.mistakesNone, mistakes.length === 0);

    // The trainer's bar.
    show(ui.trainerBar, trainer);
    show(ui.classControls, trainer && !cls.ended);
    if (trainer) {
      setText(ui.exportsLabel, t('board.export'));
      setText(ui.csv, t('board.export_csv'));
      setText(ui.xapi, t('board.export_xapi'));
      const csv = '/api/v1/export/csv?key=' + encodeURIComponent(key);
      const xapi = '/api/v1/export/xapi?key=' + encodeURIComponent(key);
      if (ui.csv.getAttribute('href') !== csv) ui.csv.setAttribute('href', csv);
      if (ui.xapi.getAttribute('href') !== xapi) ui.xapi.setAttribute('href', xapi);
      setText(ui.hideNamesText, t('board.hide_names'));
      if (ui.hideNames.checked !== Boolean(cls.names_hidden)) ui.hideNames.checked = Boolean(cls.names_hidden);
      setText(ui.end, t('board.end'));
    }
  }

  function renderFunnel(data) {
    setText(ui.funnelHeading, t('board.funnel'));
    const stages = Array.isArray(data.stages) ? data.stages : [];
    const reached = new Map((Array.isArray(data.funnel) ? data.funnel : []).map((f) => [f.stage, number(f.reached)]));
    const rosterSize = Array.isArray(data.roster) ? data.roster.length : 0;
    const most = Math.max(1, rosterSize, ...reached.values());
    replaceIfChanged(ui.funnel, JSON.stringify([stages, [...reached], most]), () =>
      stages.map((stage) => {
        const n = reached.get(stage.id) || 0;
        const bar = el('div', { className: 'funnel-bar' });
        // At least a sliver, so an empty stage still shows where the funnel goes on.
        bar.style.setProperty('width', Math.max(1.5, (100 * n) / most) + '%');
        return el('div', { className: 'funnel-row' + (n === 0 ? ' none' : ''), dataset: { stage: String(stage.id) } },
          el('span', { className: 'funnel-label', text: stage.label || stage.id }),
          el('div', { className: 'funnel-track' }, bar),
          el('span', { className: 'funnel-count', text: String(n) }));
      }));
  }

  // One decision point: its heading, the class's split (or only the vote count while hidden),
  // the verdicts once shown, and the trainer's buttons (built once, so a half-typed timer stays).
  function createPoint(point) {
    const root = el('article', { className: 'point', dataset: { point: String(point.point) } });
    const kind = el('span', { className: 'kind' });
    const label = el('h3', { className: 'point-label' });
    const stats = el('p', { className: 'point-stats' });
    const status = el('p', { className: 'point-status' });
    const frozen = el('span', { className: 'badge frozen' });
    const timer = el('span', { className: 'timer' });
    const votes = el('span', { className: 'votes' });
    status.append(frozen, timer, votes);
    const options = el('ol', { className: 'options' });
    root.append(el('header', null, kind, label), stats, status, options);

    const entry = { root, point };
    entry.update = (p) => {
      entry.point = p;
      setClass(root, 'is-frozen', p.frozen);
      const kindLabel = labelOf('board.kind.', p.kind);
      const title = pointTitle(p, kindLabel);
      setText(kind, kindLabel);
      show(kind, title !== kindLabel);
      setText(label, title);
      if (label.title !== title) label.title = title;
      setText(stats, t('board.reached', { n: number(p.reached) }) + ' · ' + t('board.decided', { n: number(p.decided) }));
      setText(frozen, t('board.frozen'));
      show(frozen, p.frozen);
      trackTimer(p);
      updateTimer(timer, p.point);
      const opts = Array.isArray(p.options) ? p.options : [];
      const hiddenSplit = opts.some((o) => o.count === null || o.count === undefined);
      setText(votes, t('board.voted', { n: number(p.votes) }));
      show(votes, p.frozen || hiddenSplit);
      setClass(root, 'split-hidden', hiddenSplit);
      const total = opts.reduce((sum, o) => sum + number(o.count), 0);
      const most = Math.max(1, ...opts.map((o) => number(o.count)));
      options.replaceChildren(...opts.map((o) => {
        const head = el('div', { className: 'option-head' },
          el('span', { className: 'option-label', text: o.label || '' }));
        if (!hiddenSplit) head.append(el('span', { className: 'count', text: String(number(o.count)) }));
        if (o.verdict) {
          head.append(el('span', {
            className: 'badge verdict verdict-' + (VERDICTS.includes(o.verdict) ? o.verdict : 'other'),
            text: labelOf('board.verdict.', o.verdict),
          }));
        }
        const li = el('li', { className: 'option', dataset: { index: String(o.index) } }, head);
        if (!hiddenSplit) {
          const fill = el('div', { className: 'bar-fill' });
          fill.style.setProperty('width', ((100 * number(o.count)) / most).toFixed(1) + '%');
          const track = el('div', { className: 'bar', title: total ? Math.round((100 * number(o.count)) / total) + ' %' : '' }, fill);
          li.append(track);
        }
        if (o.feedback) li.append(el('p', { className: 'feedback', text: o.feedback }));
        return li;
      }));
      if (entry.controls) entry.controls.update(p);
    };
    if (state.data && state.data.class.trainer === true) {
      entry.controls = createPointControls(entry);
      root.append(entry.controls.root);
    }
    return entry;
  }

  // What a point asks: its prompt; else its label when that says more than the kind's name.
  function pointTitle(p, kindLabel) {
    if (typeof p.prompt === 'string' && p.prompt) return p.prompt;
    if (typeof p.label === 'string' && p.label) return p.label;
    return kindLabel || String(p.point);
  }

  function createPointControls(entry) {
    const freeze = el('button', { type: 'button', className: 'button' });
    const timerId = 'timer-' + Math.random().toString(36).slice(2);
    const timerLabel = el('label', { for: timerId, className: 'timer-label' });
    const timer = el('input', { type: 'number', id: timerId, min: 5, max: 240, step: 1, inputmode: 'numeric', className: 'timer-input' });
    const distribution = el('button', { type: 'button', className: 'button' });
    const verdicts = el('button', { type: 'button', className: 'button' });
    const release = el('button', { type: 'button', className: 'button primary' });
    const root = el('div', { className: 'controls' }, el('span', { className: 'freeze-group' }, freeze, timerLabel, timer),
      distribution, verdicts, release);

    freeze.addEventListener('click', () => {
      const body = { point: entry.point.point };
      const raw = timer.value.trim();
      if (raw !== '') {
        const seconds = Number(raw);
        if (!Number.isInteger(seconds) || seconds < 5 || seconds > 240) {
          notice(t('board.timer_range'));
          timer.focus();
          return;
        }
        body.timer = seconds;
      }
      act('freeze', body, freeze);
    });
    distribution.addEventListener('click', () => act('reveal', { point: entry.point.point, what: 'distribution' }, distribution));
    verdicts.addEventListener('click', () => act('reveal', { point: entry.point.point, what: 'verdicts' }, verdicts));
    release.addEventListener('click', () => act('release', { point: entry.point.point }, release));

    return {
      root,
      update(p) {
        setText(freeze, t('board.freeze'));
        setText(timerLabel, t('board.timer_label'));
        if (timer.placeholder !== t('board.timer_none')) timer.placeholder = t('board.timer_none');
        setText(distribution, t('board.reveal_distribution'));
        setText(verdicts, t('board.reveal_verdicts'));
        setText(release, t('board.release'));
        const ended = Boolean(state.data && state.data.class.ended);
        show(root, !ended);
        show(freeze.parentNode, !p.frozen);
        show(distribution, p.frozen && !p.distribution_shown);
        show(verdicts, !p.verdicts_shown);
        show(release, p.frozen);
      },
    };
  }

  function trackTimer(p) {
    if (typeof p.timer_left === 'number' && p.frozen) state.timers.set(p.point, { left: p.timer_left, at: Date.now() });
    else state.timers.delete(p.point);
  }

  function updateTimer(node, point) {
    const timer = state.timers.get(point);
    if (!timer) {
      show(node, false);
      return;
    }
    const left = Math.max(0, Math.round(timer.left - (Date.now() - timer.at) / 1000));
    setText(node, t('board.timer_left', { n: left }));
    show(node, true);
  }

  function renderPoints(data, trainer) {
    setText(ui.pointsHeading, t('board.points'));
    const points = Array.isArray(data.points) ? data.points : [];
    // A view that changes between the board's key and the trainer's rebuilds the controls.
    if (ui.pointsTrainer !== trainer) {
      pointCache.forEach((entry) => entry.root.remove());
      pointCache.clear();
      ui.pointsTrainer = trainer;
    }
    if (ui.pointsEnded !== Boolean(data.class.ended)) {
      pointCache.forEach((entry) => {
        entry.sig = null;
      });
      ui.pointsEnded = Boolean(data.class.ended);
    }
    keyed(ui.points, pointCache, points, (p) => String(p.point), createPoint);
    setText(ui.pointsNone, t('board.points_none'));
    show(ui.pointsNone, points.length === 0);

    // Points nobody has reached yet that the trainer may freeze ahead (the server sends them to the trainer).
    const upcoming = trainer && !data.class.ended && Array.isArray(data.upcoming) ? data.upcoming : [];
    keyed(ui.upcoming, upcomingCache, upcoming, (p) => String(p.point), createUpcoming);
    setText(ui.upcomingHeading, t('board.upcoming'));
    show(ui.upcomingHeading, upcoming.length > 0);
    show(ui.upcoming, upcoming.length > 0);
  }

  function createUpcoming(point) {
    const root = el('div', { className: 'upcoming', dataset: { point: String(point.point) } });
    const kind = el('span', { className: 'kind' });
    const label = el('span', { className: 'upcoming-label' });
    const entry = { root, point };
    entry.controls = createPointControls(entry);
    root.append(el('div', { className: 'upcoming-head' }, kind, label), entry.controls.root);
    entry.update = (p) => {
      entry.point = p;
      const kindLabel = labelOf('board.kind.', p.kind);
      const title = pointTitle(p, kindLabel);
      setText(kind, kindLabel);
      show(kind, title !== kindLabel);
      setText(label, title);
      entry.controls.update({ point: p.point, frozen: false, distribution_shown: true, verdicts_shown: true });
    };
    return entry;
  }

  // One trainee on the roster: the number, the name (or only the number while names are hidden),
  // where they are and how the buyer feels; Remove and Ban for the trainer.
  function createTrainee() {
    const root = el('li', { className: 'trainee' });
    const num = el('span', { className: 'number' });
    const name = el('span', { className: 'name' });
    const presence = el('span', { className: 'presence' });
    const stage = el('span', { className: 'stage' });
    const mood = el('span', { className: 'mood' });
    const progress = el('span', { className: 'progress' });
    root.append(el('div', { className: 'who' }, num, name), el('div', { className: 'where' }, presence, stage),
      el('div', { className: 'how' }, mood, progress));
    const entry = { root, trainee: null };
    if (state.data && state.data.class.trainer === true) {
      const remove = el('button', { type: 'button', className: 'button small' });
      const ban = el('button', { type: 'button', className: 'button small danger' });
      remove.addEventListener('click', () => act('remove', { number: entry.trainee.number }, remove));
      ban.addEventListener('click', () => {
        const who = entry.trainee.name === null || entry.trainee.name === undefined ? '#' + entry.trainee.number : entry.trainee.name;
        if (window.confirm(t('board.ban_confirm', { name: who }))) act('ban', { number: entry.trainee.number }, ban);
      });
      root.append(el('div', { className: 'controls' }, remove, ban));
      entry.buttons = { remove, ban };
    }
    entry.update = (trainee) => {
      entry.trainee = trainee;
      const stages = new Map((state.data.stages || []).map((s) => [s.id, s.label]));
      const named = trainee.name !== null && trainee.name !== undefined;
      root.dataset.number = String(trainee.number);
      setText(num, '#' + trainee.number);
      setText(name, named ? trainee.name : '');
      show(name, named);
      setClass(root, 'anonymous', !named);
      const where = PRESENCES.includes(trainee.presence) ? trainee.presence : 'other';
      root.className = root.className.replace(/\bpresence-\w+/g, '').trim() + ' presence-' + where;
      setText(presence, labelOf('board.presence.', trainee.presence));
      setText(stage, trainee.stage_label || stages.get(trainee.stage) || trainee.stage || '');
      mood.className = 'mood mood-' + (MOODS.includes(trainee.mood) ? trainee.mood : 'other');
      setText(mood, trainee.mood_label || '');
      show(mood, Boolean(trainee.mood_label));
      const bits = [t('board.decisions', { n: number(trainee.decisions) })];
      if (trainee.finished) {
        bits.push(trainee.outcome ? labelOf('board.outcome.', trainee.outcome) : t('board.finished'));
        if (typeof trainee.score === 'number') bits.push(t('board.score', { score: Math.round(trainee.score) }));
      }
      setText(progress, bits.join(' · '));
      if (entry.buttons) {
        setText(entry.buttons.remove, t('board.remove'));
        setText(entry.buttons.ban, t('board.ban'));
        const gone = trainee.presence === 'removed' || trainee.presence === 'banned';
        show(entry.buttons.remove, !gone && !state.data.class.ended);
        show(entry.buttons.ban, trainee.presence !== 'banned' && !state.data.class.ended);
      }
    };
    return entry;
  }

  function renderRoster(data, trainer) {
    const roster = Array.isArray(data.roster) ? data.roster : [];
    setText(ui.rosterHeading, t('board.roster', { n: roster.length }));
    if (ui.rosterTrainer !== trainer) {
      rosterCache.forEach((entry) => entry.root.remove());
      rosterCache.clear();
      ui.rosterTrainer = trainer;
    }
    // The stage labels and the end of the class change what a row shows, not only its own item.
    const context = JSON.stringify([data.stages, Boolean(data.class.ended)]);
    if (ui.rosterContext !== context) {
      rosterCache.forEach((entry) => {
        entry.sig = null;
      });
      ui.rosterContext = context;
    }
    keyed(ui.roster, rosterCache, roster, (r) => String(r.number), createTrainee);
    setText(ui.rosterNone, t('board.roster_none'));
    show(ui.rosterNone, roster.length === 0);
  }

  function renderBanner() {
    if (!ui.banner) return;
    let text = '';
    let kind = '';
    if (state.data && state.data.class.ended) {
      text = t('board.ended');
      kind = 'ended';
    } else if (state.notice) {
      text = state.notice;
      kind = 'notice';
    } else if (state.offline) {
      text = t('board.reconnecting');
      kind = 'offline';
    }
    setText(ui.banner, text);
    ui.banner.className = 'banner ' + kind;
    show(ui.banner, text !== '');
  }

  // The timers count down between the server's updates.
  setInterval(() => {
    for (const [point, entry] of pointCache) {
      const node = entry.root.querySelector('.timer');
      if (node) updateTimer(node, point);
    }
  }, 1000);

  start();
})();
