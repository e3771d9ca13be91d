// The account ID, the API key and the appliance key: status, Generate, Rotate (with a grace
// period) and Revoke (after a confirmation that says integrations will break). A new key is shown
// once, in a dialog with a Copy button; it is never stored anywhere and is gone when the dialog
// closes.

import { h, icon, button, busy, openDialog, announce, uid } from './dom.js';
import { api } from './api.js';
import * as fmt from './format.js';
import { alertBox, showError, clearError } from './alerts.js';
import { copyText } from './clipboard.js';

const KINDS = {
  'api-key': {
    label: 'API key',
    noun: 'API key',
    field: 'apiKey',
    use: 'Integrations and scripts call the public API with your account ID and this key.',
    none: 'No API key yet. Generate one when you connect an integration.',
  },
  'appliance-key': {
    label: 'Appliance key',
    noun: 'appliance key',
    field: 'applianceKey',
    use: 'The virtual appliance connects with your account ID and this key.',
    none: 'No appliance key yet. Generate one when you connect the virtual appliance.',
  },
};

const GRACE_CHOICES = [
  { seconds: 0, label: 'No grace period', hint: 'the current key stops working at once' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours', checked: true },
  { seconds: 604800, label: '7 days' },
];

export function keysBlock(page) {
  const container = h('div', { class: 'subsection keys', id: 'keys' });
  page.refreshKeys = async () => {
    page.credentials = await api('/api/v1/credentials');
    renderKeys(container, page);
  };
  renderKeys(container, page);
  return container;
}

function renderKeys(container, page) {
  container.replaceChildren(
    h('h3', { class: 'subsection-title', id: 'keys-title' }, 'Account ID and keys'),
    h('div', { class: 'notice notice-info' }, icon('lock'),
      h('p', {}, 'Keys open your account to whoever holds them. Never share a key or the account ID and key together; store keys in a secret manager.')),
    accountIdRow(page.accountId),
    h('div', { class: 'key-cards' }, Object.keys(KINDS).map((kind) => keyCard(kind, page))));
}

function accountIdRow(accountId) {
  const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const value = h('code', { id: 'account-id', class: 'account-id' }, accountId);
  return h('div', { class: 'account-row' },
    h('div', {},
      h('span', { class: 'field-label', id: 'account-id-label' }, 'Account ID'),
      value,
      h('span', { class: 'card-note' }, 'It never changes and cannot be revoked.')),
    h('div', { class: 'copy-group' },
      button([icon('copy'), h('span', {}, 'Copy')], async () => {
        status.textContent = (await copyText(accountId)) ? 'Copied' : 'Copy failed: select it and copy by hand';
      }, { id: 'copy-account-id', 'aria-label': 'Copy the account ID' }),
      status));
}

function keyCard(kind, page) {
  const { label, noun, field, use, none } = KINDS[kind];
  const info = page.credentials[field] || { status: 'NONE' };
  const active = info.status === 'ACTIVE';
  const titleId = `key-${kind}-title`;
  const errors = h('div', { class: 'inline-alerts', id: `key-${kind}-errors` });
  const details = active
    ? h('dl', { class: 'facts' },
      fact('Key', h('code', { class: 'key-hint' }, info.hint)),
      fact('Created', h('time', { datetime: info.createdAt }, fmt.instant(info.createdAt))),
      fact('Created by', info.createdBy || '–'),
      fact('Last used', info.lastUsedAt ? h('time', { datetime: info.lastUsedAt }, fmt.instant(info.lastUsedAt)) : 'Never'),
      info.previous
        ? fact('Previous key', h('span', { class: 'previous-key' },
          h('code', {}, info.previous.hint), ' works until ',
          h('time', { datetime: info.previous.expiresAt }, fmt.instant(info.previous.expiresAt)),
          ` (${fmt.until(info.previous.expiresAt)})`))
        : null)
    : h('p', { class: 'empty' }, none);
  const actions = active
    ? [
      button('Rotate', (event) => rotate(kind, page, event.currentTarget, errors), { id: `rotate-${kind}`, 'aria-label': `Rotate the ${noun}` }),
      button('Revoke', (event) => revoke(kind, page, event.currentTarget, errors), { variant: 'danger', id: `revoke-${kind}`, 'aria-label': `Revoke the ${noun}` }),
    ]
    : [button(`Generate ${label}`, (event) => generate(kind, page, event.currentTarget, errors), { variant: 'primary', id: `generate-${kind}` })];
  return h('article', { class: `key-card${active ? ' is-active' : ''}`, id: `key-${kind}`, 'aria-labelledby': titleId, dataset: { status: info.status } },
    h('div', { class: 'key-card-head' },
      h('h4', { id: titleId }, icon('key'), label),
      h('span', { class: `pill ${active ? 'pill-ok' : 'pill-muted'}`, id: `key-${kind}-status` }, active ? 'Active' : 'None')),
    h('p', { class: 'card-note' }, use),
    details,
    errors,
    h('div', { class: 'key-actions' }, actions));
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

/** Focus for after a dialog, once the card has been redrawn: its first action. */
function cardAction(kind) {
  return () => document.querySelector(`#key-${kind} .key-actions button`);
}

async function generate(kind, page, btn, errors) {
  const { noun } = KINDS[kind];
  await busy(btn, async () => {
    clearError(errors);
    try {
      const created = await api(`/api/v1/credentials/${kind}`, { method: 'POST' });
      showNewKey(kind, created, page);
    } catch (error) {
      showError(error, `The ${noun} was not generated`, errors);
      if (error.status === 409) await refreshQuietly(page, kind, errors);
    }
  });
}

function rotate(kind, page, opener, errors) {
  const { noun } = KINDS[kind];
  const info = page.credentials[KINDS[kind].field];
  const name = uid('grace');
  const legendId = uid('grace-legend');
  const problems = h('div', { class: 'inline-alerts' });
  const choices = GRACE_CHOICES.map((choice) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name, value: String(choice.seconds), checked: !!choice.checked }),
    h('span', {}, choice.label, choice.hint ? h('span', { class: 'choice-hint' }, ` (${choice.hint})`) : null)));
  const confirm = button('Rotate key', null, { variant: 'primary', id: 'confirm-rotate' });
  const dialog = openDialog({
    title: `Rotate the ${noun}`,
    body: [
      h('p', {}, `A new ${noun} is created now. The current key (`, h('code', {}, info.hint),
        ') keeps working for the grace period you choose, so that you can update your integrations; then it stops.'),
      h('fieldset', { class: 'choices', 'aria-labelledby': legendId },
        h('legend', { id: legendId }, 'Grace period for the current key'), choices),
      problems,
    ],
    actions: [button('Cancel', () => dialog.close(), { id: 'cancel-rotate' }), confirm],
    returnFocus: cardAction(kind),
  });
  confirm.addEventListener('click', () => busy(confirm, async () => {
    const selected = dialog.element.querySelector(`input[name="${name}"]:checked`);
    const graceSeconds = Number(selected ? selected.value : 86400);
    try {
      const created = await api(`/api/v1/credentials/${kind}/rotation`, { method: 'POST', body: { graceSeconds } });
      dialog.close();
      clearError(errors);
      showNewKey(kind, created, page);
    } catch (error) {
      problems.replaceChildren(alertBox(error, `The ${noun} was not rotated`));
    }
  }));
}

