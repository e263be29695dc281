import { z } from 'zod';
import { VariableName } from '../../ids';
import { defineStep, when } from '../step';
import { templateVariables } from '../../template';
import { renameField, renameInItems } from '../renames';

export const Header = z.object({
  name: z.string().trim().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Not a valid header name'),
  value: z.string().max(4000),
  /** Kept on the server and shown masked in the editor (API keys). */
  secret: z.boolean().default(false),
});

export const Mapping = z.object({
  /** A path into the JSON response: `order.status`, `items[0].name`, `$.total`. */
  path: z.string().trim().min(1, 'Give a response path').max(200),
  variable: VariableName,
});

/**
 * Where a request to `url` goes: its origin (scheme, host and port), or null when the origin is built from variables
 * and so is not known until the request is made. Secrets are bound to it.
 */
export function destinationOf(url: string): string | null {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url.trim())?.[0];
  if (!authority || authority.includes('{{')) return null;
  try {
    const origin = new URL(authority).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export const apiCall = defineStep({
  kind: 'apiCall',
  schema: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url: z
      .string()
      .trim()
      .min(1, 'Give the URL')
      .max(2000)
      .regex(/^(https?:\/\/|\{\{)/i, 'Use an http(s) URL'),
    headers: z.array(Header).max(20).default([]),
    body: z.string().max(20000).default(''),
    timeoutMs: z.number().int().min(100).max(30000).default(10000),
    mappings: z.array(Mapping).max(50).default([]),
  })
    // A secret sent to an address a variable chooses could be sent anywhere, by whoever fills that variable in.
    .refine((d) => !d.headers.some((h) => h.secret) || destinationOf(d.url) !== null, {
      message: 'A step with a secret header needs a fixed address: variables may fill the path and query, not the scheme, host or port',
      path: ['url'],
    }),
  defaults: () => ({ method: 'GET' as const, url: 'https://', headers: [], body: '', timeoutMs: 10000, mappings: [] }),
  outlets: () => [
    { id: 'success', label: 'Success' },
    { id: 'failure', label: 'Failure' },
  ],
  waits: () => false,
  reads: (d) => templateVariables([d.url, d.body, ...d.headers.map((h) => h.value)].join(' ')),
  writes: (d) => d.mappings.map((m) => m.variable),
  rename: (d, from, to) => renameInItems(d, 'mappings', (m) => renameField(m, 'variable', from, to)),
  texts: (d) => [d.url],
  // The request is the runtime's (with its timeout, size cap and address guard); it answers RESULT success with the mapped variables, or failure.
  compile: (_d, ctx) => ({
    tags: ['effect'],
    on: {
      RESULT: [
        { guard: when({ k: 'outlet', outlet: 'success' }), target: ctx.target('success'), actions: [{ type: 'applyResult' }] },
        { target: ctx.target('failure') },
      ],
    },
  }),
});
