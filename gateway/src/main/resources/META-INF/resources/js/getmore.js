// "Get More": a small form (modules not yet included, or a quantity; a message), sent to Sales as
// an upgrade request; then its status (PENDING until the email has gone, then SENT) and the
// account's earlier requests.

import { h, button, busy, openDialog, announce, uid } from './dom.js';
import { api, idempotencyKey } from './api.js';
import * as fmt from './format.js';
import { alertBox } from './alerts.js';

const NOUN = { MODULES: 'modules', CREDITS: 'credits', ASSETS: 'assets', REMEDIATIONS: 'remediations' };
const MAX_QUANTITY = 1000000;
const MAX_MESSAGE = 2000;
const POLL_EVERY_MS = 2000;
const POLL_TIMES = 20;
const STATUS_TEXT = {
  PENDING: 'Waiting to be emailed to Sales',
  SENT: 'Emailed to Sales',
  FAILED: 'Could not be emailed to Sales',
};

export function openGetMore(category, page) {
  const s = page.subscription;
  const formId = uid('get-more-form');
  const problems = h('div', { class: 'inline-alerts', id: 'get-more-errors' });
  const fields = category === 'MODULES' ? modulesField(s) : quantityField(category, s);
  const message = messageField();
  let key = idempotencyKey();
  const form = h('form', { id: formId, class: 'form', novalidate: true },
    h('p', { class: 'card-note' }, 'Your request goes to Sales by email; they will get back to you',
      page.email ? ` at ${page.email}` : '', '.'),
    fields.node,
    message.node,
    problems);
  const send = button('Send request', null, { variant: 'primary', type: 'submit', form: formId, id: 'get-more-submit' });
  const history = historyBlock(page, false);
  const dialog = openDialog({
    title: `Get more ${NOUN[category]}`,
    className: 'dialog-form',
    body: [form, history.node],
    actions: [button('Cancel', () => dialog.close(), { id: 'get-more-cancel' }), send],
    initialFocus: fields.focus,
  });
  if (!fields.available) {
    send.hidden = true;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(send, async () => {
      problems.replaceChildren();
      const body = fields.read();
      if (!body) return;
      const text = message.read();
      if (text) body.message = text;
      try {
        const request = await api('/api/v1/subscription/upgrade-requests', {
          method: 'POST',
          body: { category, ...body },
          headers: { 'Idempotency-Key': key },
        });
        showStatus(dialog, request, page, category);
      } catch (error) {
        key = idempotencyKey(); // a refused request stored nothing; the next attempt is a new one
        problems.replaceChildren(alertBox(error, 'The request was not sent'));
        fields.mark(error);
      }
    });
  });
}

function modulesField(s) {
  const missing = s.modules.filter((m) => !m.included);
  if (missing.length === 0) {
    return { node: h('p', {}, 'Your subscription already includes every module.'), read: () => null, mark() {}, available: false };
  }
  const legendId = uid('modules-legend');
  const errorId = uid('modules-error');
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const boxes = missing.map((m) => h('input', { type: 'checkbox', name: 'modules', value: m.code, id: `get-more-module-${m.code}` }));
  const node = h('fieldset', { class: 'choices', 'aria-labelledby': legendId, 'aria-describedby': errorId },
    h('legend', { id: legendId }, 'Modules to add'),
    missing.map((m, i) => h('label', { class: 'choice', for: boxes[i].id }, boxes[i], h('span', {}, m.name))),
    error);
  return {
    node,
    available: true,
    focus: boxes[0],
    read() {
      const modules = boxes.filter((b) => b.checked).map((b) => b.value);
      if (modules.length === 0) {
        error.textContent = 'Choose at least one module.';
        error.hidden = false;
        boxes[0].focus();
        return null;
      }
      error.hidden = true;
      return { modules };
    },
    mark(problem) {
      const message = fieldMessage(problem, 'modules');
      if (message) {
        error.textContent = message;
        error.hidden = false;
      }
    },
  };
}

function quantityField(category, s) {
  const noun = NOUN[category];
  const errorId = uid('quantity-error');
  const hintId = uid('quantity-hint');
  const input = h('input', {
    id: 'get-more-quantity', type: 'number', name: 'quantity', min: '1', max: String(MAX_QUANTITY), step: '1',
    inputmode: 'numeric', required: true, 'aria-describedby': `${hintId} ${errorId}`,
  });
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  let current;
  if (category === 'CREDITS') {
    current = `You have ${fmt.plural(s.credits.balance, 'credit')}.`;
  } else {
    const usage = s.limitations[noun];
    current = `Your limit is ${fmt.number(usage.limit)} ${noun}; ${fmt.number(usage.used)} used.`;
  }
  const node = h('div', { class: 'field' },
    h('label', { for: input.id }, `How many more ${noun}?`),
    input,
    h('p', { class: 'field-hint', id: hintId }, current, ` From 1 to ${fmt.number(MAX_QUANTITY)}.`),
    error);
  const fail = (text) => {
    error.textContent = text;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return null;
  };
  return {
    node,
    available: true,
    focus: input,
    read() {
      const raw = input.value.trim();
      const quantity = Number(raw);
      if (raw === '' || !Number.isInteger(quantity)) return fail('Enter a whole number.');
      if (quantity < 1 || quantity > MAX_QUANTITY) return fail(`Enter a number from 1 to ${fmt.number(MAX_QUANTITY)}.`);
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      return { quantity };
    },
    mark(problem) {
      const message = fieldMessage(problem, 'quantity');
      if (message) fail(message);
    },
  };
}

