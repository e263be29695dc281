import type { Widen } from '../widen';

/** Texts of templates (issue 15); spread into en.ts and ko.ts under `templates`. */
export const en = {};

export const ko: Widen<typeof en> = {};
