import type { Widen } from '../widen';

/** Texts of tests (issue 15); spread into en.ts and ko.ts under `tests`. */
export const en = {};

export const ko: Widen<typeof en> = {};
