// The run page, #/asrun/runs/{run_id}: the procedure's diagram with the run's marks, a legend, the
// run's facts, verification, confirmation, signatures (with the sign dialog), deviations, and tabs
// for the audit trail, the corrections (with a form to add one) and the nested runs.
import Viewer from 'bpmn-js/lib/Viewer';
import { el, replace, facts, table, duration, time } from './dom.js';
import { get, post, pluginUrl, idFromHash, runHref } from './api.js';
import { drawMarks, legend, markElement } from './marks.js';
import { signatures } from './signatures.js';
import { poll, editing } from './live.js';

export function renderRunPage(node) {
  const runId = idFromHash('asrun/runs');
  const page = el('div', { class: 'asrun-page', 'data-asrun-page': 'run' }, 'Loading the run…');
  node.appendChild(page);
  if (!runId) {
    replace(page, el('p', { class: 'asrun-error' }, 'No run id in the address.'));
    return;
  }
  load(page, runId);
}

async function load(page, runId, tab = 'trail') {
  let data;
  try {
    data = await get(pluginUrl(`runs/${encodeURIComponent(runId)}`));
  } catch (error) {
    replace(page, el('p', { class: 'asrun-error', 'data-asrun-error': true }, `The run ${runId} cannot be shown: ${error.message}`));
    return;
  }
  follow(page, runId, data);
  const run = data.run;
  const diagram = el('div', { class: 'asrun-diagram', 'data-asrun-diagram': true });
  const undrawn = el('div', {});
  const side = el('div', { class: 'asrun-side' });
  replace(page,
    el('h1', { 'data-asrun-procedure-name': true }, data.procedure_name || run.procedure_id),
    el('p', {}, `Run ${run.run_id} · ${run.status}`, run.summary ? ` · ${run.summary}` : ''),
    el('div', { class: 'asrun-columns' },
      el('div', { class: 'asrun-diagram-column' }, diagram, legend(data.marks), undrawn),
      side));
  renderSide(side, data, () => load(page, runId, 'corrections'), tab, () => load(page, runId, tab));
  if (!data.bpmn_xml) {
    replace(diagram, el('p', {}, 'The procedure this run followed is no longer deployed.'));
    return;
  }
  const viewer = new Viewer({ container: diagram });
  try {
    await viewer.importXML(data.bpmn_xml);
    viewer.get('canvas').zoom('fit-viewport');
    const missing = drawMarks(viewer, data.marks);
    if (missing.length) {
      replace(undrawn, el('p', {}, 'Not on the diagram: '), missing.map((m) => markElement(m)));
    }
    page.setAttribute('data-asrun-ready', 'true');
  } catch (error) {
    replace(diagram, el('p', { class: 'asrun-error' }, `The diagram cannot be drawn: ${error.message}`));
  }
}

/**
 * While the run is triggered or active, polls it and redraws the page (on the tab shown) when its
 * record changed, unless the user is filling in a form on it; stops once the run has ended.
 */
function follow(page, runId, data) {
  page.asrunShown = JSON.stringify(data);
  const live = ['triggered', 'active'].includes(data.run.status);
  page.setAttribute('data-asrun-live', live);
  if (!live || page.asrunFollowing) return;
  page.asrunFollowing = true;
  poll(page, async () => {
    const now = await get(pluginUrl(`runs/${encodeURIComponent(runId)}`));
    if (JSON.stringify(now) !== page.asrunShown && !editing(page)) {
      const tab = page.querySelector('.asrun-tabs .asrun-active')?.getAttribute('data-asrun-tab');
      page.removeAttribute('data-asrun-ready');
      await load(page, runId, tab || 'trail');
    }
    const following = ['triggered', 'active'].includes(now.run.status);
    page.asrunFollowing = following;
    return following;
  });
}

