import { randomBytes } from 'node:crypto';
import { hmac, safeEqual } from './hmac';

/**
 * OWASP's "device cookie": after a successful sign-in the browser gets a cookie binding a random
 * device id to that username (HMAC under the server's secret; the username itself is not in it).
 * Sign-in attempts that present it are throttled per device, apart from everyone else's failures
 * for the account, so an attacker cannot slow down the operator's own browser.
 */
export class DeviceCookies {
  constructor(private readonly secret: string) {}

  issue(username: string): string {
    const device = randomBytes(12).toString('base64url');
    return `${device}.${this.mac(device, username)}`;
  }

  /** The device id when the cookie was issued for this username, else undefined. */
  deviceFor(cookie: string | undefined, username: string): string | undefined {
    const match = cookie ? /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(cookie) : null;
    const [, device, mac] = match ?? [];
    if (device === undefined || mac === undefined) return undefined;
    return safeEqual(mac, this.mac(device, username)) ? device : undefined;
  }

  private mac(device: string, username: string): string {
    return hmac(this.secret, 'device', device, username.toLowerCase());
  }
}
