// The page's sections, in the seed's order: Subscription Type, System Modules, Credits, Expiration
// Date, Customer Limitations, Stored Data, Downloads (with the account ID and the keys).

import { h, icon, button } from './dom.js';
import * as fmt from './format.js';
import { openGetMore } from './getmore.js';
import { documentsBlock } from './downloads.js';
import { keysBlock } from './keys.js';

/** Days before expiry from which the page warns. */
export const EXPIRY_WARNING_DAYS = 30;

export function card(id, title, ...content) {
  return h('section', { class: `card card-${id}`, id: `section-${id}`, 'aria-labelledby': `${id}-title` },
    h('h2', { class: 'card-title', id: `${id}-title` }, title),
    ...content);
}

export function renderSections(page) {
  const s = page.subscription;
  return [
    subscriptionType(s),
    systemModules(s, page),
    credits(s, page),
    expiration(s),
    limitations(s, page),
    storedData(s),
    downloads(page),
  ];
}

function getMoreButton(category, page, label) {
  const names = { MODULES: 'modules', CREDITS: 'credits', ASSETS: 'assets', REMEDIATIONS: 'remediations' };
  return button('Get More', (event) => openGetMore(category, page, event.currentTarget), {
    variant: 'secondary',
    class: 'btn btn-secondary get-more',
    'aria-label': label || `Get more ${names[category]}`,
    dataset: { category },
  });
}

function subscriptionType(s) {
  const expired = s.status === 'EXPIRED';
  return card('type', 'Subscription Type',
    h('p', { class: 'figure' },
      h('span', { id: 'subscription-type', class: `tier tier-${String(s.type).toLowerCase()}` }, s.type)),
    h('p', { class: 'card-note' },
      h('span', { id: 'subscription-status', class: `pill ${expired ? 'pill-danger' : 'pill-ok'}` },
        expired ? 'Expired' : 'Active')));
}

function systemModules(s, page) {
  const included = s.modules.filter((m) => m.included);
  const missing = s.modules.length - included.length;
  return card('modules', 'System Modules',
    included.length === 0
      ? h('p', { class: 'empty' }, 'No module is included in this subscription.')
      : h('ul', { class: 'chips', id: 'included-modules', 'aria-label': 'Included modules' },
        included.map((m) => h('li', { class: 'chip', dataset: { code: m.code } }, icon('check', 'icon icon-ok'), m.name))),
    h('div', { class: 'card-footer' },
      h('p', { class: 'card-note' }, `${included.length} of ${s.modules.length} modules included`),
      missing > 0
        ? getMoreButton('MODULES', page)
        : h('p', { class: 'card-note' }, 'Every module is included.')));
}

function credits(s, page) {
  return card('credits', 'Credits',
    h('p', { class: 'figure' },
      h('span', { id: 'credits-balance', class: 'figure-value' }, fmt.number(s.credits.balance)),
      h('span', { class: 'figure-unit' }, s.credits.balance === 1 ? ' credit available' : ' credits available')),
    h('div', { class: 'card-footer' }, h('span'), getMoreButton('CREDITS', page)));
}

function expiration(s) {
  const expired = s.status === 'EXPIRED';
  const soon = !expired && s.daysRemaining <= EXPIRY_WARNING_DAYS;
  let note;
  if (expired) {
    note = h('div', { class: 'notice notice-danger', id: 'expiry-warning' }, icon('error'),
      h('p', {}, h('strong', {}, 'Your subscription has expired. '),
        'Credits can no longer be spent and usage cannot grow. Contact your Threat Command representative to renew.'));
  } else if (soon) {
    note = h('div', { class: 'notice notice-warning', id: 'expiry-warning' }, icon('warning'),
      h('p', {}, h('strong', {}, `Expires in ${fmt.plural(s.daysRemaining, 'day')}. `),
        'Renew before then to keep every module, your credits and your keys working.'));
  }
  return card('expiration', 'Expiration Date',
    h('p', { class: 'figure' },
      h('time', { id: 'expires-on', class: 'figure-value figure-date', datetime: s.expiresOn }, fmt.date(s.expiresOn))),
    h('p', { class: 'card-note', id: 'days-remaining' },
      expired ? 'Expired' : `${fmt.plural(s.daysRemaining, 'day')} remaining`),
    note);
}

function limitations(s, page) {
  const rows = [
    ['assets', 'Assets', 'ASSETS', s.limitations.assets],
    ['remediations', 'Remediations', 'REMEDIATIONS', s.limitations.remediations],
  ];
  return card('limitations', 'Customer Limitations',
    h('ul', { class: 'limits' }, rows.map(([key, label, category, usage]) => {
      const ratio = usage.limit > 0 ? Math.min(usage.used / usage.limit, 1) : 1;
      const full = usage.used >= usage.limit;
      const bar = h('span', { class: 'meter-fill' });
      bar.style.width = `${Math.round(ratio * 100)}%`;
      return h('li', { class: `limit${full ? ' limit-full' : ''}`, id: `limit-${key}` },
        h('div', { class: 'limit-head' },
          h('span', { class: 'limit-label' }, label),
          h('span', { class: 'limit-value' },
            h('span', { class: 'limit-used' }, fmt.number(usage.used)), ' / ',
            h('span', { class: 'limit-max' }, fmt.number(usage.limit)), ' used')),
        h('span', { class: 'meter', 'aria-hidden': 'true' }, bar),
        h('div', { class: 'limit-foot' },
          h('span', { class: `card-note${full ? ' text-danger' : ''}` },
            full ? 'Limit reached' : `${fmt.number(usage.remaining)} remaining`),
          getMoreButton(category, page)));
    })));
}

function storedData(s) {
  return card('stored-data', 'Stored Data',
    h('p', { class: 'figure figure-with-icon' }, icon('globe', 'icon icon-lg'),
      h('span', { id: 'stored-data-location', class: 'figure-value figure-text' }, s.storedData.location)),
    h('p', { class: 'card-note' }, 'Region ', h('span', { id: 'stored-data-region', class: 'code' }, s.storedData.region),
      '. Your data is stored and processed in this region.'));
}

function downloads(page) {
  return card('downloads', 'Downloads',
    documentsBlock(),
    keysBlock(page));
}
