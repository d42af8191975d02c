import { describe, expect, it } from 'vitest';
import { addressKey, canonicalAddress } from './client-address.js';

describe('canonicalAddress', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['::FFFF:cb00:7105', '203.0.113.5'],
    ['203.000.113.005', '203.0.113.5'],
    ['203.0.113.5:4444', '203.0.113.5'],
    [' 203.0.113.5 ', '203.0.113.5'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['[::ffff:10.0.0.1]:80', '10.0.0.1'],
  ])('%s is %s', (raw, canonical) => {
    expect(canonicalAddress(raw)).toBe(canonical);
  });

  it.each([
    'not-an-ip',
    '',
    '256.1.1.1',
    '1.2.3',
    '0x7f.0.0.1',
    '203.0.113.5.6',
    '2001:db8::1::2',
    '[::1',
    'a:b',
  ])('%j is not an address', (raw) => {
    expect(canonicalAddress(raw)).toBeUndefined();
  });
});

describe('addressKey', () => {
  it('is the address for IPv4 and the /64 for IPv6', () => {
    expect(addressKey('203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });
});
