import type { TFunction } from 'i18next';
import { ApiError } from '../../common/api/errors';

/**
 * The server's errors are English sentences with a stable code. Codes an admin can act on are shown in the admin's
 * language; anything else keeps the server's own words.
 */
const KNOWN: Record<string, string> = {
  secret_destination_changed: 'apiErrors.secretDestinationChanged',
};

export function apiErrorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError && KNOWN[err.code]) return t(KNOWN[err.code]!);
  return (err as Error).message;
}
