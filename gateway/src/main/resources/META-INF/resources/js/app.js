// The Settings › Subscription page: sign-in by token, the page itself, and the "Administrators
// only" page. Plain ES modules, no framework, nothing fetched from anywhere but this gateway.

import { h, icon, button, announce } from './dom.js';
import { api, onAuthFailure } from './api.js';
import * as session from './session.js';
import { renderSections } from './sections.js';
import { errorMessage } from './alerts.js';

const main = document.getElementById('main');
const userArea = document.getElementById('user');
let view = null;

function show(name, ...nodes) {
  // a dialog left open (say, the session expired while it was) must not outlive its view
  document.querySelectorAll('dialog[open]').forEach((dialog) => dialog.close());
  view = name;
  document.body.dataset.view = name;
  main.setAttribute('aria-busy', 'false');
  main.replaceChildren(...nodes.flat());
}

/** Moves focus to the new view's heading, so that keyboard and screen-reader users start there. */
function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

// --- signing in and out ------------------------------------------------------------------------

function renderUser() {
  const claims = session.claims();
  const who = claims.name || claims.email || claims.sub || 'Signed in';
  userArea.replaceChildren(
    h('span', { class: 'user-name', title: claims.email || '' }, who),
    button('Sign out', signOut, { variant: 'link', id: 'sign-out' }));
  userArea.hidden = false;
}

function signOut() {
  session.signOut();
  userArea.hidden = true;
  userArea.replaceChildren();
  showSignIn({ notice: 'You are signed out. The token was removed from this browser tab.' });
}

function showSignIn({ error, notice } = {}) {
  userArea.hidden = true;
  const field = h('textarea', {
    id: 'token', name: 'token', rows: '5', required: true, autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', 'aria-describedby': 'token-hint token-error', class: 'token-input',
  });
  const problem = h('div', { id: 'token-error', class: 'inline-alerts' });
  if (error) problem.replaceChildren(alertLike(error));
  const form = h('form', { class: 'form', id: 'sign-in-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'token' }, 'Access token'),
      field,
      h('p', { class: 'field-hint', id: 'token-hint' },
        'The bearer token (JWT) your identity provider issued to you. It is kept only in this browser tab and is removed when you sign out or close the tab.')),
    problem,
    h('div', { class: 'form-actions' }, button('Sign in', null, { variant: 'primary', type: 'submit', id: 'sign-in' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = field.value.trim().replace(/^Bearer\s+/i, '');
    if (!session.looksLikeJwt(value)) {
      field.setAttribute('aria-invalid', 'true');
      problem.replaceChildren(alertLike({ title: 'This is not a token', detail: 'Paste the whole JWT: three parts separated by dots.' }));
      field.focus();
      return;
    }
    session.signIn(value);
    loadPage();
  });
  show('sign-in', h('div', { class: 'center-card' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'lede' }, 'The Subscription page is for your account\'s administrators.'),
    notice ? h('p', { class: 'notice notice-info', role: 'status' }, icon('info'), h('span', {}, notice)) : null,
    form));
  if (error) field.setAttribute('aria-invalid', 'true');
  field.focus();
}

function alertLike(error) {
  return h('div', { class: 'alert alert-error', role: 'alert' }, icon('error'), h('div', { class: 'alert-body' }, errorMessage(error)));
}

function showAdministratorsOnly(error) {
  renderUser();
  const claims = session.claims();
  show('administrators-only', h('div', { class: 'center-card' },
    h('div', { class: 'center-icon' }, icon('lock', 'icon icon-xl')),
    h('h1', {}, 'Administrators only'),
    h('p', { class: 'lede' },
      'You are signed in', claims.email ? ` as ${claims.email}` : '', ', but this page is for your account\'s administrators. ',
      'Ask an administrator of your Threat Command account for access, or sign in with another account.'),
    error && error.requestId ? h('p', { class: 'card-note' }, 'Request ID: ', h('code', { class: 'request-id' }, error.requestId)) : null,
    h('div', { class: 'form-actions' }, button('Sign in with another account', signOut, { variant: 'primary', id: 'switch-account' }))));
  focusHeading();
  announce('Administrators only.');
}

onAuthFailure({
  unauthenticated(error) {
    if (view === 'sign-in') return;
    session.signOut();
    showSignIn({
      error: {
        title: 'Please sign in again',
        detail: `${error.detail || 'The token was not accepted.'} Paste a new token from your identity provider.`,
        requestId: error.requestId,
      },
    });
  },
  forbidden(error) {
    if (view === 'administrators-only') return;
    showAdministratorsOnly(error);
  },
});

// --- the page ----------------------------------------------------------------------------------

async function loadPage() {
  renderUser();
  show('loading', h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading your subscription…'));
  main.setAttribute('aria-busy', 'true');
  try {
    const [subscription, credentials, account] = await Promise.all([
      api('/api/v1/subscription'),
      api('/api/v1/credentials'),
      api('/api/v1/credentials/account-id'),
    ]);
    const claims = session.claims();
    const page = { subscription, credentials, accountId: account.accountId, email: claims.email };
    show('subscription',
      h('div', { class: 'page-head' },
        h('h1', {}, 'Subscription'),
        h('p', { class: 'lede' }, 'Your plan, what it includes, and the keys your integrations use.')),
      h('div', { id: 'alerts', class: 'alerts' }),
      h('div', { class: 'grid' }, renderSections(page)));
    focusHeading();
    announce('Subscription page loaded.');
  } catch (error) {
    if (error.status === 401 || error.status === 403) return; // handled: sign-in or administrators only
    show('error', h('div', { class: 'center-card' },
      h('h1', {}, 'The page could not be loaded'),
      alertLike(error),
      h('div', { class: 'form-actions' }, button('Try again', loadPage, { variant: 'primary', id: 'retry' }))));
    focusHeading();
  }
}

if (session.current()) {
  loadPage();
} else {
  showSignIn();
}
