import type { Widen } from '../widen';

/** Texts of install (issue 15); spread into en.ts and ko.ts under `install`. */
export const en = {};

export const ko: Widen<typeof en> = {};
