// Lists of runs: the runs tab of a process definition, the recent runs of the procedures page.
import { el, table, duration, time } from './dom.js';
import { runHref } from './api.js';

export function runsTable(runs) {
  if (!runs.length) return el('p', { 'data-asrun-runs': 'none' }, 'No runs.');
  return table(['Run', 'Status', 'Started', 'Duration', 'Executor', 'Deviations', 'Confirmation'],
    runs.map((r) => [
      el('a', { href: runHref(r.run_id), 'data-asrun-run-link': r.run_id }, r.run_id),
      r.abort_reason ? `${r.status} (${r.abort_reason})` : r.status,
      time(r.start_time),
      duration(r.duration_ms),
      (r.context && r.context.executor_id) || '',
      String(r.deviation_count),
      r.executor_confirmation || ''
    ]),
    { 'data-asrun-runs': true });
}
