import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { products, type Product } from './products';
import './demo.css';

interface PublishedBot {
  id: string;
  name: string;
  locale: string;
}

declare global {
  interface Window {
    ParleyWidget?: { open(): void; close(): void };
  }
}

const params = new URLSearchParams(location.search);
const requestedBot = params.get('bot');

/** Links inside the shop keep the chosen bot, so browsing pages does not swap the chat. */
function shopHref(path: string, bot: string | null): string {
  return bot ? `${path}?bot=${encodeURIComponent(bot)}` : path;
}

function useBots() {
  const [bots, setBots] = useState<PublishedBot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/widget/bots')
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { bots: PublishedBot[] };
        setBots(body.bots);
      })
      .catch((e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBots([]);
      });
  }, []);
  return { bots, error };
}

/** The embed exactly as a customer's site would write it: one async script tag. */
function useWidget(botId: string | null) {
  useEffect(() => {
    // StrictMode runs effects twice in development; one script tag is what a real site has.
    if (!botId || document.querySelector('script[data-bot]')) return;
    const script = document.createElement('script');
    script.src = '/widget.js';
    script.async = true;
    script.dataset.bot = botId;
    document.body.appendChild(script);
  }, [botId]);
}

function DemoBar({ bots, selected, error }: { bots: PublishedBot[] | null; selected: string | null; error: string | null }) {
  const choose = (id: string) => {
    // A full reload starts the widget afresh, exactly as a visitor landing on a site with that bot would see it.
    const next = new URLSearchParams(location.search);
    next.set('bot', id);
    location.search = next.toString();
  };
  return (
    <div className="demo-bar" role="region" aria-label="Demo controls">
      <strong>Parley demo shop</strong>
      {bots === null ? (
        <span>Loading bots…</span>
      ) : bots.length === 0 ? (
        <span className="warn">{error ? `Could not list bots (${error}).` : 'No published bots yet: publish one in the editor.'}</span>
      ) : (
        <label>
          Chat bot
          <select value={selected ?? ''} onChange={(e) => choose(e.target.value)}>
            {bots.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} ({b.locale})
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="spacer" />
      <a href="/agent" target="_blank" rel="noopener">
        Agent workspace ↗
      </a>
      <a href="/">Flow editor</a>
    </div>
  );
}

function Art({ product, className }: { product: Product; className?: string }) {
  const [a, b] = product.tint;
  return (
    <div className={`art ${className ?? ''}`} style={{ background: `linear-gradient(135deg, ${a}, ${b})` }} role="img" aria-label={product.name}>
      {product.badge && <span className="badge">{product.badge}</span>}
    </div>
  );
}

function Home({ bot }: { bot: string | null }) {
  return (
    <>
      <section className="hero">
        <div>
          <h1>Good things for slow mornings.</h1>
          <p>Linen, stoneware and oak, made to last and shipped free on orders over $50.</p>
          <a className="cta" href="#shop">
            Shop the collection
          </a>
        </div>
        <div className="hero-art" aria-hidden="true" />
      </section>
      <h2 id="shop">New this season</h2>
      <div className="grid">
        {products.map((p) => (
          <a key={p.slug} className="product" href={shopHref(`/demo/products/${p.slug}`, bot)}>
            <Art product={p} />
            <div className="info">
              <h3>{p.name}</h3>
              <span className="price">${p.price}</span>
            </div>
          </a>
        ))}
      </div>
      <HelpStrip />
    </>
  );
}

function HelpStrip() {
  return (
    <section className="help" id="help" aria-label="Help">
      <div>
        <h3>Where's my order?</h3>
        <p>Track a parcel with your 5-digit order number, for example 10001.</p>
        <button type="button" className="cta secondary" onClick={() => window.ParleyWidget?.open()}>
          Ask our assistant
        </button>
      </div>
      <div>
        <h3>Returns within 30 days</h3>
        <p>Unused items come back free. Refunds land within 5 business days.</p>
      </div>
      <div>
        <h3>Talk to a person</h3>
        <p>Our team answers Monday to Friday, 9 am–6 pm Eastern.</p>
      </div>
    </section>
  );
}

function ProductPage({ product, bot }: { product: Product; bot: string | null }) {
  return (
    <>
      <div className="crumbs">
        <a href={shopHref('/demo', bot)}>Home</a> / {product.name}
      </div>
      <section className="detail">
        <Art product={product} />
        <div>
          <h1>{product.name}</h1>
          <p className="price">${product.price}</p>
          <p>{product.blurb}</p>
          <button type="button" className="cta">
            Add to cart
          </button>
        </div>
      </section>
      <HelpStrip />
    </>
  );
}

function Shop() {
  const { bots, error } = useBots();
  const selected = bots === null ? null : bots.find((b) => b.id === requestedBot)?.id ?? (error ? requestedBot : (bots.find((b) => b.id === 'order-support') ?? bots[0])?.id ?? null);
  useWidget(selected);

  const slug = /^\/demo\/products\/([\w-]+)/.exec(location.pathname)?.[1];
  const product = slug ? products.find((p) => p.slug === slug) : undefined;
  useEffect(() => {
    document.title = product ? `${product.name} · Northwind Goods` : 'Northwind Goods · Linen, stoneware & oak';
  }, [product]);

  return (
    <>
      <DemoBar bots={bots} selected={selected} error={error} />
      <header className="shop">
        <a className="wordmark" href={shopHref('/demo', selected)}>
          Northwind <span>Goods</span>
        </a>
        <nav className="shop-nav" aria-label="Shop">
          <a href={shopHref('/demo', selected) + '#shop'}>New in</a>
          <a href={shopHref('/demo/products/linen-throw', selected)}>Bedroom</a>
          <a href={shopHref('/demo/products/ceramic-mug-set', selected)}>Kitchen</a>
          <a href={shopHref('/demo', selected) + '#help'}>Help</a>
        </nav>
        <span className="cart">Cart (0)</span>
      </header>
      <main>{product ? <ProductPage product={product} bot={selected} /> : <Home bot={selected} />}</main>
      <footer>© Northwind Goods — a demo shop for Parley. Nothing here is for sale.</footer>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Shop />
  </StrictMode>,
);
