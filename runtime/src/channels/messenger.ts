import { metaMessagingAdapter, type MetaPlatform } from './metaSendApi';

/**
 * Facebook Messenger through Meta's Send API (https://developers.facebook.com/docs/messenger-platform): webhooks with
 * `object: 'page'`, text messages up to 2000 characters. Everything else is shared with Instagram (metaSendApi.ts).
 */
export const MESSENGER: MetaPlatform = { name: 'messenger', label: 'Messenger', object: 'page', textLimit: 2000, textUnit: 'chars' };

export const messenger = metaMessagingAdapter(MESSENGER);
