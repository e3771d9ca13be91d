// The page's error banner: a readable sentence from the problem's title and detail, and the
// request ID to quote to support.

import { h, icon } from './dom.js';

export function errorMessage(error, context) {
  // "The API key was not generated." / "Key already exists. This account already has ..." / request ID
  const title = error.title || 'Something went wrong';
  const lead = h('p', { class: 'alert-message' }, h('strong', { class: 'alert-context' }, context ? `${context}.` : title));
  const detail = [context ? h('span', { class: 'alert-title' }, `${title}. `) : null, error.detail ? h('span', { class: 'alert-detail' }, error.detail) : null]
    .filter(Boolean);
  const fieldErrors = (error.errors || []).filter((e) => e && e.message);
  const list = fieldErrors.length
    ? h('ul', { class: 'alert-fields' }, fieldErrors.map((e) => h('li', {}, e.field ? `${e.field}: ${e.message}` : e.message)))
    : null;
  const id = error.requestId
    ? h('p', { class: 'alert-request' }, 'Request ID: ', h('code', { class: 'request-id' }, error.requestId))
    : null;
  return [lead, detail.length ? h('p', { class: 'alert-text' }, detail) : null, list, id];
}

/** An inline alert (role=alert, so it is read out at once) for dialogs and forms. */
export function alertBox(error, context) {
  return h('div', { class: 'alert alert-error', role: 'alert' }, icon('error'),
    h('div', { class: 'alert-body' }, errorMessage(error, context)));
}

/**
 * Shows the error in a region (the page's banner by default, or the one beside the action that
 * failed), replacing an earlier one there.
 */
export function showError(error, context, region = document.getElementById('alerts')) {
  if (!region) return;
  const dismiss = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Dismiss this message', onclick: () => clearError(region) }, icon('close'));
  region.replaceChildren(h('div', { class: 'alert alert-error', role: 'alert' }, icon('error'),
    h('div', { class: 'alert-body' }, errorMessage(error, context)), dismiss));
}

export function clearError(region = document.getElementById('alerts')) {
  if (region) region.replaceChildren();
}
