// Figures dashboard (Teams personal tab). Gets a token with Teams SSO (teams-js getAuthToken) inside
// Teams, or from the development sign-in outside it; then GET /api/figures with the filters and draws
// one chart per table, each with the same numbers as a table beside it. Words come from /tab/strings.
'use strict';

const TOKEN_KEY = 'figures.token';
const COLORS = ['#1e4e79', '#c4501b', '#2e7d32', '#6a3d9a', '#b8860b', '#00838f', '#ad1457', '#5d4037', '#455a64', '#827717'];
const state = { strings: {}, locale: 'de', token: undefined, charts: [], lastScope: '' };
const $ = (id) => document.getElementById(id);

function t(key, params = {}) {
  const text = state.strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

function setStatus(text, isError = false) {
  const el = $('status');
  el.textContent = text;
  el.className = isError ? 'error' : '';
}

function inTeams() {
  return window.parent !== window || Boolean(window.opener);
}

async function loadStrings(locale) {
  const res = await fetch(`/tab/strings?lang=${encodeURIComponent(locale)}`);
  const body = await res.json();
  state.strings = body.strings;
  state.locale = body.locale;
  document.documentElement.lang = body.locale;
  document.title = t('tab.title');
  $('title').textContent = t('tab.title');
  for (const [id, key] of [['from-label', 'tab.from'], ['to-label', 'tab.to'], ['scope-label', 'tab.scope'], ['apply', 'tab.apply'], ['format-label', 'tab.exportFormat'], ['export', 'tab.export'], ['signin-title', 'tab.signInTitle'], ['signin-hint', 'tab.signInHint'], ['signin-user-label', 'tab.signInUser'], ['signin-submit', 'tab.signIn']]) {
    $(id).textContent = t(key);
  }
}

async function teamsToken() {
  await microsoftTeams.app.initialize();
  const context = await microsoftTeams.app.getContext();
  const locale = context?.app?.locale;
  if (locale) await loadStrings(locale);
  return microsoftTeams.authentication.getAuthToken();
}

async function devSignIn() {
  const config = await (await fetch('/tab/config')).json();
  if (!config.devSignIn) {
    setStatus(t('tab.error.noSignIn'), true);
    return undefined;
  }
  $('signin').hidden = false;
  return new Promise((resolve) => {
    $('signin-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const res = await fetch('/tab/dev-signin', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userKey: $('signin-user').value.trim() }) });
      if (!res.ok) return setStatus(t('tab.error.unauthorized'), true);
      const { token } = await res.json();
      sessionStorage.setItem(TOKEN_KEY, token);
      $('signin').hidden = true;
      resolve(token);
    });
  });
}

function defaultPeriod() {
  const today = new Date();
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { from: `${today.getFullYear()}-01-01`, to: iso(today) };
}

function query(extra = {}) {
  const params = new URLSearchParams({ from: $('from').value, to: $('to').value, lang: state.locale, ...extra });
  if ($('scope').value) params.set('scope', $('scope').value);
  return params;
}

async function api(path) {
  try {
    return await fetch(path, { headers: { Authorization: `Bearer ${state.token}` } });
  } catch {
    setStatus(t('tab.error.network'), true);
    return undefined;
  }
}

/** Shows the error for a refused request and removes whatever was drawn. */
async function refused(res) {
  let detail = '';
  try {
    const body = await res.json();
    detail = body.problem ? t(`tab.problem.${body.problem}`) : '';
  } catch { /* no body */ }
  const key = res.status === 401 ? 'tab.error.unauthorized' : res.status === 403 ? 'tab.error.forbidden' : res.status === 503 ? 'tab.error.busy' : 'tab.error.badRequest';
  if (res.status === 401) sessionStorage.removeItem(TOKEN_KEY);
  if (res.status === 401 || res.status === 403) {
    clearFigures();
    $('filters').hidden = true;
  }
  setStatus(t(key, { detail }), true);
}

function clearFigures() {
  state.charts.forEach((c) => c.destroy());
  state.charts = [];
  $('figures').replaceChildren();
  $('figures').hidden = true;
}

async function load() {
  setStatus(t('tab.loading'));
  const res = await api(`/api/figures?${query()}`);
  if (!res) return;
  if (!res.ok) return refused(res);
  const data = await res.json();
  setStatus('');
  fillScopes(data.choices, data.report.scope);
  $('who').textContent = `${data.labels.scope} · ${data.labels.period}`;
  $('filters').hidden = false;
  render(data.report, data.labels);
}

