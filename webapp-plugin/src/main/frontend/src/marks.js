// Marks of a run and badges of a procedure, drawn as bpmn-js overlays. Every overlay element
// carries data-asrun-step and data-asrun-mark (run marks) or data-asrun-count (badges).
import { el, duration } from './dom.js';

/** The marks, in the order the legend lists them, with their badge text. */
export const MARKS = {
  done: { label: 'done', text: () => '✓ done' },
  skipped: { label: 'skipped', text: () => 'skipped' },
  reordered: { label: 'reordered (actual position)', text: (m) => (m.position ? `reordered → #${m.position}` : 'reordered') },
  repeated: { label: 'repeated', text: () => 'repeated' },
  extra: { label: 'extra step (after the step it followed)', text: (m) => `+ ${m.step_id}` },
  overdue: { label: 'overdue', text: () => 'overdue' },
  'not-reached': { label: 'not reached', text: () => 'not reached' }
};

/** One mark as an element (also used by the legend). */
export function markElement(mark, text = MARKS[mark.mark].text(mark)) {
  return el('span', {
    class: 'asrun-mark',
    'data-asrun-step': mark.step_id,
    'data-asrun-mark': mark.mark,
    title: mark.detail || MARKS[mark.mark].label
  }, text);
}

/**
 * Where under a step a badge starts, in diagram units from the step's left edge: right of the
 * events attached to its lower border (a timeout's boundary timer), so that it covers neither their
 * icons nor the flows leaving them.
 */
function clearOfAttached(shape) {
  const bottom = shape.y + shape.height;
  return (shape.attachers || [])
    .filter((a) => a.y + a.height > bottom)
    .reduce((left, a) => Math.max(left, a.x + a.width - shape.x + 2), 0);
}

/**
 * Draws the marks on the viewer's diagram: a step's own marks stacked above it, extra steps stacked
 * below the step they followed (right of its boundary events). Marks of steps the diagram does
 * not have are skipped and returned, for the page to list.
 */
export function drawMarks(viewer, marks) {
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  const above = new Map();
  const below = new Map();
  const undrawn = [];
  for (const mark of marks) {
    const anchor = mark.mark === 'extra' ? mark.previous_step_id : mark.step_id;
    if (!anchor || !registry.get(anchor)) {
      undrawn.push(mark);
      continue;
    }
    const stack = mark.mark === 'extra' ? below : above;
    const index = stack.get(anchor) ?? 0;
    stack.set(anchor, index + 1);
    const position = mark.mark === 'extra'
      ? { bottom: -4 - index * 18, left: clearOfAttached(registry.get(anchor)) }
      : { top: -18 - index * 18, left: 0 };
    overlays.add(anchor, 'asrun', { position, html: markElement(mark) });
  }
  return undrawn;
}

function rateClass(rate) {
  if (rate >= 0.5) return 'asrun-rate-high';
  if (rate >= 0.1) return 'asrun-rate-mid';
  return 'asrun-rate-low';
}

/** Draws a procedure's per-step figures: one badge per kind that happened, stacked above the step, and the mean duration. */
export function drawFigures(viewer, figures) {
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  overlays.remove({ type: 'asrun' });
  for (const step of figures.steps) {
    if (!registry.get(step.step_id)) continue;
    let index = 0;
    for (const [kind, count] of Object.entries(step.counts)) {
      if (count === 0) continue;
      const rate = step.rates[kind];
      const text = `${kind} ${count} (${Math.round(rate * 100)}%)`;
      overlays.add(step.step_id, 'asrun', {
        position: { top: -20 - index * 18, left: 0 },
        html: el('span', {
          class: `asrun-badge ${rateClass(rate)}`,
          'data-asrun-step': step.step_id,
          'data-asrun-kind': kind,
          'data-asrun-count': count,
          title: `${kind}: in ${count} of ${figures.runs} runs`
        }, text)
      });
      index += 1;
    }
    if (step.mean_duration_ms !== null) {
      overlays.add(step.step_id, 'asrun', {
        position: { bottom: -6, left: clearOfAttached(registry.get(step.step_id)) },
        html: el('span', {
          class: 'asrun-badge asrun-duration',
          'data-asrun-step': step.step_id,
          'data-asrun-kind': 'mean-duration',
          title: 'mean time from start to done'
        }, `⌀ ${duration(step.mean_duration_ms)}`)
      });
    }
  }
}

/** The legend: every mark with how often it occurs in this run. */
export function legend(marks) {
  return el('div', { class: 'asrun-legend', 'data-asrun-legend': true },
    Object.entries(MARKS).map(([name, { label }]) => el('span', {},
      el('span', { class: 'asrun-mark', 'data-asrun-mark-sample': name }, label),
      ` ${marks.filter((m) => m.mark === name).length}`)));
}
