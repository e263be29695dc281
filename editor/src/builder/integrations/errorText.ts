import type { TFunction } from 'i18next';
import { ApiError } from '../../common/api/errors';
import { apiErrorText } from '../i18n/apiErrorText';

/** The contract's own sentences (shared/src/api/integrations.ts, webhooks.ts), shown in the admin's language. */
const CONTRACT_SENTENCES: Record<string, string> = {
  'Give the integration a name': 'integrations.serverErrors.nameMissing',
  'Choose at least one scope': 'integrations.serverErrors.scopesMissing',
  'The URL must be an http(s) address, like https://example.com/parley': 'integrations.serverErrors.urlInvalid',
  'Choose at least one event': 'integrations.serverErrors.eventsMissing',
};

interface Issue {
  code?: unknown;
  message?: unknown;
}

/**
 * What a form shows when the server refuses it. A schema refusal (`invalid_request`) carries zod's prettified text in
 * its message, which is not for people: the form shows the contract's sentence for the first issue instead, a route's
 * own refinement (`custom`, e.g. a private address) as written, and a plain "check the fields" for zod's generic words.
 * Any other refusal is already a human sentence (or a code the editor translates).
 */
export function formErrorText(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError) || err.code !== 'invalid_request') return apiErrorText(err, t);
  const issues = Array.isArray(err.details) ? (err.details as Issue[]) : [];
  for (const issue of issues) {
    if (typeof issue.message !== 'string') continue;
    const known = CONTRACT_SENTENCES[issue.message];
    if (known) return t(known);
    if (issue.code === 'custom') return issue.message;
  }
  return t('integrations.invalid');
}
