// The demo shop's own cart: nothing to do with Vitrina except that it listens for the
// widget's `vitrina-add-to-cart` event, the way a real shop would wire its cart to it.
const KEY = 'oak-and-linen:cart';

function read() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
}

function show() {
  const items = read();
  for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = String(items.length);
}

function add(item, how) {
  localStorage.setItem(KEY, JSON.stringify([...read(), item]));
  show();
  const toast = document.querySelector('[data-cart-toast]');
  if (toast) {
    toast.textContent = `Added to your cart${how}: ${item.title}`;
    toast.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (toast.hidden = true), 4000);
  }
}

document.addEventListener('vitrina-add-to-cart', (e) => {
  e.preventDefault(); // this page has a cart: the widget leaves the product to it
  const { product, respond } = e.detail;
  add({ id: product.productId ?? product.url, title: product.title, price: product.price ?? '' }, ' from your video call');
  respond(true); // the card in the call now says "Added"
});

for (const button of document.querySelectorAll('button.buy')) {
  button.addEventListener('click', () => add({ id: button.dataset.productId, title: button.dataset.title, price: button.dataset.price }, ''));
}
show();
