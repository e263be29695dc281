import { renderTemplate } from '@parley/shared';
import type { StepRuntime } from './step';

/** A handoff opens a ticket: the collected variables become named fields. */
export const handoff: StepRuntime<'handoff'> = {
  ticket: (data, vars) => {
    const fields: Record<string, unknown> = {};
    for (const name of data.fields) fields[name] = vars[name] ?? null;
    return { subject: renderTemplate(data.subject, vars).slice(0, 200), priority: data.priority, tags: data.tags, group: data.group, fields };
  },
};
