export interface Product {
  slug: string;
  name: string;
  price: number;
  blurb: string;
  /** Two colours for the placeholder artwork: the demo ships no images. */
  tint: [string, string];
  badge?: string;
}

export const products: Product[] = [
  { slug: 'linen-throw', name: 'Stonewashed Linen Throw', price: 64, blurb: 'Soft, breathable European flax, pre-washed so it never feels stiff.', tint: ['#d9c7a7', '#b89c73'], badge: 'Bestseller' },
  { slug: 'ceramic-mug-set', name: 'Glazed Ceramic Mugs, set of 4', price: 38, blurb: 'Hand-dipped stoneware in four seasonal glazes. Dishwasher safe.', tint: ['#9fb8c8', '#5d7f96'] },
  { slug: 'oak-serving-board', name: 'Oak Serving Board', price: 45, blurb: 'A single piece of FSC-certified oak, finished with food-safe oil.', tint: ['#c9a27a', '#8d6239'] },
  { slug: 'wool-slippers', name: 'Felted Wool Slippers', price: 52, blurb: 'Boiled merino with a natural rubber sole, for cold mornings.', tint: ['#b9b1c9', '#7d7396'], badge: 'New' },
  { slug: 'brass-candle-holder', name: 'Brass Candle Holder', price: 29, blurb: 'Solid brass that warms to a soft patina over the years.', tint: ['#e2c77d', '#b08d2e'] },
  { slug: 'cotton-tote', name: 'Heavy Cotton Market Tote', price: 24, blurb: '16 oz canvas with leather handles, made to carry a week of groceries.', tint: ['#a9c4a0', '#5f8a56'] },
];
