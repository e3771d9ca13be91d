// The signed-in administrator's bearer token. Kept in this tab's sessionStorage at most (gone when
// the tab closes or on Sign out), never in localStorage, a cookie or the URL.

const KEY = 'threatcommand.session.token';

export function token() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function signIn(value) {
  try {
    sessionStorage.setItem(KEY, value);
  } catch {
    // storage refused (private mode): the token then lives only as long as this page
    memory = value;
  }
}

let memory = null;

export function current() {
  return token() || memory;
}

export function signOut() {
  memory = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

/** Whether a pasted value has the shape of a JWT (three base64url parts); the gateway decides the rest. */
export function looksLikeJwt(value) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

/**
 * The token's claims, for display only (who is signed in, until when). Nothing is decided on them:
 * the gateway verifies the token on every request.
 */
export function claims(value = current()) {
  if (!value) return {};
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')), (c) => c.charCodeAt(0)));
    const parsed = JSON.parse(json);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}
