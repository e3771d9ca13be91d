// Calls the gateway's JSON API with the signed-in administrator's token. Every failure becomes an
// ApiError carrying the problem's title, detail and request ID, so the page can show a sentence a
// person can act on.

import * as session from './session.js';

export class ApiError extends Error {
  constructor({ status = 0, type = '', title = 'Error', detail = '', requestId = null, errors = [] }) {
    super(detail || title);
    this.status = status;
    this.type = type;
    this.slug = type ? type.substring(type.lastIndexOf('/') + 1) : '';
    this.title = title;
    this.detail = detail;
    this.requestId = requestId;
    this.errors = Array.isArray(errors) ? errors : [];
  }
}

const handlers = { unauthenticated: null, forbidden: null };

/** What to do when the gateway answers 401 (token invalid or expired) or 403 (not an admin). */
export function onAuthFailure({ unauthenticated, forbidden }) {
  handlers.unauthenticated = unauthenticated;
  handlers.forbidden = forbidden;
}

/**
 * fetch with the bearer token. Returns the parsed JSON (null for 204), or the Response itself when
 * `raw` is set; throws ApiError otherwise.
 */
export async function api(path, { method = 'GET', body, headers = {}, raw = false, cache = 'no-store' } = {}) {
  const requestHeaders = { Accept: raw ? '*/*' : 'application/json', ...headers };
  const bearer = session.current();
  if (bearer) requestHeaders.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) requestHeaders['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: requestHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache,
      credentials: 'omit',
      redirect: 'error',
    });
  } catch {
    throw new ApiError({
      title: 'The server cannot be reached',
      detail: 'Check your network connection, then try again.',
    });
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (error.status === 401 && handlers.unauthenticated) handlers.unauthenticated(error);
    if (error.status === 403 && handlers.forbidden) handlers.forbidden(error);
    throw error;
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

async function problemOf(response) {
  const requestId = response.headers.get('X-Request-Id');
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      const problem = await response.json();
      return new ApiError({
        status: response.status,
        type: typeof problem.type === 'string' ? problem.type : '',
        title: typeof problem.title === 'string' ? problem.title : statusTitle(response.status),
        detail: typeof problem.detail === 'string' ? problem.detail : '',
        requestId: typeof problem.requestId === 'string' ? problem.requestId : requestId,
        errors: problem.errors,
      });
    } catch {
      // not JSON after all: fall through
    }
  }
  return new ApiError({
    status: response.status,
    title: statusTitle(response.status),
    detail: 'The server answered unexpectedly. Try again in a moment.',
    requestId,
  });
}

function statusTitle(status) {
  if (status >= 500) return 'The service is not available';
  if (status === 404) return 'Not found';
  return `Request failed (${status})`;
}

/** A fresh Idempotency-Key, so that a retried click never asks twice. */
export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
