// The plugin's REST resources (/camunda/api/cockpit/plugin/asrun/{engine}/...) and the engine's.
// Cockpit hands diagram plugins a malformed api.engine, so the engine is read from the page's URL
// (/camunda/app/cockpit/{engine}/#/...) and the API roots from Cockpit's <base> element.

function base(attribute) {
  const value = document.querySelector('base')?.getAttribute(attribute) ?? '';
  return value.endsWith('/') ? value.slice(0, -1) : value;
}

/** The engine the page is about. */
export function engine() {
  const match = window.location.pathname.match(/\/app\/cockpit\/([^/]+)/);
  return match ? decodeURIComponent(match[1]) : 'default';
}

/** The URL of the plugin's resource at path (segments already encoded). */
export function pluginUrl(path) {
  return `${base('cockpit-api')}/plugin/asrun/${encodeURIComponent(engine())}/${path}`;
}

/** The URL of the engine REST API's resource at path. */
export function engineUrl(path) {
  return `${base('engine-api')}/engine/${encodeURIComponent(engine())}/${path}`;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : '';
}

async function answer(response) {
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message = body && (body.message || body.detail);
    throw new Error(message || `${response.status} ${response.statusText}`);
  }
  return body;
}

/** GET JSON. */
export async function get(url) {
  return answer(await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

/** POST JSON with Cockpit's CSRF token. */
export async function post(url, body) {
  return answer(await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrfToken() },
    body: JSON.stringify(body)
  }));
}

/** The id after `#/<segment>/` in the page's hash, e.g. a run or a process definition id. */
export function idFromHash(segment) {
  const match = window.location.hash.match(new RegExp(`^#/${segment}/([^/?]+)`));
  return match ? decodeURIComponent(match[1]) : null;
}

/** The hash link of a run's page. */
export function runHref(runId) {
  return `#/asrun/runs/${encodeURIComponent(runId)}`;
}

/** The hash link of a procedure's redline view. */
export function redlinesHref(procedureId) {
  return `#/asrun/procedures/${encodeURIComponent(procedureId)}/redlines`;
}
