import { metaMessagingAdapter, type MetaPlatform } from './metaSendApi';

/**
 * Instagram messaging through Meta's Send API with a Facebook Page's token (Instagram Messaging API): webhooks with
 * `object: 'instagram'`, text messages up to 1000 UTF-8 bytes. Quick replies (13, text only), button templates (3
 * buttons) and generic templates (10 cards) have Messenger's limits; read reports name the message seen (`read.mid`)
 * instead of a watermark. The HUMAN_AGENT tag works as on Messenger. Everything else is in metaSendApi.ts.
 */
export const INSTAGRAM: MetaPlatform = { name: 'instagram', label: 'Instagram', object: 'instagram', textLimit: 1000, textUnit: 'bytes' };

export const instagram = metaMessagingAdapter(INSTAGRAM);
