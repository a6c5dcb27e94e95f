// The few pages the LTI routes answer with themselves: an error page naming the failed check,
// and the auto-submitting form that carries a deep-linking response back to the LMS.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PAGE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}' +
  'code{background:#f2f2f2;padding:0 .25rem;border-radius:3px}label{display:block;margin:.25rem 0}';

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(check: string, message: string): string {
  return page(
    'LTI launch refused',
    `<h1>LTI launch refused</h1><p>The launch failed the <code data-check="${escapeHtml(check)}">${escapeHtml(check)}</code> check: ${escapeHtml(message)}.</p>` +
      '<p>Nobody was signed in. Launch again from the course in your LMS; if this keeps happening, ' +
      'ask the Strata administrator, whose server log has the details of this launch.</p>',
  );
}

/** A form that posts itself (the browser carries the fields to another site, as LTI requires). */
export function autoPostForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    'Returning to your LMS',
    `<form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button>Continue</button></noscript></form>` +
      '<script>document.forms[0].submit()</script>',
  );
}
