import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  // Secret header values never reach a log call; redact the places where an API key could still appear.
  return pino({ level, redact: ['req.headers.authorization', 'headers.authorization', '*.token'] });
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
