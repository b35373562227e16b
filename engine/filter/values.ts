// Conversion of filter literals to typed constants at compile time, with libsinsp's rules: integers
// the way sscanf("%d"/"%u") reads them (leading blanks and a sign accepted, nothing trailing, unsigned
// negatives wrap, then truncation to the field width), booleans only true/false, IPv4 when the text
// has a dot else IPv6, networks need a /prefix, ports accept service names. Each failure is a message
// the checker reports at the literal's position.

export class ValueError extends Error {}

/** sscanf-style integer: returns the value wrapped/truncated to `bits` (as a two's-complement bigint). */
export function parseInteger(text: string, signed: boolean, bits: number): bigint {
  const m = /^[ \t\n\r\f\v]*([+-]?)([0-9]+)$/.exec(text);
  if (!m) throw new ValueError(`${text} is not a valid number`);
  let v = BigInt(m[2]);
  // sscanf reads into a 32-bit variable for narrow types and a 64-bit one otherwise.
  const readBits = bits <= 32 ? 32 : 64;
  if (m[1] === '-') v = -v;
  v = signed ? BigInt.asIntN(readBits, v) : BigInt.asUintN(readBits, v);
  return signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

export function parseBool(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ValueError(`filter error: unrecognized boolean value ${text}`);
}

/** Strict dotted quad (inet_pton): 4 decimal parts 0..255, no leading zeros. Host-order u32. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

/** inet_pton(AF_INET6) without the embedded-IPv4 form (a dot selects IPv4 parsing before we get here). */
export function parseIPv6(text: string): Uint8Array | null {
  if (text.length === 0 || text.length > 39) return null;
  const dbl = text.indexOf('::');
  if (dbl >= 0 && text.indexOf('::', dbl + 1) >= 0) return null;
  const groupsOf = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const a = groupsOf(text.slice(0, dbl));
    const b = groupsOf(text.slice(dbl + 2));
    if (!a || !b || a.length + b.length > 7) return null;
    groups = [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
  } else {
    const a = groupsOf(text);
    if (!a || a.length !== 8) return null;
    groups = a;
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 0xff; });
  return out;
}

export type IpValue = { v4: number } | { v6: Uint8Array };

export function parseIp(text: string): IpValue {
  if (text.includes('.')) {
    const v4 = parseIPv4(text);
    if (v4 === null) throw new ValueError(`unrecognized IPv4 address ${text}`);
    return { v4 };
  }
  const v6 = parseIPv6(text);
  if (!v6) throw new ValueError(`unrecognized IPv6 address ${text}`);
  return { v6 };
}

export type NetValue = { v4: number; prefix: number } | { v6: Uint8Array; prefix: number };

export function parseNet(text: string): NetValue {
  const slash = text.indexOf('/');
  if (slash < 0 || !/^[0-9]{1,3}$/.test(text.slice(slash + 1))) throw new ValueError(`unrecognized IP network ${text}`);
  const addr = text.slice(0, slash);
  const prefix = Number(text.slice(slash + 1));
  if (addr.includes('.')) {
    const v4 = parseIPv4(addr);
    if (v4 === null || prefix > 32) throw new ValueError(`unrecognized IP network ${text}`);
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { v4: (v4 & mask) >>> 0, prefix };
  }
  const v6 = parseIPv6(addr);
  if (!v6 || prefix > 128) throw new ValueError(`unrecognized IP network ${text}`);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, prefix - 8 * i));
    v6[i] &= (0xff << (8 - keep)) & 0xff;
  }
  return { v6, prefix };
}

// Common entries of /etc/services (tcp/udp), so `fd.sport = http` works without the host's database.
const SERVICES: Record<string, number> = {
  echo: 7, discard: 9, daytime: 13, ftp_data: 20, 'ftp-data': 20, ftp: 21, ssh: 22, telnet: 23, smtp: 25,
  time: 37, whois: 43, tacacs: 49, domain: 53, bootps: 67, bootpc: 68, tftp: 69, gopher: 70, finger: 79,
  http: 80, www: 80, kerberos: 88, pop3: 110, sunrpc: 111, auth: 113, nntp: 119, ntp: 123, epmap: 135,
  'netbios-ns': 137, 'netbios-dgm': 138, 'netbios-ssn': 139, imap2: 143, imap: 143, snmp: 161, 'snmp-trap': 162,
  bgp: 179, irc: 194, ldap: 389, https: 443, 'microsoft-ds': 445, kpasswd: 464, submissions: 465, syslog: 514,
  printer: 515, submission: 587, ldaps: 636, rsync: 873, 'ftps-data': 989, ftps: 990, telnets: 992, imaps: 993,
  pop3s: 995, socks: 1080, openvpn: 1194, 'ms-sql-s': 1433, 'ms-sql-m': 1434, pptp: 1723, radius: 1812,
  'radius-acct': 1813, nfs: 2049, mysql: 3306, 'ms-wbt-server': 3389, svn: 3690, sip: 5060, 'sip-tls': 5061,
  xmpp_client: 5222, 'xmpp-client': 5222, 'xmpp-server': 5269, postgresql: 5432, amqp: 5672, x11: 6000,
  'http-alt': 8080, webcache: 8080, redis: 6379, memcache: 11211, mongodb: 27017, kubelet: 10250,
};

export function parsePort(text: string): number {
  if (/^[0-9]+$/.test(text)) return Number(BigInt.asUintN(16, BigInt(text)));
  const p = SERVICES[text];
  if (p === undefined) throw new ValueError(`unrecognized protocol ${text}`);
  return p;
}

/** `bcontains`/`bstartswith` literal: an even number of hex digits. */
export function parseHexBytes(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new ValueError(`invalid hex string ${text}: expected an even number of hex digits`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The lexer writes a `\xHH` escape of a byte >= 0x80 as the lone low surrogate U+DC00+HH, so it cannot be
 * confused with a character typed as text (`\xff` is the byte 0xFF, `ÿ` is UTF-8 C3 BF).
 */
export const ESCAPED_BYTE_BASE = 0xDC00;

/** A filter string's bytes: UTF-8, except that `\xHH` escapes (see ESCAPED_BYTE_BASE) are single bytes. */
export function literalBytes(text: string): Uint8Array {
  const enc = new TextEncoder();
  if (!/[\uDC80-\uDCFF]/.test(text)) return enc.encode(text);
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= ESCAPED_BYTE_BASE + 0x80 && c <= ESCAPED_BYTE_BASE + 0xFF) out.push(c - ESCAPED_BYTE_BASE);
    else for (const b of enc.encode(ch)) out.push(b);
  }
  return Uint8Array.from(out);
}
