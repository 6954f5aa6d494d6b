import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '../domain/errors.js';

/** Loopback, private, link-local, shared, multicast and unspecified ranges: never a group robot's address. */
const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Whether an IP address lies in a loopback, private or link-local range (IPv4-mapped IPv6 read as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's form alone: http or https, a host, no credentials. Throws a 400 naming `url`. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError(400, 'invalid_url', 'url must be an absolute http:// or https:// URL.', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DomainError(400, 'invalid_url', 'url must use http or https.', 'url');
  if (url.username || url.password) throw new DomainError(400, 'invalid_url', 'url must not carry a user name or password.', 'url');
  return url;
}

/**
 * Refuses a target that is, or resolves to, a loopback, private or link-local address (unless allowed: tests and
 * receivers on the same network). Checked when a subscription is saved and again before every send, because a name can
 * resolve elsewhere later.
 */
export async function checkTarget(raw: string, allowPrivate: boolean): Promise<URL> {
  const url = parseTargetUrl(raw);
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw new DomainError(400, 'unresolvable_url', `The host of url (${host}) does not resolve.`, 'url');
    }
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new DomainError(400, 'private_url', 'url points at a loopback, private or link-local address; set MOSHAO_NOTIFY_PRIVATE_TARGETS=true to allow that.', 'url');
  }
  return url;
}