function fillScopes(choices, scope) {
  const current = scope.kind === 'state' ? 'state' : scope.kind === 'unit' ? `unit:${scope.unitId}` : `institution:${scope.institutionId}`;
  const select = $('scope');
  select.replaceChildren(...choices.map((c) => new Option(c.label, c.value, false, c.value === current)));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function count(cell) {
  return cell.count === null ? t('suppressed') : cell.count.toLocaleString(state.locale);
}

function render(report, labels) {
  clearFigures();
  const root = $('figures');
  const keys = report.keyFigures;
  const euro = new Intl.NumberFormat(state.locale, { style: 'currency', currency: 'EUR' });
  const tiles = [
    ['card.interpreterRequests', count(keys.interpreterRequests), 'interpreterRequests'],
    ['card.interpreterCost', keys.interpreterRequests.costEur == null ? t('suppressed') : euro.format(keys.interpreterRequests.costEur), 'interpreterCost'],
    ['card.escalations', count(keys.escalations), 'escalations'],
    ['card.slaBreached', count(keys.slaBreached), 'slaBreached'],
    ['card.checklistsStarted', count(keys.checklistRunsStarted), 'checklistsStarted'],
    ['card.checklistsFinished', count(keys.checklistRunsFinished), 'checklistsFinished'],
    ['card.staleContacts', String(keys.staleContacts), 'staleContacts'],
  ];
  root.append(el('h2', {}, t('tab.keyFigures')), el('dl', { class: 'keys' }, ...tiles.map(([k, v, id]) => el('div', { 'data-key': id }, el('dt', {}, t(k)), el('dd', {}, v)))));
  const grid = el('div', { class: 'grid' });
  report.tables.forEach((table, i) => grid.append(tableFigure(table, labels, i)));
  root.append(grid, durationTable(report, labels), staleTable(report), el('p', { class: 'legend' }, t('legend')));
  root.hidden = false;
  report.tables.forEach((table, i) => drawChart(table, labels, i));
}

function tableFigure(table, labels, i) {
  const title = labels.tables[table.id];
  const name = (dim, id) => labels.values[dim]?.[id] ?? id;
  const head = el('tr', {}, el('th', { scope: 'col' }, labels.dims[table.rowDim]), ...table.cols.map((c) => el('th', { scope: 'col' }, name(table.colDim, c))), ...(table.rowTotals ? [el('th', { scope: 'col' }, t('total'))] : []));
  const body = table.rows.map((r, ri) => el('tr', {}, el('th', { scope: 'row' }, name(table.rowDim, r)), ...table.cells[ri].map((cell, ci) => el('td', { 'data-row': r, 'data-col': table.cols[ci] }, count(cell))), ...(table.rowTotals ? [el('td', { class: 'total', 'data-row': r, 'data-col': '*' }, count(table.rowTotals[ri]))] : [])));
  const foot = table.colTotals ? [el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, t('total')), ...table.colTotals.map((cell, ci) => el('td', { 'data-row': '*', 'data-col': table.cols[ci] }, count(cell))), ...(table.total ? [el('td', { 'data-row': '*', 'data-col': '*' }, count(table.total))] : [])))] : [];
  const data = el('table', {}, el('caption', {}, title), el('thead', {}, head), el('tbody', {}, ...(body.length ? body : [el('tr', {}, el('td', { colspan: String(table.cols.length + 2) }, t('tab.noData')))])), ...foot);
  const canvas = el('canvas', { id: `chart-${i}`, role: 'img', 'aria-label': t('tab.chartOf', { title }) });
  return el('figure', { 'data-table': table.id }, el('h2', {}, title), el('div', { class: 'chart' }, canvas), el('details', {}, el('summary', {}, t('tab.showTable')), data));
}

/** Months run along the x axis; otherwise the rows do, with one stacked bar part per column. */
function drawChart(table, labels, i) {
  const name = (dim, id) => labels.values[dim]?.[id] ?? id;
  const byCols = table.colDim === 'month';
  const xs = byCols ? table.cols : table.rows;
  const series = byCols ? table.rows : table.cols;
  const datasets = series.map((s, si) => ({
    label: name(byCols ? table.rowDim : table.colDim, s),
    data: xs.map((_x, xi) => (byCols ? table.cells[si][xi] : table.cells[xi][si]).count),
    backgroundColor: COLORS[si % COLORS.length],
  }));
  const chart = new Chart($(`chart-${i}`), {
    type: 'bar',
    data: { labels: xs.map((x) => name(byCols ? table.colDim : table.rowDim, x)), datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });
  state.charts.push(chart);
}

function durationTable(report, labels) {
  const hours = (v) => (v.cases === null ? t('suppressed') : v.medianHours === null ? '–' : t('hours', { value: v.medianHours.toLocaleString(state.locale) }));
  const rows = report.durations.map((d) => el('tr', { 'data-category': d.category }, el('th', { scope: 'row' }, labels.values.category?.[d.category] ?? d.category), el('td', {}, hours(d.takeOn)), el('td', {}, hours(d.close))));
  return el('section', { 'data-table': 'durations' }, el('h2', {}, t('durations.title')), el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('dim.category')), el('th', { scope: 'col' }, t('durations.takeOn')), el('th', { scope: 'col' }, t('durations.close')))), el('tbody', {}, ...rows)));
}

function staleTable(report) {
  const s = report.stale;
  const row = (label, stale, total) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, t('stale.of', { stale, total })));
  return el('section', { 'data-table': 'stale' }, el('h2', {}, t('stale.title')), el('table', {}, el('tbody', {}, row(t('stale.contacts'), s.contactsStale, s.contacts), row(t('stale.responsibilities'), s.responsibilitiesStale, s.responsibilities))));
}

async function exportFile() {
  const res = await api(`/api/figures/export?${query({ format: $('format').value })}`);
  if (!res) return;
  if (!res.ok) return refused(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'kennzahlen';
  const url = URL.createObjectURL(await res.blob());
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function main() {
  const lang = new URLSearchParams(location.search).get('lang') ?? navigator.language;
  await loadStrings(lang);
  const period = defaultPeriod();
  $('from').value = period.from;
  $('to').value = period.to;
  try {
    state.token = inTeams() ? await teamsToken() : sessionStorage.getItem(TOKEN_KEY) ?? (await devSignIn());
  } catch {
    state.token = undefined;
  }
  if (!state.token) {
    if (!$('status').textContent) setStatus(t('tab.error.unauthorized'), true);
    return;
  }
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('export').addEventListener('click', () => exportFile());
  await load();
}

main();