function revoke(kind, page, opener, errors) {
  const { noun } = KINDS[kind];
  const info = page.credentials[KINDS[kind].field];
  const problems = h('div', { class: 'inline-alerts' });
  const cancel = button('Cancel', () => dialog.close(), { id: 'cancel-revoke' });
  const confirm = button(`Revoke ${noun}`, null, { variant: 'danger-solid', id: 'confirm-revoke' });
  const warningId = uid('revoke-warning');
  const dialog = openDialog({
    title: `Revoke the ${noun}?`,
    className: 'dialog-danger',
    describedBy: warningId,
    body: [
      h('div', { class: 'notice notice-danger', id: warningId }, icon('warning'),
        h('p', {}, h('strong', {}, 'Integrations will break. '),
          `Everything that uses this ${noun} (`, h('code', {}, info.hint), ') is refused from now on',
          info.previous ? ', and so is the previous key still in its grace period' : '',
          '. This cannot be undone.')),
      h('p', {}, `You can generate a new ${noun} afterwards; every integration then needs the new key.`),
      problems,
    ],
    actions: [cancel, confirm],
    initialFocus: cancel,
    returnFocus: cardAction(kind),
  });
  confirm.addEventListener('click', () => busy(confirm, async () => {
    try {
      await api(`/api/v1/credentials/${kind}`, { method: 'DELETE' });
      await refreshQuietly(page, kind, errors);
      dialog.close();
      announce(`The ${noun} was revoked.`);
    } catch (error) {
      problems.replaceChildren(alertBox(error, `The ${noun} was not revoked`));
      if (error.status === 404) await refreshQuietly(page, kind, errors);
    }
  }));
}

