import { isIP } from 'node:net';

/**
 * Which peers may set X-Forwarded-For: nobody (false), the nearest `n` hops, or the listed addresses and
 * CIDR ranges (plus proxy-addr's names loopback, linklocal, uniquelocal). Passed as is to Fastify's trustProxy.
 */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** Parses TRUST_PROXY; answers the value or a sentence saying what is wrong. */
export function parseTrustProxy(raw: string | undefined): { value: TrustProxy } | { problem: string } {
  const text = (raw ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return { value: false };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 32 ? { value: hops } : { problem: `TRUST_PROXY as a hop count must be between 0 and 32 (got "${text}")` };
  }
  if (text === 'true' || text === '*') {
    return {
      problem: 'TRUST_PROXY must not trust every peer (any client could then choose its address): list the proxies or give a hop count',
    };
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0) {
    return {
      problem: `TRUST_PROXY must be a hop count or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal (not understood: ${wrong.map((entry) => `"${entry}"`).join(', ')})`,
    };
  }
  return { value: entries };
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d+$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}
