// Goals, a funnel and a few server-side orders with a refund for the seeded site, through the write API.
// Browser purchases come from the generator (completed checkouts, newsletter landings). Safe to run
// again: goals and funnels are created only when none of that name exists, server events are idempotent by id.
const DAY = 86_400_000;

export const GOALS = [
  { name: 'Saw pricing', matcher: { kind: 'page', path: '/pricing*' } },
  { name: 'Added to cart', matcher: { kind: 'event', name: 'add_to_cart' } },
  { name: 'Added a tent to cart', matcher: { kind: 'event', name: 'add_to_cart', props: { sku: 'tent-2p' } } },
  { name: 'Purchase', matcher: { kind: 'purchase' } },
];

export const FUNNEL = {
  name: 'Product to purchase',
  windowMs: DAY,
  steps: [
    { name: 'Product page', matcher: { kind: 'page', path: '/product*' } },
    { name: 'Added to cart', matcher: { kind: 'event', name: 'add_to_cart' } },
    { name: 'Checkout', matcher: { kind: 'page', path: '/checkout' } },
    { name: 'Purchase', matcher: { kind: 'purchase' } },
  ],
};

export async function seedRevenue({ api, site = 'demo', write = 'demo-write-key', read = 'demo-read-key', log = () => {} }) {
  const call = async (method, path, body) => {
    const res = await fetch(`${api}/v1/sites/${site}${path}`, {
      method,
      headers: { authorization: `Bearer ${method === 'GET' ? read : write}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { goals } = await call('GET', '/goals');
  for (const g of GOALS) if (!goals.some((x) => x.name === g.name)) await call('POST', '/goals', g);
  const { funnels } = await call('GET', '/funnels');
  if (!funnels.some((f) => f.name === FUNNEL.name)) await call('POST', '/funnels', FUNNEL);
  // Orders booked by the shop's back office for the first customers, one of them partly refunded.
  const now = Date.now();
  const customer = (n) => `customer-${String(n).padStart(5, '0')}@shop.example`;
  const events = [1, 2, 3].map((n) => ({ id: `seed-order-${n}`, type: 'purchase', customerId: customer(n), ts: now - n * DAY, props: { value: 100 * n, currency: 'EUR', orderId: `phone-order-${n}` } }));
  events.push({ id: 'seed-refund-2', type: 'refund', customerId: customer(2), ts: now - DAY, props: { value: 50, currency: 'EUR', orderId: 'phone-order-2' } });
  await call('POST', '/server-events', { events });
  log(`goals: ${GOALS.length}, funnel "${FUNNEL.name}", ${events.length} server orders and refunds`);
}
