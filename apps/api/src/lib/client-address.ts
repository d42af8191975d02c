import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';

const V4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const V6_IN_BRACKETS = /^\[([^\]]+)\](?::\d{1,5})?$/;
const DOTTED_DECIMAL = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * The one written form of an address, or undefined when `raw` is not an address. Ports and
 * brackets are dropped (`[2001:db8::1]:443`, `203.0.113.5:4444`), an IPv4-mapped IPv6 address is
 * its IPv4 address, IPv6 is written as RFC 5952 says (lower case, shortest), and a dotted quad
 * with leading zeros is read as decimal (`203.000.113.005` is 203.0.113.5, as a load balancer
 * means it; never octal). Anything else, hex or short forms included, is not an address.
 */
export function canonicalAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let text = raw.trim();
  text = V6_IN_BRACKETS.exec(text)?.[1] ?? V4_WITH_PORT.exec(text)?.[1] ?? text;
  text = text.replace(/%[A-Za-z0-9_.-]+$/, ''); // an IPv6 zone (fe80::1%eth0) names no caller
  if (DOTTED_DECIMAL.test(text)) text = text.split('.').map(Number).join('.');
  if (isIP(text) === 0) return undefined;
  return ipaddr.process(text).toString();
}

/**
 * Who the caller is, for rate limits, sign-in throttling and the audit trail: the entry of
 * X-Forwarded-For the trusted proxy wrote (Fastify's `request.ip` with TRUST_PROXY_HOPS), made
 * canonical; when that entry is not an address, the socket's peer.
 */
export function clientAddress(request: FastifyRequest): string {
  return (
    canonicalOf(request.ip) ?? canonicalOf(request.socket?.remoteAddress) ?? '0.0.0.0' // a socket already gone
  );
}

/**
 * `canonicalAddress`, remembered: a busy process sees the same few addresses (its load balancers'
 * entries) on every request, and parsing one costs more than the rest of the hook it runs in. The
 * memory is bounded; a flood of new addresses only empties it.
 */
const CANONICAL = new Map<string, string | undefined>();
const CANONICAL_MAX = 10_000;
function canonicalOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (CANONICAL.has(raw)) return CANONICAL.get(raw);
  const canonical = canonicalAddress(raw);
  if (CANONICAL.size >= CANONICAL_MAX) CANONICAL.clear();
  CANONICAL.set(raw, canonical);
  return canonical;
}

const KEYS = new Map<string, string>();

/**
 * The key a per-address allowance is counted under: an IPv4 address, or the /64 an IPv6 address
 * is in (one subscriber gets a whole /64, so every address in it is the same caller).
 */
export function addressKey(address: string): string {
  let key = KEYS.get(address);
  if (key === undefined) {
    key = keyOf(address);
    if (KEYS.size >= CANONICAL_MAX) KEYS.clear();
    KEYS.set(address, key);
  }
  return key;
}

function keyOf(address: string): string {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return address;
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
