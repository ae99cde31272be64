// Charts of a procedure's runs over time and of its steps' durations, drawn with uPlot (canvas).
// Every chart's element carries data-asrun-chart with its kind ("trend", "step-durations") and
// data-asrun-points with how many points it draws; beside the canvas, a table of the same numbers
// (for screen readers, and to read the values exactly). Step ids come from the record: they go in
// as text only (uPlot draws axis labels with fillText).
import uPlot from 'uplot';
import { el, table, duration } from './dom.js';
import { get, pluginUrl } from './api.js';

const MINUTE = 60000;
/** Half a bucket's width in seconds, the room left and right of the first and last bucket. */
const PAD = { day: 43200, week: 302400, month: 1296000 };
const WIDTH = 640;
const HEIGHT = 240;

function minutes(ms) {
  return ms === null || ms === undefined ? null : ms / MINUTE;
}

/** A bucket's start (epoch seconds) as its UTC date, a month as its year and month. */
function label(seconds, bucket) {
  const iso = new Date(seconds * 1000).toISOString();
  return bucket === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

function width(node) {
  return Math.max(320, Math.min(node.clientWidth || WIDTH, 900));
}

function chart(kind, points, caption) {
  return el('figure', { class: 'asrun-chart', 'data-asrun-chart': kind, 'data-asrun-points': points },
    el('figcaption', {}, caption));
}

/** The trend chart: p50 and p90 of the completed runs' durations, runs and deviations, per bucket. */
export function trendChart(trend) {
  const figure = chart('trend', trend.buckets.length,
    `Durations and deviations per ${trend.bucket} (UTC), ${trend.buckets.length} ${trend.bucket}s with runs`);
  if (!trend.buckets.length) {
    figure.appendChild(el('p', { 'data-asrun-chart-empty': true }, 'No runs in this range.'));
    return figure;
  }
  const plot = el('div', {});
  figure.append(plot, el('details', {}, el('summary', {}, 'Data'),
    table(['Start (UTC)', 'Runs', 'Completed', 'Aborted', 'p50', 'p90', 'Deviations'],
      trend.buckets.map((b) => [b.start.slice(0, 10), String(b.runs), String(b.completed), String(b.aborted),
        duration(b.p50_ms), duration(b.p90_ms), String(b.deviations)]),
      { 'data-asrun-chart-data': 'trend' })));
  const data = [
    trend.buckets.map((b) => Date.parse(b.start) / 1000),
    trend.buckets.map((b) => minutes(b.p50_ms)),
    trend.buckets.map((b) => minutes(b.p90_ms)),
    trend.buckets.map((b) => b.runs),
    trend.buckets.map((b) => b.deviations)
  ];
  const bars = uPlot.paths.bars({ size: [0.4, 40] });
  const starts = data[0];
  const every = Math.ceil(starts.length / 10);
  const options = {
    width: WIDTH,
    height: HEIGHT,
    scales: {
      x: { time: false, range: (u, lo, hi) => [lo - PAD[trend.bucket], hi + PAD[trend.bucket]] },
      min: { auto: true, range: (u, lo, hi) => [0, Math.max(1, hi * 1.1)] },
      n: { auto: true, range: (u, lo, hi) => [0, Math.max(1, hi)] }
    },
    axes: [
      {
        splits: () => starts.filter((s, i) => i % every === 0),
        values: (u, splits) => splits.map((s) => label(s, trend.bucket))
      },
      { scale: 'min', label: 'minutes' },
      { scale: 'n', side: 1, label: 'runs, deviations', grid: { show: false } }
    ],
    series: [
      { label: trend.bucket, value: (u, v) => (v === null || v === undefined ? '--' : label(v, trend.bucket)) },
      { label: 'p50', scale: 'min', stroke: '#1f77b4', width: 2, points: { show: true } },
      { label: 'p90', scale: 'min', stroke: '#ff7f0e', width: 2, points: { show: true } },
      { label: 'runs', scale: 'n', stroke: '#888', dash: [4, 4], points: { show: true } },
      { label: 'deviations', scale: 'n', stroke: '#c62828', fill: 'rgba(198,40,40,0.35)', paths: bars, points: { show: false } }
    ]
  };
  draw(figure, plot, options, data);
  return figure;
}

/** Per step, its durations: min to max as points, the middle half as a band, the median bold. */
export function stepDurationsChart(durations) {
  const steps = durations.steps;
  const figure = chart('step-durations', steps.length,
    `Durations per step (minutes): the box from the 25th to the 75th percentile, the median, the 90th percentile, the whisker from min to max; ${steps.length} steps`);
  if (!steps.length) {
    figure.appendChild(el('p', { 'data-asrun-chart-empty': true }, 'No timed steps in this range.'));
    return figure;
  }
  const plot = el('div', {});
  figure.append(plot, el('details', {}, el('summary', {}, 'Data'),
    table(['Step', 'Done', 'Min', 'p25', 'Median', 'p75', 'p90', 'Max'],
      steps.map((s) => [s.step_id, String(s.attempts), duration(s.min_ms), duration(s.p25_ms), duration(s.p50_ms),
        duration(s.p75_ms), duration(s.p90_ms), duration(s.max_ms)]),
      { 'data-asrun-chart-data': 'step-durations' })));
  const field = (name) => steps.map((s) => minutes(s[name]));
  const dots = (label, stroke, size) => ({ label, stroke, width: 0, paths: () => null, points: { show: true, size, fill: stroke } });
  const hidden = (label) => ({ label, stroke: 'rgba(31,119,180,0.6)', width: 0, paths: () => null, points: { show: false } });
  const options = {
    width: WIDTH,
    height: HEIGHT,
    scales: {
      x: { time: false, range: (u, lo, hi) => [lo - 0.5, hi + 0.5] },
      y: { auto: true, range: (u, lo, hi) => [0, Math.max(1, hi * 1.1)] }
    },
    axes: [
      { splits: () => steps.map((s, i) => i), values: (u, splits) => splits.map((i) => steps[i]?.step_id ?? '') },
      { label: 'minutes' }
    ],
    hooks: { draw: [boxes] },
    series: [
      { label: 'step', value: (u, i) => (i === null || steps[i] === undefined ? '' : steps[i].step_id) },
      dots('min', '#999', 5),
      hidden('p25'),
      dots('median', '#1f77b4', 9),
      hidden('p75'),
      dots('p90', '#ff7f0e', 7),
      dots('max', '#555', 5)
    ]
  };
  draw(figure, plot, options,
    [steps.map((s, i) => i), field('min_ms'), field('p25_ms'), field('p50_ms'), field('p75_ms'), field('p90_ms'), field('max_ms')]);
  return figure;
}

/** Per step, a whisker from min to max and a box from the 25th to the 75th percentile. */
function boxes(u) {
  const ctx = u.ctx;
  const half = Math.min(24, (u.bbox.width / u.data[0].length) * 0.25);
  ctx.save();
  u.data[0].forEach((i) => {
    const x = u.valToPos(i, 'x', true);
    const y = (series) => u.valToPos(u.data[series][i], 'y', true);
    ctx.strokeStyle = '#777';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, y(1));
    ctx.lineTo(x, y(6));
    ctx.stroke();
    ctx.fillStyle = 'rgba(31,119,180,0.25)';
    ctx.strokeStyle = 'rgba(31,119,180,0.9)';
    ctx.fillRect(x - half, y(4), 2 * half, y(2) - y(4));
    ctx.strokeRect(x - half, y(4), 2 * half, y(2) - y(4));
  });
  ctx.restore();
}

