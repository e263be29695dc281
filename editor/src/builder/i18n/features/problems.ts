import type { Widen } from '../widen';

/** Texts of problems (issue 15); spread into en.ts and ko.ts under `problems2`. */
export const en = {};

export const ko: Widen<typeof en> = {};