function renderSide(side, data, reload, initialTab, reloadSigned) {
  const run = data.run;
  const context = run.context || {};
  replace(side,
    el('h2', {}, 'Run'),
    facts([
      ['Procedure', `${run.procedure_id}${run.procedure_version ? ` (version ${run.procedure_version})` : ''}`],
      ['Status', run.abort_reason ? `${run.status} (${run.abort_reason})` : run.status],
      ['Executor', context.executor_id],
      ['Location', context.location],
      ['Equipment', context.equipment_id],
      ['Notes', context.notes],
      ['Started', time(run.start_time)],
      ['Ended', time(run.end_time)],
      ['Duration', duration(run.duration_ms)],
      ['Confirmation', confirmation(run)],
      ['Parent run', run.parent_run_id ? el('a', { href: runHref(run.parent_run_id) }, run.parent_run_id) : null],
      ['Report', el('a', { href: pluginUrl(`runs/${encodeURIComponent(run.run_id)}/report.pdf`), target: '_blank', rel: 'noopener', 'data-asrun-report': run.run_id }, 'Report (PDF)')]
    ]),
    el('h2', {}, 'Verification'),
    verification(data.verification),
    signatures(data, reloadSigned),
    deviations(run.deviations),
    tabs(data, reload, initialTab));
}

/** The executor's answer to the confirmation prompt, with their note. */
function confirmation(run) {
  if (!run.executor_confirmation) return 'not given';
  return el('span', { 'data-asrun-confirmation': run.executor_confirmation },
    run.executor_confirmation, run.confirmation_note ? [': ', el('q', {}, run.confirmation_note)] : null);
}

function verification(result) {
  if (!result) {
    return el('p', { 'data-asrun-verification': 'hidden' }, 'Only administrators verify the run\'s chains.');
  }
  return result.ok
    ? el('p', { class: 'asrun-ok', 'data-asrun-verification': 'ok' }, 'This run\'s record is intact: the hash chains of the run and its nested runs verify.')
    : el('p', { class: 'asrun-error', 'data-asrun-verification': 'broken' },
      `This run's record is damaged: ${JSON.stringify(result.report)}`);
}

/** The index's deviations after corrections; those a correction set aside stay listed as corrected. */
function deviations(list) {
  const rows = list.map((d) => el('tr', {
    'data-asrun-deviation': d.type, 'data-asrun-deviation-step': d.step_id, 'data-asrun-corrected': String(d.corrected)
  }, [d.type, d.step_id, d.detail, d.corrected ? 'yes, set aside' : 'no'].map((cell) => el('td', {}, cell))));
  return el('div', {}, el('h2', {}, 'Deviations'),
    list.length
      ? el('table', { class: 'asrun-table', 'data-asrun-deviations': true },
        el('thead', {}, el('tr', {}, ['Type', 'Step', 'What', 'Corrected'].map((h) => el('th', {}, h)))),
        el('tbody', {}, rows))
      : el('p', {}, 'None: the run went as written.'));
}

function tabs(data, reload, initialTab) {
  const body = el('div', { class: 'asrun-tab-body' });
  const views = {
    trail: ['Audit trail', () => auditTrail(data.events, data.run.start_time)],
    corrections: [`Corrections (${data.run.corrections.length})`, () => corrections(data, reload)],
    nested: [`Nested runs (${data.children.length})`, () => nested(data.children)]
  };
  const buttons = Object.entries(views).map(([name, [label]]) =>
    el('button', { type: 'button', 'data-asrun-tab': name, onclick: () => show(name) }, label));
  function show(name) {
    buttons.forEach((b) => b.classList.toggle('asrun-active', b.getAttribute('data-asrun-tab') === name));
    replace(body, views[name][1]());
  }
  show(initialTab);
  return el('div', {}, el('div', { class: 'asrun-tabs' }, buttons), body);
}

/**
 * What an event says; a claimed time before the run's start (ClaimedTime.beforeStart: the entry is
 * placed where it arrived, never ahead of the start) is flagged with the claimed time.
 */
