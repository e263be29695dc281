import type { Widen } from '../widen';

/** Texts of versions (issue 15); spread into en.ts and ko.ts under `versions2`. */
export const en = {};

export const ko: Widen<typeof en> = {};
