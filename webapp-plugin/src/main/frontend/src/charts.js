// Charts of a procedure's runs over time and of its steps' durations, drawn with uPlot (canvas).
// Every chart's element carries data-asrun-chart with its kind ("trend", "step-durations") and
// data-asrun-points with how many points it draws; beside the canvas, a table of the same numbers
// (for screen readers, and to read the values exactly). Step ids come from the record: they go in
// as text only (uPlot draws axis labels with fillText).
import uPlot from 'uplot';
import { el, table, duration } from './dom.js';
import { get, pluginUrl } from './api.js';

const MINUTE = 60000;
const WIDTH = 640;
const HEIGHT = 240;

function minutes(ms) {
  return ms === null || ms === undefined ? null : ms / MINUTE;
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
  const options = {
    width: WIDTH,
    height: HEIGHT,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, min: { auto: true }, n: { auto: true, range: (u, lo, hi) => [0, Math.max(1, hi)] } },
    axes: [
      {},
      { scale: 'min', label: 'minutes' },
      { scale: 'n', side: 1, label: 'runs, deviations', grid: { show: false } }
    ],
    series: [
      {},
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
    `Durations per step (minutes): min, 25th, median, 75th, 90th percentile, max over ${steps.length} steps`);
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
  const options = {
    width: WIDTH,
    height: HEIGHT,
    scales: { x: { time: false, range: (u, lo, hi) => [lo - 0.5, hi + 0.5] } },
    axes: [
      { splits: () => steps.map((s, i) => i), values: (u, splits) => splits.map((i) => steps[i]?.step_id ?? ''), rotate: 0 },
      { label: 'minutes' }
    ],
    bands: [{ series: [4, 2], fill: 'rgba(31,119,180,0.2)' }],
    series: [
      { label: 'step', value: (u, i) => (i === null || steps[i] === undefined ? '' : steps[i].step_id) },
      dots('min', '#999', 5),
      { label: 'p25', stroke: 'rgba(31,119,180,0.5)', width: 1, points: { show: true, size: 4 } },
      dots('median', '#1f77b4', 9),
      { label: 'p75', stroke: 'rgba(31,119,180,0.5)', width: 1, points: { show: true, size: 4 } },
      dots('p90', '#ff7f0e', 6),
      dots('max', '#555', 5)
    ]
  };
  draw(figure, plot, options,
    [steps.map((s, i) => i), field('min_ms'), field('p25_ms'), field('p50_ms'), field('p75_ms'), field('p90_ms'), field('max_ms')]);
  return figure;
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