/** The new key, once: a dialog with a Copy button. Nothing keeps the key after it closes. */
function showNewKey(kind, created, page) {
  const { label, noun } = KINDS[kind];
  // a read-only text area, so that the whole key is visible (and selectable) at any width
  const keyField = h('textarea', {
    id: 'new-key-value', class: 'secret secret-key', rows: '2', readonly: true, autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', 'aria-describedby': 'new-key-warning',
  });
  keyField.value = created.key;
  delete created.key;
  const accountField = h('input', { id: 'new-key-account', class: 'secret', type: 'text', readonly: true, autocomplete: 'off', spellcheck: 'false' });
  accountField.value = created.accountId;
  const copyStatus = h('p', { class: 'copy-status', id: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copyKey = button([icon('copy'), h('span', {}, 'Copy')], async () => {
    const ok = await copyText(keyField.value, keyField);
    copyStatus.textContent = ok ? `The ${noun} was copied to the clipboard.` : 'Copy failed: the key is selected, press Ctrl+C (or ⌘C) to copy it.';
    copyStatus.dataset.result = ok ? 'copied' : 'failed';
  }, { variant: 'primary', id: 'copy-new-key', 'aria-label': `Copy the ${noun}` });
  const copyAccount = button([icon('copy'), h('span', {}, 'Copy')], async () => {
    const ok = await copyText(accountField.value, accountField);
    copyStatus.textContent = ok ? 'The account ID was copied to the clipboard.' : 'Copy failed: select the account ID and copy it by hand.';
  }, { id: 'copy-new-key-account', 'aria-label': 'Copy the account ID' });
  const previous = created.previous
    ? h('p', { class: 'card-note' }, 'The previous key (', h('code', {}, created.previous.hint), ') keeps working until ',
      h('time', { datetime: created.previous.expiresAt }, fmt.instant(created.previous.expiresAt)), ` (${fmt.until(created.previous.expiresAt)}).`)
    : null;
  page.refreshKeys().catch(() => {});
  const done = button('Done', () => dialog.close(), { variant: 'secondary', id: 'close-new-key' });
  const dialog = openDialog({
    title: `Your new ${noun}`,
    className: 'dialog-key',
    body: [
      h('div', { class: 'notice notice-warning', id: 'new-key-warning' }, icon('warning'),
        h('p', {}, h('strong', {}, 'Copy the key now: it is shown only this once. '),
          'Threat Command keeps only a fingerprint of it, so nobody can show it to you again. Do not share it.')),
      h('div', { class: 'field' },
        h('label', { for: 'new-key-account' }, 'Account ID'),
        h('div', { class: 'field-row' }, accountField, copyAccount)),
      h('div', { class: 'field' },
        h('label', { for: 'new-key-value' }, label),
        h('div', { class: 'field-row' }, keyField, copyKey)),
      copyStatus,
      previous,
      h('p', { class: 'card-note' }, kind === 'api-key'
        ? 'Integrations send both as HTTP Basic credentials: account ID as the user name, the key as the password.'
        : 'Enter both in the virtual appliance\'s connection settings.'),
    ],
    actions: [done],
    initialFocus: copyKey,
    returnFocus: cardAction(kind),
    onClose: () => {
      keyField.value = '';
      announce(`The ${noun} dialog was closed; the key is no longer shown.`);
    },
  });
}

async function refreshQuietly(page, kind, errors) {
  try {
    await page.refreshKeys();
    // the card was redrawn: carry the message over to its new error region
    const fresh = document.getElementById(`key-${kind}-errors`);
    if (fresh && fresh !== errors && errors.firstChild) fresh.replaceChildren(...errors.childNodes);
  } catch {
    // the message about the action itself is more useful than one about the refresh
  }
}
