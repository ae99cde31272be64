// The redline view, #/asrun/procedures/{procedure_id}/redlines: the procedure's diagram marked up
// as a reviewer marks up a paper procedure (a step proposed optional struck through, a reorder as
// an arrow between the two steps, an added step drawn dashed where it would go, notes on timeouts
// and limits), the proposals with their evidence, and the patch to the TOML source to download.
// Every text from the record or the TOML goes in as text (dom.js), never as markup.
import Viewer from 'bpmn-js/lib/Viewer';
import { el, replace, table, duration } from './dom.js';
import { get, pluginUrl, idFromHash, runHref } from './api.js';
import { filterForm } from './filters.js';

const SVG = 'http://www.w3.org/2000/svg';

/** What each kind of proposal is called in the view. */
export const KINDS = {
  make_optional: 'make optional',
  remove_step: 'remove step',
  reorder: 'reorder',
  add_step: 'add step',
  change_timeout: 'change timeout',
  check_limits: 'check limits'
};

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

function percent(rate) {
  return `${Math.round(rate * 100)}%`;
}

function mark(attributes, proposal) {
  return {
    ...attributes,
    'data-asrun-redline': proposal.kind,
    'data-asrun-step': proposal.step_id || '',
    'data-asrun-other-step': proposal.other_step_id || ''
  };
}

function center(shape) {
  return { x: shape.x + shape.width / 2, y: shape.y + shape.height / 2 };
}

/** A step proposed optional or removed: struck through corner to corner, as with a pen. */
function strike(layer, shape, proposal) {
  layer.appendChild(svg('g', mark({ class: 'asrun-redline-strike' }, proposal),
    svg('line', { x1: shape.x - 4, y1: shape.y + shape.height + 4, x2: shape.x + shape.width + 4, y2: shape.y - 4 }),
    svg('line', { x1: shape.x - 4, y1: shape.y + shape.height / 2, x2: shape.x + shape.width + 4, y2: shape.y + shape.height / 2 }),
    svg('text', { x: shape.x, y: shape.y + shape.height + 18 }, KINDS[proposal.kind])));
}

/** A step the runs do before the one written just before it: a curved arrow moving it there. */
function arrow(layer, from, to, proposal) {
  const a = center(from);
  const b = center(to);
  const lift = Math.max(from.height, to.height) / 2 + 40;
  const top = Math.min(a.y, b.y) - lift;
  layer.appendChild(svg('g', mark({ class: 'asrun-redline-reorder' }, proposal),
    svg('path', { d: `M ${a.x} ${a.y - from.height / 2} C ${a.x} ${top}, ${b.x} ${top}, ${b.x} ${b.y - to.height / 2}`, 'marker-end': 'url(#asrun-redline-arrow)' }),
    svg('text', { x: (a.x + b.x) / 2, y: top + 10, 'text-anchor': 'middle' }, 'swap')));
}

/** An action that is no step, drawn dashed below the step (or start) it keeps following, with a caret on the flow. */
function insertion(layer, after, proposal, index) {
  const x = after.x + after.width + 10;
  const y = after.y + after.height + 30 + index * 52;
  const width = 110;
  const height = 40;
  layer.appendChild(svg('g', mark({ class: 'asrun-redline-added' }, proposal),
    svg('path', { d: `M ${after.x + after.width + 4} ${after.y + after.height / 2 + 8} l 6 -8 l 6 8` }),
    svg('line', { x1: after.x + after.width + 10, y1: after.y + after.height / 2, x2: x + width / 2, y2: y }),
    svg('rect', { x, y, width, height, rx: 8 }),
    svg('text', { x: x + width / 2, y: y + height / 2 + 4, 'text-anchor': 'middle' }, `+ ${proposal.action || 'new step'}`)));
}

/** What a margin note says: the timeout as written and as proposed, or the field to look at. */
function noteText(proposal) {
  if (proposal.kind === 'change_timeout' && proposal.proposed_timeout_ms !== null) {
    return `timeout ${duration(proposal.current_timeout_ms)} → ${duration(proposal.proposed_timeout_ms)}`;
  }
  if (proposal.kind === 'check_limits' && proposal.field) {
    return `check limits of ${proposal.field}`;
  }
  return KINDS[proposal.kind] || proposal.kind;
}

/** A note in the margin beside a step: its timeout or its limits need a look. */
function note(overlays, proposal, index) {
  overlays.add(proposal.step_id, 'asrun-redline', {
    position: { top: -22 - index * 20, left: 0 },
    html: el('span', mark({ class: 'asrun-redline-note', title: proposal.summary }, proposal),
      `${noteText(proposal)} (${percent(proposal.evidence.rate)})`)
  });
}

function defineArrowHead(layer) {
  layer.appendChild(svg('defs', {},
    svg('marker', { id: 'asrun-redline-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' }))));
}

/**
 * Marks up the viewer's diagram with the proposals; proposals about steps the diagram does not
 * have (or the whole procedure) are returned, for the page to list.
 */
