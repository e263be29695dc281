import { z } from 'zod';
import { ArticleCard } from '../messages';

/** The Zendesk Help Center API's article list, as exported from `/api/v2/help_center/articles.json`. */
export const ZendeskArticle = z.object({
  id: z.union([z.number().int(), z.string().min(1).max(64)]),
  title: z.string().trim().min(1).max(500),
  body: z.string().max(500_000).nullable().default(''),
  html_url: z.string().max(2000),
  locale: z.string().max(20).default('en-us'),
  label_names: z.array(z.string().max(100)).max(100).default([]),
});
export const ArticlesImportRequest = z.object({ articles: z.array(ZendeskArticle).max(10_000) });

export const ArticleQuery = z.object({
  query: z.string().trim().max(500).default(''),
  locale: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const ArticlesImportResponse = z.object({ created: z.number().int(), updated: z.number().int(), total: z.number().int() });

/** An article as the help center search finds it: the card the bot would show, and its language. */
export const ArticleHit = ArticleCard.extend({ locale: z.string() });
export type ArticleHit = z.infer<typeof ArticleHit>;

export const ArticlesResponse = z.object({ articles: z.array(ArticleHit) });
