import { isIP } from 'node:net';

/**
 * The network a client address is counted under for throttling: an IPv4 address itself (also when written
 * IPv4-mapped, ::ffff:a.b.c.d), an IPv6 address's /64, since one subscriber commonly holds a whole /64 and
 * could otherwise pose as 2^64 clients.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  const withoutZone = address.split('%')[0];
  if (isIP(withoutZone) !== 6) return address;
  const [head, tail] = withoutZone.includes('::') ? withoutZone.split('::') : [withoutZone, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part fills two groups.
  const tailSize = tailGroups.reduce((size, group) => size + (group.includes('.') ? 2 : 1), 0);
  const groups = [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailSize)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
