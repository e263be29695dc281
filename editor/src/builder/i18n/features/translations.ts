import type { Widen } from '../widen';

/** Texts of translations (issue 15); spread into en.ts and ko.ts under `translations`. */
export const en = {};

export const ko: Widen<typeof en> = {};
