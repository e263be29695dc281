import { z } from 'zod';
import { defineStep, say, when } from '../step';
import { templateVariables } from '../../template';
import { namesNoVariable } from '../step';

/** The postback part the runtime sends to a held step when its integration releases control without naming a step. */
export const RELEASE_PART = 'release';
/** The child state a passed conversation waits in while the integration holds control. */
export const HELD_STATE = 'held';

export const MetadataEntry = z.object({
  key: z.string().trim().min(1, 'Give the metadata a key').max(60),
  /** A template: `{{order_id}}` is filled in when control passes. */
  value: z.string().max(500).default(''),
});

/**
 * Passes the conversation to an integration (a third-party bot or system): the flow falls silent, the integration
 * gets the customer's messages by webhook and answers through the API, and when it releases control the flow goes
 * on through `released` (or at the step the release names). `unavailable` is taken when the integration is unknown
 * or revoked.
 */
export const passToIntegration = defineStep({
  kind: 'passToIntegration',
  schema: z.object({
    /**
     * Empty until the admin chooses one (a new step's defaults must pass the schema); an empty or unknown integration
     * takes `unavailable`, and the editor says so on the field.
     */
    integrationId: z.string().trim().max(64, 'An integration id has at most 64 characters').default(''),
    /** Said to the customer when control passes. */
    message: z.string().max(2000).default(''),
    metadata: z.array(MetadataEntry).max(20).default([]),
  }),
  defaults: () => ({ integrationId: '', message: '', metadata: [] }),
  // A step with no integration can only take its "unavailable" outlet: worth a warning, not a blocked draft.
  warnings: (data) => (data.integrationId === '' ? [{ field: 'integrationId', message: 'Choose the integration to pass the conversation to; until then this step always takes "Unavailable"' }] : []),
  outlets: () => [
    { id: 'released', label: 'Released' },
    { id: 'unavailable', label: 'Unavailable', optional: true },
  ],
  // Leaving through `released` takes a release from outside, which no turn of the flow can cause by itself.
  waits: (_d, outlet) => outlet === 'released',
  reads: (d) => templateVariables([d.message, ...d.metadata.map((m) => m.value)].join(' ')),
  writes: () => [],
  rename: namesNoVariable,
  texts: (d) => [d.message].filter(Boolean),
  compile: (d, ctx) => ({
    initial: 'pass',
    states: {
      // The runtime checks the integration can take the conversation; the switchboard records it once the turn commits.
      pass: {
        tags: ['effect'],
        on: {
          RESULT: [
            { guard: when({ k: 'outlet', outlet: 'passed' }), target: HELD_STATE, actions: d.message ? [say({ type: 'system', text: d.message })] : [] },
            { target: ctx.target('unavailable') },
          ],
        },
      },
      [HELD_STATE]: {
        tags: ['wait'],
        on: { POSTBACK: [{ guard: when({ k: 'postback', payload: ctx.payload(RELEASE_PART) }), target: ctx.target('released') }] },
      },
    },
  }),
});
