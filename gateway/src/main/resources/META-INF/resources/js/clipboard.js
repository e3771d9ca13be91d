// Copy to the clipboard: the asynchronous Clipboard API, else the selection and execCommand (older
// browsers, or a page that is not a secure context).

export async function copyText(text, field) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // denied: try the selection below
  }
  if (field) {
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
  return false;
}
