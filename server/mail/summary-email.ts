import type { ShopperSummary } from '../contract/call-summary.js';
import type { Mail } from './mailer.js';

const WORDS = {
  en: {
    subject: (shop: string) => `Your video call with ${shop}: what we looked at`,
    hello: (consultant: string | null) =>
      consultant ? `Here is what ${consultant} showed you during your video call.` : 'Here is what you looked at during your video call.',
    products: 'Products',
    links: 'Links',
    from: (page: string) => `You called from ${page}.`,
    why: 'You asked for this e-mail at the end of the call. We keep no copy of your address.',
  },
  ru: {
    subject: (shop: string) => `Ваш видеозвонок с ${shop}: что мы посмотрели`,
    hello: (consultant: string | null) =>
      consultant ? `Вот что ${consultant} показал(а) вам во время видеозвонка.` : 'Вот что вы посмотрели во время видеозвонка.',
    products: 'Товары',
    links: 'Ссылки',
    from: (page: string) => `Вы звонили со страницы ${page}.`,
    why: 'Вы попросили прислать это письмо в конце звонка. Мы не храним ваш адрес.',
  },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The summary as an e-mail in the shopper's language: plain text and simple HTML, every link the shop's own. */
export function summaryEmail(to: string, summary: ShopperSummary, language: string | undefined): Mail {
  const w = language === 'ru' ? WORDS.ru : WORDS.en;
  const shop = new URL(summary.page.url).hostname;
  const products = summary.products.map((p) => ({ line: `${p.title}${p.price ? ` — ${p.price}` : ''}`, url: p.url }));
  const text = [
    w.hello(summary.consultant),
    '',
    ...(products.length ? [`${w.products}:`, ...products.map((p) => `- ${p.line}\n  ${p.url}`), ''] : []),
    ...(summary.links.length ? [`${w.links}:`, ...summary.links.map((l) => `- ${l}`), ''] : []),
    w.from(summary.page.url),
    '',
    w.why,
  ].join('\n');
  const html = [
    `<p>${escape(w.hello(summary.consultant))}</p>`,
    products.length ? `<h3>${w.products}</h3><ul>${products.map((p) => `<li><a href="${escape(p.url)}">${escape(p.line)}</a></li>`).join('')}</ul>` : '',
    summary.links.length ? `<h3>${w.links}</h3><ul>${summary.links.map((l) => `<li><a href="${escape(l)}">${escape(l)}</a></li>`).join('')}</ul>` : '',
    `<p>${escape(w.from(summary.page.url))}</p>`,
    `<p style="color:#666">${escape(w.why)}</p>`,
  ].join('\n');
  return { to, subject: w.subject(shop), text, html };
}
