// The demo shop's checkout: it places the order in this browser only (there is no real shop
// behind it) and hands it to the thank-you page, which reports it to Vitrina.
const CART = 'oak-and-linen:cart';
const LAST_ORDER = 'oak-and-linen:last-order';

const items = (() => {
  try {
    return JSON.parse(localStorage.getItem(CART) ?? '[]');
  } catch {
    return [];
  }
})();
/** "€ 2,190" → 2190 */
const amount = (price) => Number(String(price).replace(/[^\d.]/g, '')) || 0;
const total = items.reduce((sum, item) => sum + amount(item.price), 0);

const lines = document.querySelector('[data-cart-lines]');
for (const item of items) {
  const li = document.createElement('li');
  li.textContent = `${item.title} — ${item.price}`;
  lines.append(li);
}
document.querySelector('[data-cart-empty]').hidden = items.length > 0;
document.querySelector('[data-cart-total]').textContent = `€ ${total.toFixed(2)}`;
for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = String(items.length);

const place = document.querySelector('[data-place-order]');
place.disabled = items.length === 0;
place.addEventListener('click', () => {
  const order = {
    id: `OL-${Date.now().toString(36).toUpperCase()}`,
    value: total.toFixed(2),
    currency: 'EUR',
    productIds: items.map((i) => i.id).filter(Boolean),
  };
  sessionStorage.setItem(LAST_ORDER, JSON.stringify(order));
  localStorage.removeItem(CART);
  location.href = '/thank-you.html';
});
