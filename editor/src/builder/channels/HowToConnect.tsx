import { useTranslation } from 'react-i18next';
import type { ChannelName } from '@parley/shared';
import { CopyField } from './CopyField';

/**
 * Telegram's setWebhook call with this bot's address filled in. The token and secret stay placeholders: secrets are
 * never put into the page as text, and the admin has them at hand anyway.
 */
export function telegramSetWebhook(webhookUrl: string, apiBase: string): string {
  const api = (apiBase.trim() || 'https://api.telegram.org').replace(/\/+$/, '');
  // --data-urlencode: a bot id with escapes (%20) must reach Telegram as written, not decoded once by the form encoding.
  return `curl -X POST "${api}/bot<BOT_TOKEN>/setWebhook" --data-urlencode "url=${webhookUrl}" -d "secret_token=<SECRET_TOKEN>"`;
}

/** Three steps to connect a platform, shown while a channel is not set up: where its keys are and what to paste where. */
export function HowToConnect({ channel, webhookUrl, apiBase }: { channel: ChannelName; webhookUrl: string; apiBase: string }) {
  const { t } = useTranslation();
  const name = t(`channels.names.${channel}`);
  return (
    <section className="channel__howto" aria-label={t('channels.howTo.title', { name })}>
      <h4 className="channel__subhead">{t('channels.howTo.title', { name })}</h4>
      <ol className="channel__steps">
        <li>{t(`channels.howTo.${channel}.s1`)}</li>
        <li>{t(`channels.howTo.${channel}.s2`)}</li>
        <li>
          {t(`channels.howTo.${channel}.s3`)}
          {channel === 'telegram' && (
            <CopyField code label={t('channels.howTo.command')} copyLabel={t('channels.howTo.copyCommand')} value={telegramSetWebhook(webhookUrl, apiBase)} />
          )}
        </li>
      </ol>
    </section>
  );
}
