// The run page's signatures (21 CFR 11.50): each signature's manifestation (the signer's printed
// name, the date and time, the meaning, the comment), the run's signature status, what is still
// required and by whom, and the sign dialog for the meanings the server says the user may give now
// (signing.can_sign, decided by the rules of signing; the page decides nothing itself).
import { el, replace, table } from './dom.js';
import { post, pluginUrl } from './api.js';

const STATUS = {
  not_required: 'no signature is required by the procedure',
  unsigned: 'unsigned: no required signature is given yet',
  partially_signed: 'partially signed: some required signatures are missing',
  signed: 'signed: every required signature is given'
};

/** The date and time a signature was given, in the browser's zone, with the zone named. */
function signedAt(iso) {
  return new Date(iso).toLocaleString(undefined, { timeZoneName: 'short' });
}

function manifestations(list) {
  if (!list.length) return el('p', {}, 'No signatures yet.');
  return table(['Meaning', 'Signed by', 'Date and time', 'Comment'],
    list.map((s) => [
      el('strong', { 'data-asrun-signature-meaning': s.meaning }, s.meaning),
      el('span', { 'data-asrun-signer': s.signer_id }, `${s.signer_name} (${s.signer_id})`),
      el('time', { datetime: s.signed_at, title: s.signed_at }, signedAt(s.signed_at)),
      s.comment || '']),
    { 'data-asrun-signatures': true });
}

/** Who may give a meaning still required, as the policy and the rules of signing say. */
function who(required) {
  const performers = required.performers.join(', ');
  if (required.meaning === 'performed') {
    return performers
      ? `by who performed the run (${performers})`
      : 'by anyone who may read the run';
  }
  const by = required.groups.length
    ? `by a member of ${required.groups.join(', ')}`
    : 'by anyone who may read the run';
  return performers ? `${by}, not by who performed it (${performers})` : by;
}

function stillRequired(signing) {
  if (!signing.still_required.length) return null;
  return el('div', {},
    el('h3', {}, 'Still required, in this order'),
    el('ol', { 'data-asrun-still-required': true }, signing.still_required.map((r) =>
      el('li', { 'data-asrun-required-meaning': r.meaning }, el('strong', {}, r.meaning), ` — ${who(r)}`))));
}

/**
 * The sign dialog: meaning (only those the user may give now), the password re-entered, a
 * comment. A refusal (wrong password, a rule of signing) is shown in the dialog; after a
 * signature, or when the dialog is closed after a refusal (recorded in the run's audit trail),
 * the page is read again.
 */
function signDialog(runId, canSign, reload) {
  const meaning = el('select', { name: 'meaning', 'data-asrun-sign-meaning': true },
    canSign.map((m) => el('option', { value: m }, m)));
  const password = el('input', {
    type: 'password', name: 'password', autocomplete: 'current-password', 'aria-required': 'true',
    'data-asrun-sign-password': true
  });
  const comment = el('textarea', { name: 'comment', 'data-asrun-sign-comment': true });
  const message = el('p', { 'data-asrun-sign-message': true, role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'btn btn-primary', 'data-asrun-sign-submit': true }, 'Sign');
  let refused = false;
  const dialog = el('dialog', { class: 'asrun-dialog', 'data-asrun-sign-dialog': true });
  const cancel = el('button', { type: 'button', class: 'btn btn-default', 'data-asrun-sign-cancel': true,
    onclick: () => dialog.close() }, 'Cancel');
  const form = el('form', { class: 'asrun-form', method: 'dialog' },
    el('h2', {}, 'Sign this run'),
    el('p', {}, 'Your signature is bound to the record as it stands now. Re-enter your password to sign.'),
    el('label', {}, 'Meaning', meaning),
    el('label', {}, 'Password (re-entered)', password),
    el('label', {}, 'Comment (optional)', comment),
    el('div', { class: 'asrun-dialog-buttons' }, submit, cancel),
    message);
  replace(dialog, form);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (refused) reload();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!password.value) {
      replace(message, 'Re-enter your password: a signature needs it.');
      message.className = 'asrun-error';
      return;
    }
    submit.disabled = true;
    try {
      await post(pluginUrl(`runs/${encodeURIComponent(runId)}/signatures`), {
        meaning: meaning.value, password: password.value, comment: comment.value || null
      });
      refused = false;
      dialog.close();
      reload();
    } catch (error) {
      refused = true;
      password.value = '';
      replace(message, `Not signed: ${error.message}`);
      message.className = 'asrun-error';
      message.setAttribute('data-asrun-sign-refused', 'true');
    } finally {
      submit.disabled = false;
    }
  });
  return dialog;
}

/** The signatures section of the run page; reload reads the page again. */
export function signatures(data, reload) {
  const run = data.run;
  const signing = data.signing;
  const ended = run.status === 'completed' || run.status === 'aborted';
  let action;
  if (signing.can_sign.length) {
    action = el('button', {
      type: 'button', class: 'btn btn-primary', 'data-asrun-sign-open': true,
      onclick: () => {
        const dialog = signDialog(run.run_id, signing.can_sign, reload);
        document.body.appendChild(dialog);
        dialog.showModal();
      }
    }, 'Sign…');
  } else if (!ended && signing.still_required.length) {
    action = el('p', { 'data-asrun-sign-unavailable': 'run_ended' }, 'Only an ended run is signed.');
  } else if (signing.still_required.length) {
    action = el('p', { 'data-asrun-sign-unavailable': 'rules' }, 'You may not give the signature required next.');
  }
  return el('div', { 'data-asrun-signatures-section': true },
    el('h2', {}, 'Signatures'),
    el('p', { 'data-asrun-signature-status': run.signature_status },
      el('strong', {}, 'Status: '), STATUS[run.signature_status] || run.signature_status),
    manifestations(run.signatures),
    stillRequired(signing),
    action);
}