function describe(event, runStart) {
  const p = event.payload || {};
  const corroborates = event.event_type === 'step_corroborated'
    ? `second witness (${p.source}, ${p.executor_id}) of the step's completion, ${p.gap} after it: not a repeat`
    : undefined;
  const early = event.occurred_at && Date.parse(event.occurred_at) < Date.parse(runStart)
    ? `claimed ${time(event.occurred_at)}, before the run started: placed where it arrived`
    : undefined;
  return [p.step_id, p.outcome, p.meaning, p.signer_id, p.reason, p.action, p.correction_type, p.detail, p.response, p.note, corroborates, early]
    .filter((v) => v !== undefined && v !== null && v !== '').join(' · ');
}

function auditTrail(events, runStart) {
  return table(['#', 'Recorded', 'Event', 'Source', 'What'],
    events.map((e) => [String(e.stream_seq), time(e.timestamp), e.event_type, e.source, describe(e, runStart)]),
    { 'data-asrun-audit-trail': true });
}

/** The correction types of POST /asrun/api/v1/runs/{run_id}/corrections, with what each says. */
const CORRECTION_TYPES = [
  ['not_a_deviation', 'Not a deviation: set the step\'s deviation aside'],
  ['step_not_done', 'Step not done, although recorded as done'],
  ['step_done_not_detected', 'Step done, but not detected'],
  ['wrong_procedure', 'Wrong procedure: another one was carried out']
];

function corrections(data, reload) {
  const recorded = data.run.corrections;
  const list = recorded.length
    ? el('ul', { 'data-asrun-corrections': true }, recorded.map((c) => el('li', { 'data-asrun-correction': c.correction_type },
      `${c.correction_type}${c.step_id ? ` · ${c.step_id}` : ''}${c.actual_procedure_id ? ` · ${c.actual_procedure_id}` : ''} by ${c.executor_id}: `,
      el('q', {}, c.reason))))
    : el('p', {}, 'No corrections yet.');
  const message = el('p', { 'data-asrun-form-message': true });
  const type = el('select', { name: 'correction_type' },
    CORRECTION_TYPES.map(([value, label]) => el('option', { value }, label)));
  const steps = new Map(data.steps.map((s) => [s.step_id, `${s.name} (${s.step_id})`]));
  data.run.deviations.filter((d) => d.step_id && !steps.has(d.step_id))
    .forEach((d) => steps.set(d.step_id, `${d.step_id} (${d.type})`));
  const step = el('select', { name: 'step_id' }, el('option', { value: '' }, '(none: wrong_procedure)'),
    [...steps].map(([value, label]) => el('option', { value }, label)));
  const actual = el('input', { name: 'actual_procedure_id' });
  const reason = el('textarea', { name: 'reason', 'aria-required': 'true' });
  const form = el('form', { class: 'asrun-form', 'data-asrun-correction-form': true },
    el('label', {}, 'Correction', type),
    el('label', {}, 'Step or extra action', step),
    el('label', {}, 'Procedure actually carried out (wrong_procedure)', actual),
    el('label', {}, 'Reason (required)', reason),
    el('button', { type: 'submit', class: 'btn btn-primary' }, 'Add correction'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) {
      replace(message, 'Say why: the reason is required.');
      message.className = 'asrun-error';
      return;
    }
    try {
      await post(pluginUrl(`runs/${encodeURIComponent(data.run.run_id)}/corrections`), {
        correction_type: type.value, step_id: step.value || null,
        actual_procedure_id: actual.value || null, reason: reason.value
      });
      reload();
    } catch (error) {
      replace(message, `The correction was not recorded: ${error.message}`);
      message.className = 'asrun-error';
    }
  });
  return el('div', {}, list, el('h2', {}, 'Add a correction'), form);
}

function nested(children) {
  if (!children.length) return el('p', {}, 'No nested runs.');
  return table(['Run', 'Procedure', 'Status', 'Deviations'],
    children.map((c) => [el('a', { href: runHref(c.run_id), 'data-asrun-run-link': c.run_id }, c.run_id),
      c.procedure_id, c.status, String(c.deviation_count)]),
    { 'data-asrun-nested-runs': true });
}
