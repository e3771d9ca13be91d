// Downloads: the User Guide (PDF) and the API guide (ZIP). Fetched with the bearer token (a plain
// link could not carry it) and saved under the file name the server gives.

import { h, icon, button, busy } from './dom.js';
import { api } from './api.js';
import * as fmt from './format.js';
import { showError, clearError } from './alerts.js';

const DOCUMENTS = [
  {
    id: 'user-guide',
    title: 'User Guide',
    text: 'How to use this page: subscription, Get More, downloads, keys and account ID.',
    format: 'PDF',
    icon: 'doc',
    path: '/api/v1/subscription/documents/user-guide',
    accept: 'application/pdf',
    fallback: 'threat-command-user-guide.pdf',
  },
  {
    id: 'api-guide',
    title: 'API DOC',
    text: 'The API reference as a web page to read offline, with its OpenAPI document.',
    format: 'HTML in a ZIP',
    icon: 'archive',
    path: '/api/v1/subscription/documents/api-guide',
    accept: 'application/zip',
    fallback: 'threat-command-api-guide.zip',
  },
];

export function documentsBlock() {
  const status = h('p', { class: 'download-status', id: 'download-status', role: 'status', 'aria-live': 'polite' });
  const errors = h('div', { class: 'inline-alerts', id: 'download-errors' });
  return h('div', { class: 'subsection' },
    h('h3', { class: 'subsection-title' }, 'Documents'),
    h('ul', { class: 'documents' }, DOCUMENTS.map((doc) => {
      const btn = button([icon('download'), h('span', {}, 'Download')], (event) => download(doc, event.currentTarget, status, errors), {
        id: `download-${doc.id}`,
        'aria-label': `Download the ${doc.title} (${doc.format})`,
      });
      return h('li', { class: 'document' },
        h('span', { class: 'document-icon' }, icon(doc.icon, 'icon icon-lg')),
        h('div', { class: 'document-text' },
          h('span', { class: 'document-title' }, doc.title, ' ', h('span', { class: 'badge' }, doc.format)),
          h('span', { class: 'card-note' }, doc.text)),
        btn);
    })),
    status,
    errors);
}

async function download(doc, btn, status, errors) {
  await busy(btn, async () => {
    status.textContent = `Downloading the ${doc.title}…`;
    try {
      const response = await api(doc.path, { raw: true, cache: 'no-cache', headers: { Accept: doc.accept } });
      const blob = await response.blob();
      const name = fileName(response.headers.get('Content-Disposition')) || doc.fallback;
      save(blob, name);
      clearError(errors);
      status.textContent = `Downloaded ${name} (${fmt.bytes(blob.size)}).`;
    } catch (error) {
      status.textContent = `The ${doc.title} could not be downloaded.`;
      showError(error, `The ${doc.title} could not be downloaded`, errors);
    }
  });
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The file name of a Content-Disposition header (RFC 6266), reduced to a safe base name. */
export function fileName(header) {
  if (!header) return null;
  let name = null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*("([^"]*)"|[^;\s]+)/i.exec(header);
    if (plain) name = plain[2] !== undefined ? plain[2] : plain[1];
  }
  if (!name) return null;
  const base = name.split(/[\\/]/).pop().replace(/[\u0000-\u001f]/g, '').trim();
  return base && base !== '.' && base !== '..' ? base : null;
}