export function drawRedlines(viewer, proposals) {
  const registry = viewer.get('elementRegistry');
  const overlays = viewer.get('overlays');
  const layer = viewer.get('canvas').getLayer('asrun-redlines', 10);
  defineArrowHead(layer);
  const notes = new Map();
  const added = new Map();
  const elsewhere = [];
  const start = registry.filter((element) => element.type === 'bpmn:StartEvent')[0];
  for (const proposal of proposals) {
    if (proposal.kind === 'add_step') {
      const after = proposal.other_step_id ? registry.get(proposal.other_step_id) : start;
      if (!after) {
        elsewhere.push(proposal);
        continue;
      }
      const index = added.get(after.id) ?? 0;
      added.set(after.id, index + 1);
      insertion(layer, after, proposal, index);
      continue;
    }
    const shape = proposal.step_id && registry.get(proposal.step_id);
    const other = proposal.other_step_id && registry.get(proposal.other_step_id);
    if (!shape || (proposal.kind === 'reorder' && !other)) {
      elsewhere.push(proposal);
    } else if (proposal.kind === 'make_optional' || proposal.kind === 'remove_step') {
      strike(layer, shape, proposal);
    } else if (proposal.kind === 'reorder') {
      arrow(layer, shape, other, proposal);
    } else {
      const index = notes.get(proposal.step_id) ?? 0;
      notes.set(proposal.step_id, index + 1);
      note(overlays, proposal, index);
    }
  }
  return elsewhere;
}

function stepText(p) {
  if (p.kind === 'reorder') return `${p.step_id} before ${p.other_step_id}`;
  if (p.kind === 'add_step') return `${p.action} after ${p.other_step_id || 'the start'}`;
  return p.step_id || 'the procedure';
}

function proposalsTable(proposals) {
  return table(['Proposal', 'Step', 'Runs', 'Rate (lower bound)', 'Why', 'Sample runs'],
    proposals.map((p) => [
      el('span', { class: 'asrun-redline-kind', 'data-asrun-kind': p.kind }, KINDS[p.kind] || p.kind),
      stepText(p),
      `${p.evidence.runs} of ${p.evidence.of_runs}`,
      `${percent(p.evidence.rate)} (≥ ${percent(p.evidence.lower_bound)})`,
      p.summary,
      (p.run_ids || []).slice(0, 3).map((id) => el('a', { href: runHref(id), class: 'asrun-run-id', title: id, 'data-asrun-run-id': id }, id.slice(0, 8)))]),
    { 'data-asrun-proposals': true });
}

function patchLink(data) {
  if (!data.toml_patch) {
    return el('p', { 'data-asrun-patch': 'none' }, data.proposals.length
      ? 'No patch: the TOML source was not deployed with this procedure.'
      : 'Nothing to change.');
  }
  const url = URL.createObjectURL(new Blob([data.toml_patch], { type: 'text/x-diff' }));
  return el('div', {},
    el('a', { href: url, download: `${data.procedure_id}.patch`, class: 'btn btn-default btn-xs', 'data-asrun-patch': 'download' }, 'Download the patch'),
    el('pre', { class: 'asrun-patch', 'data-asrun-patch-text': true }, data.toml_patch));
}

/** cockpit.route #/asrun/procedures/:procedureId/redlines. */
export function renderRedlinesPage(node) {
  const procedureId = idFromHash('asrun/procedures');
  const page = el('div', { class: 'asrun-page', 'data-asrun-page': 'redlines' }, 'Loading the redlines…');
  node.appendChild(page);
  if (!procedureId) {
    replace(page, el('p', { class: 'asrun-error' }, 'No procedure id in the address.'));
    return;
  }
  const body = el('div', {});
  const form = filterForm('', (parameters) => load(page, body, procedureId, parameters));
  replace(page, el('h1', {}, `Redlines: ${procedureId}`), form, body);
  load(page, body, procedureId, '');
}

async function load(page, body, procedureId, parameters) {
  page.removeAttribute('data-asrun-ready');
  let data;
  try {
    data = await get(pluginUrl(`procedures/${encodeURIComponent(procedureId)}/redlines${parameters}`));
  } catch (error) {
    replace(body, el('p', { class: 'asrun-error', 'data-asrun-error': true }, `Redlines unavailable: ${error.message}`));
    return;
  }
  const diagram = el('div', { class: 'asrun-diagram', 'data-asrun-diagram': true });
  const elsewhere = el('div', {});
  replace(body,
    el('p', { 'data-asrun-runs': data.runs }, `Version ${data.version} · ${data.proposals.length} proposals from ${data.runs} runs`),
    diagram, elsewhere,
    el('h2', {}, 'Proposals'),
    data.proposals.length ? proposalsTable(data.proposals) : el('p', {}, 'No proposals: the runs follow the procedure as written.'),
    el('h2', {}, 'Patch to the TOML source'), patchLink(data));
  if (!data.bpmn_xml) {
    replace(diagram, el('p', {}, 'The procedure is no longer deployed.'));
    page.setAttribute('data-asrun-ready', 'true');
    return;
  }
  const viewer = new Viewer({ container: diagram });
  try {
    await viewer.importXML(data.bpmn_xml);
    viewer.get('canvas').zoom('fit-viewport');
    const undrawn = drawRedlines(viewer, data.proposals);
    if (undrawn.length) {
      replace(elsewhere, el('p', {}, 'Not on the diagram: '), undrawn.map((p) => el('span', { class: 'asrun-redline-note', 'data-asrun-redline': p.kind }, p.summary)));
    }
    page.setAttribute('data-asrun-ready', 'true');
  } catch (error) {
    replace(diagram, el('p', { class: 'asrun-error' }, `The diagram cannot be drawn: ${error.message}`));
  }
}
