import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress, isBlockedAddress, parseAllowedCidrs, STRICT_TARGET_POLICY, type WebhookTargetPolicy } from '../src';

const strict = STRICT_TARGET_POLICY;
const allowPrivate: WebhookTargetPolicy = { ...strict, allowPrivate: true };

describe('isBlockedAddress (SSRF)', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.53.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['100::1', 'reserved'],
    ['[::1]', 'loopback'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
    expect(isBlockedAddress(address, strict)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'allows the public address %s',
    (address) => {
      expect(classifyAddress(address)).toBe('public');
      expect(isBlockedAddress(address, strict)).toBe(false);
    },
  );

  it('refuses what is not an IP address', () => {
    expect(isBlockedAddress('localhost', strict)).toBe(true);
    expect(isBlockedAddress('300.1.1.1', strict)).toBe(true);
    expect(classifyAddress('::ffff::1::')).toBe('invalid');
  });

  it('allowPrivate lets private, loopback, CGNAT and unique-local through, but not link-local, unspecified or multicast', () => {
    for (const address of ['10.0.0.1', '172.16.5.4', '192.168.0.10', '127.0.0.1', '::1', '100.64.1.1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(isBlockedAddress(address, allowPrivate)).toBe(false);
    }
    for (const address of ['169.254.169.254', 'fe80::1', '0.0.0.0', '::', '224.0.0.1', '255.255.255.255']) {
      expect(isBlockedAddress(address, allowPrivate)).toBe(true);
    }
  });

  it('allowCidrs lets exactly the listed ranges through, in either IP family form', () => {
    const policy: WebhookTargetPolicy = { ...strict, allowCidrs: parseAllowedCidrs('10.20.0.0/16, fd00:1::/32,169.254.169.254') };
    expect(isBlockedAddress('10.20.3.4', policy)).toBe(false);
    expect(isBlockedAddress('::ffff:10.20.3.4', policy)).toBe(false);
    expect(isBlockedAddress('10.21.0.1', policy)).toBe(true);
    expect(isBlockedAddress('fd00:1:2::3', policy)).toBe(false);
    expect(isBlockedAddress('fd00:2::3', policy)).toBe(true);
    expect(isBlockedAddress('169.254.169.254', policy)).toBe(false);
    expect(isBlockedAddress('169.254.169.253', policy)).toBe(true);
    expect(isBlockedAddress('192.168.1.1', policy)).toBe(true);
  });

  it('parseAllowedCidrs refuses malformed entries', () => {
    expect(parseAllowedCidrs('')).toEqual([]);
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0/8', 'example.org', '10.0.0.0/8/1', '10.0.0.0/x']) {
      expect(() => parseAllowedCidrs(bad)).toThrow(TypeError);
    }
  });
});

describe('checkWebhookUrl', () => {
  const ok = (url: string, policy = strict) => checkWebhookUrl(url, policy).ok;
  const problem = (url: string, policy = strict) => {
    const result = checkWebhookUrl(url, policy);
    return result.ok ? undefined : result.problem;
  };

  it('accepts https URLs to public names and addresses', () => {
    expect(ok('https://hooks.pharmacy.example.com/firstsync?x=1')).toBe(true);
    expect(ok('https://8.8.8.8/hook')).toBe(true);
    expect(ok('https://[2606:4700::1]:8443/hook')).toBe(true);
  });

  it('refuses http unless allowed, and every other scheme', () => {
    expect(problem('http://hooks.pharmacy.example.com/')).toMatch(/https/);
    expect(ok('http://hooks.pharmacy.example.com/', { ...strict, allowHttp: true })).toBe(true);
    for (const url of ['ftp://hooks.example.com/', 'file:///etc/passwd', 'gopher://hooks.example.com/', 'javascript:alert(1)', 'ws://hooks.example.com/']) {
      expect(ok(url, { ...strict, allowHttp: true })).toBe(false);
    }
  });

  it('refuses user info, fragments, relative and over-long URLs', () => {
    expect(problem('https://user:pass@hooks.example.com/')).toMatch(/user name or password/);
    expect(problem('https://user@hooks.example.com/')).toMatch(/user name or password/);
    expect(problem('https://hooks.example.com/#frag')).toMatch(/fragment/);
    expect(problem('https://hooks.example.com/#')).toMatch(/fragment/);
    expect(problem('/relative/path')).toMatch(/absolute/);
    expect(problem(`https://hooks.example.com/${'a'.repeat(2_100)}`)).toMatch(/longer/);
  });

  it('classifies literal addresses, also in the odd forms URL parsing normalises', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://2130706433/',
      'https://0x7f.1/',
      'https://10.1.2.3/',
      'https://169.254.169.254/latest/meta-data/',
      'https://0.0.0.0/',
      'https://[::1]/',
      'https://[::]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:7f00:1]/',
      'https://[64:ff9b::a00:1]/',
      'https://[2002:c0a8:0101::]/',
      'https://[fe80::1]/',
      'https://[fc00::]/',
    ]) {
      expect(problem(url), url).toMatch(/not public/);
    }
    expect(ok('https://127.0.0.1/', allowPrivate)).toBe(true);
    expect(ok('https://169.254.169.254/', allowPrivate)).toBe(false);
  });

  it('refuses localhost and single-label names unless private targets are allowed', () => {
    expect(problem('https://localhost/')).toMatch(/loopback/);
    expect(problem('https://api.localhost./')).toMatch(/loopback/);
    expect(problem('https://pharmacy-sim:8443/')).toMatch(/fully qualified/);
    expect(ok('http://localhost:8090/hook', { ...allowPrivate, allowHttp: true })).toBe(true);
    expect(ok('https://pharmacy-sim:8443/', allowPrivate)).toBe(true);
  });
});
