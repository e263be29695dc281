import { z } from 'zod';
import { Locale, WidgetSettings } from '../flow';

/** The published bots a host page may embed, by their published name. */
export const WidgetBotsResponse = z.object({ bots: z.array(z.object({ id: z.string(), name: z.string(), locale: Locale })) });

/** What the widget needs before a conversation exists: the published name, language and look. */
export const WidgetBotResponse = z.object({ id: z.string(), name: z.string(), locale: Locale, widget: WidgetSettings });
