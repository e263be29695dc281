import type { Widen } from '../widen';

/** Texts of previewTicket (issue 15); spread into en.ts and ko.ts under `previewTicket`. */
export const en = {};

export const ko: Widen<typeof en> = {};