/** Draws once the figure is in the document (uPlot measures its container). */
function draw(figure, plot, options, data) {
  requestAnimationFrame(() => {
    const chartOptions = { ...options, width: width(figure) };
    new uPlot(chartOptions, data, plot);
    figure.setAttribute('data-asrun-drawn', 'true');
  });
}

/**
 * Both charts of procedureId over the runs the query string selects (from the filters, may be
 * empty), with a bucket choice; answers the element and a refresh() for live pages.
 */
export function procedureCharts(procedureId, query = '') {
  const bucket = el('select', { name: 'bucket', 'data-asrun-bucket': true },
    ['day', 'week', 'month'].map((b) => el('option', { value: b }, b)));
  const body = el('div', { class: 'asrun-charts-body' }, 'Loading charts…');
  const node = el('div', { class: 'asrun-charts', 'data-asrun-charts': procedureId },
    el('label', {}, 'Per ', bucket), body);
  let shown = '';
  async function refresh() {
    const id = encodeURIComponent(procedureId);
    const separator = query ? `${query}&` : '?';
    const [trend, durations] = await Promise.all([
      get(pluginUrl(`procedures/${id}/trend${separator}bucket=${bucket.value}`)),
      get(pluginUrl(`procedures/${id}/step-durations${query}`))
    ]);
    const text = JSON.stringify([trend, durations]);
    if (text === shown) return;
    shown = text;
    body.replaceChildren(trendChart(trend), stepDurationsChart(durations));
  }
  bucket.addEventListener('change', () => refresh().catch((error) => body.replaceChildren(errorText(error))));
  refresh().catch((error) => body.replaceChildren(errorText(error)));
  return { node, refresh };
}

function errorText(error) {
  return el('p', { class: 'asrun-error' }, `Charts unavailable: ${error.message}`);
}
