// Many visitors, as on a real site: each request of a load test from another client address, so the
// per-client limit ([[ratelimits]] RATE_LIMIT_CLIENT, 1,000 requests a minute per address) is not what
// a throughput figure measures. The collector reads the address from cf-connecting-ip.
let clients = 0;

export const nextClientAddress = () => `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients++ & 255}`;

/** An autocannon setupRequest that sends `body()` from the next address. */
export const fromNextClient = (body) => (req) => ({ ...req, headers: { ...req.headers, 'cf-connecting-ip': nextClientAddress() }, body: body() });
