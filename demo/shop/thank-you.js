// What a shop's thank-you page prints: the order it just took, as <vitrina-purchase>. The widget
// sends it to Vitrina only if this browser had a video call (it then credits the call).
const order = (() => {
  try {
    return JSON.parse(sessionStorage.getItem('oak-and-linen:last-order') ?? 'null');
  } catch {
    return null;
  }
})();
if (order) {
  document.querySelector('[data-order-line]').textContent = `Order ${order.id}, € ${order.value}: it is on its way to our workshop.`;
  const purchase = document.createElement('vitrina-purchase');
  purchase.setAttribute('order-id', order.id);
  purchase.setAttribute('value', order.value);
  purchase.setAttribute('currency', order.currency);
  purchase.setAttribute('product-ids', order.productIds.join(','));
  document.body.append(purchase);
}
