import type { Widen } from '../widen';

/** Texts of outline (issue 15); spread into en.ts and ko.ts under `outline`. */
export const en = {};

export const ko: Widen<typeof en> = {};