function messageField() {
  const countId = uid('message-count');
  const area = h('textarea', { id: 'get-more-message', name: 'message', rows: '3', maxlength: String(MAX_MESSAGE), 'aria-describedby': countId });
  const count = h('p', { class: 'field-hint', id: countId }, `Up to ${fmt.number(MAX_MESSAGE)} characters.`);
  area.addEventListener('input', () => {
    count.textContent = `${fmt.number(area.value.length)} of ${fmt.number(MAX_MESSAGE)} characters.`;
  });
  return {
    node: h('div', { class: 'field' }, h('label', { for: area.id }, 'Message to Sales ', h('span', { class: 'optional' }, '(optional)')), area, count),
    read: () => area.value.trim(),
  };
}

function fieldMessage(problem, field) {
  const match = (problem.errors || []).find((e) => e && typeof e.field === 'string' && e.field.endsWith(field));
  return match ? match.message : null;
}

// --- after sending ---------------------------------------------------------------------------------

function showStatus(dialog, request, page, category) {
  const pill = h('span', { class: 'pill', id: 'get-more-status' });
  const text = h('p', { class: 'status-text', id: 'get-more-status-text', role: 'status', 'aria-live': 'polite' });
  const update = (current) => {
    pill.textContent = current.status;
    pill.className = `pill ${current.status === 'SENT' ? 'pill-ok' : current.status === 'FAILED' ? 'pill-danger' : 'pill-pending'}`;
    pill.dataset.status = current.status;
    if (current.status === 'SENT') {
      text.textContent = `${STATUS_TEXT.SENT}${current.sentAt ? ` on ${fmt.instant(current.sentAt)}` : ''}. They will get back to you.`;
    } else if (current.status === 'FAILED') {
      text.textContent = `${STATUS_TEXT.FAILED}. Contact your Threat Command representative and quote the request ID.`;
    } else {
      text.textContent = `${STATUS_TEXT.PENDING}; this usually takes a few seconds.`;
    }
  };
  update(request);
  const history = historyBlock(page, true);
  dialog.setTitle('Request received');
  dialog.setBody(
    h('div', { class: 'request-summary' },
      h('dl', { class: 'facts' },
        h('dt', {}, 'Asked for'), h('dd', { id: 'get-more-asked' }, describe(request, page.subscription)),
        request.message ? [h('dt', {}, 'Message'), h('dd', { class: 'message' }, request.message)] : null,
        h('dt', {}, 'Status'), h('dd', {}, pill),
        h('dt', {}, 'Request ID'), h('dd', {}, h('code', { id: 'get-more-request-id' }, request.id))),
      text),
    history.node);
  const close = button('Close', () => dialog.close(), { variant: 'primary', id: 'get-more-close' });
  dialog.setActions(close);
  close.focus();
  announce(`Request received: ${STATUS_TEXT[request.status] || request.status}.`);
  poll(dialog, request, (current) => {
    update(current);
    history.reload();
  });
}

async function poll(dialog, request, onChange) {
  let last = request.status;
  for (let i = 0; i < POLL_TIMES && last === 'PENDING'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    if (!dialog.open) return;
    try {
      const current = await api(`/api/v1/subscription/upgrade-requests/${encodeURIComponent(request.id)}`);
      if (current.status !== last) {
        last = current.status;
        onChange(current);
      }
    } catch {
      // keep the last known status; the list shows the truth on the next visit
    }
  }
  if (last === 'PENDING' && dialog.open) {
    const text = document.getElementById('get-more-status-text');
    if (text) text.textContent = `${STATUS_TEXT.PENDING}. It will be sent as soon as the mail server accepts it; you can close this window.`;
  }
}

function describe(request, subscription) {
  if (request.category === 'MODULES') {
    const names = new Map(subscription.modules.map((m) => [m.code, m.name]));
    return (request.modules || []).map((code) => names.get(code) || code).join(', ');
  }
  return `${fmt.number(request.quantity)} more ${NOUN[request.category] || request.category.toLowerCase()}`;
}

/** The account's recent requests, newest first (collapsed before sending, open after). */
function historyBlock(page, open) {
  const body = h('div', { class: 'history-body' }, h('p', { class: 'card-note' }, 'Loading…'));
  const details = h('details', { class: 'history', id: 'get-more-history', open }, h('summary', {}, 'Your recent requests'), body);
  let loaded = false;
  const load = async () => {
    loaded = true;
    try {
      const list = await api('/api/v1/subscription/upgrade-requests?limit=10');
      body.replaceChildren(list.items.length === 0
        ? h('p', { class: 'card-note' }, 'No request yet.')
        : h('table', { class: 'requests' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Request'), h('th', { scope: 'col' }, 'Status'))),
          h('tbody', {}, list.items.map((r) => h('tr', { dataset: { id: r.id } },
            h('td', {}, h('time', { datetime: r.createdAt }, fmt.instant(r.createdAt))),
            h('td', {}, describe(r, page.subscription)),
            h('td', {}, h('span', { class: `pill ${r.status === 'SENT' ? 'pill-ok' : r.status === 'FAILED' ? 'pill-danger' : 'pill-pending'}` }, r.status)))))));
    } catch (error) {
      body.replaceChildren(alertBox(error, 'Your requests could not be loaded'));
    }
  };
  if (open) load();
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) load();
  });
  return { node: details, reload: () => (details.open ? load() : undefined) };
}
