import type { Widen } from '../widen';

/** Texts of insert (issue 15); spread into en.ts and ko.ts under `insertStep`. */
export const en = {};

export const ko: Widen<typeof en> = {};
