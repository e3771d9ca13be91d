// Building the page without markup strings: every value from the API goes in as text, never as
// HTML (the page's Content-Security-Policy also refuses inline scripts and HTML sinks).

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('button', {class: 'btn', onclick: fn, 'aria-label': 'x'}, 'text', child, [children])
 * Attributes: on* functions become listeners; booleans set or omit; null/undefined are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

function applyAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A decorative icon from a small set of paths (24×24), hidden from assistive technology. */
export function icon(name, cls = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICONS[name] || []) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

const ICONS = {
  check: ['M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z'],
  warning: ['M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z'],
  error: ['M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2v2zm0-4h-2V7h2v6z'],
  info: ['M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z'],
  copy: ['M16 1H4a2 2 0 0 0-2 2v14h2V3h12V1zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm0 16H8V7h11v14z'],
  download: ['M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z'],
  key: ['M12.65 10A6 6 0 1 0 12.65 14H17v4h4v-4h2v-4H12.65zM7 14a2 2 0 1 1 0-4 2 2 0 0 1 0 4z'],
  lock: ['M18 8h-1V6A5 5 0 0 0 7 6v2H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V10a2 2 0 0 0-2-2zm-6 9a2 2 0 1 1 0-4 2 2 0 0 1 0 4zm3.1-9H8.9V6a3.1 3.1 0 0 1 6.2 0v2z'],
  doc: ['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z'],
  archive: ['M20.54 5.23 19.15 3.55A1.45 1.45 0 0 0 18 3H6c-.47 0-.88.21-1.16.55L3.46 5.23A2 2 0 0 0 3 6.5V19a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6.5c0-.48-.17-.93-.46-1.27zM12 17.5 6.5 12H10v-2h4v2h3.5L12 17.5zM5.12 5l.81-1h12l.94 1H5.12z'],
  globe: ['M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.93 6h-2.95a15.7 15.7 0 0 0-1.38-3.56A8.03 8.03 0 0 1 18.93 8zM12 4.04c.83 1.2 1.48 2.53 1.91 3.96h-3.82c.43-1.43 1.08-2.76 1.91-3.96zM4.26 14a8.2 8.2 0 0 1 0-4h3.38a16.5 16.5 0 0 0 0 4H4.26zm.81 2h2.95c.32 1.25.78 2.45 1.38 3.56A8 8 0 0 1 5.07 16zm2.95-8H5.07a8 8 0 0 1 4.33-3.56A15.7 15.7 0 0 0 8.02 8zM12 19.96A14 14 0 0 1 10.09 16h3.82A14 14 0 0 1 12 19.96zM14.34 14H9.66a14.7 14.7 0 0 1 0-4h4.68a14.7 14.7 0 0 1 0 4zm.25 5.56c.6-1.11 1.06-2.31 1.38-3.56h2.95a8.03 8.03 0 0 1-4.33 3.56zM16.36 14a16.5 16.5 0 0 0 0-4h3.38a8.2 8.2 0 0 1 0 4h-3.38z'],
  calendar: ['M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V10h14v10zm0-12H5V6h14v2z'],
  close: ['M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z'],
};

/** Says something to screen-reader users (and nobody else) through the page's live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // a new text node after a tick, so that the same message twice is announced twice
  setTimeout(() => { region.textContent = message; }, 50);
}

/**
 * A modal dialog (native <dialog>: focus stays inside, Escape closes, the page behind is inert).
 * Focus goes to `initialFocus` (or the first field) on open and back to the opener on close (or
 * to `returnFocus()` when the opener was redrawn meanwhile); the dialog is removed from the
 * document when it closes, with everything it showed.
 */
export function openDialog({ title, body, actions = [], className = '', initialFocus, onClose, describedBy, returnFocus }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const heading = h('h2', { id: titleId, class: 'dialog-title' }, title);
  const content = h('div', { class: 'dialog-body' });
  const footer = h('div', { class: 'dialog-actions' });
  const close = h('button', { type: 'button', class: 'icon-button dialog-close', 'aria-label': 'Close' }, icon('close'));
  const dialog = h('dialog', { class: `dialog ${className}`.trim(), 'aria-labelledby': titleId },
    h('div', { class: 'dialog-header' }, heading, close), content, footer);
  if (describedBy) dialog.setAttribute('aria-describedby', describedBy);
  const api = {
    element: dialog,
    setBody(...nodes) { content.replaceChildren(...present(nodes)); },
    setActions(...nodes) { footer.replaceChildren(...present(nodes)); footer.hidden = present(nodes).length === 0; },
    setTitle(text) { heading.textContent = text; },
    close() { if (dialog.open) dialog.close(); },
    get open() { return dialog.isConnected && dialog.open; },
  };
  close.addEventListener('click', () => api.close());
  dialog.addEventListener('close', () => {
    content.replaceChildren();
    dialog.remove();
    if (onClose) onClose();
    // back to the control that opened the dialog, or to its replacement if the page was redrawn
    let target = opener && opener.isConnected ? opener : null;
    if (!target && returnFocus) target = returnFocus();
    if (!target) target = document.getElementById('main');
    if (target) target.focus();
  });
  api.setBody(body || []);
  api.setActions(actions);
  document.body.append(dialog);
  dialog.showModal();
  const focusTarget = initialFocus || dialog.querySelector('input, select, textarea, button:not(.dialog-close)');
  if (focusTarget) focusTarget.focus();
  return api;
}

function present(nodes) {
  return nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false);
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A button; `variant` is primary, secondary, danger or link. */
export function button(label, onclick, { variant = 'secondary', type = 'button', ...attrs } = {}) {
  return h('button', { type, class: `btn btn-${variant}`, onclick, ...attrs }, label);
}

/** Marks a button busy while `work` runs, so that a second click does nothing. */
export async function busy(btn, work) {
  if (btn.getAttribute('aria-disabled') === 'true') return undefined;
  btn.setAttribute('aria-disabled', 'true');
  btn.classList.add('is-busy');
  try {
    return await work();
  } finally {
    btn.removeAttribute('aria-disabled');
    btn.classList.remove('is-busy');
  }
}
