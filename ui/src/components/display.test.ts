import { describe, expect, it } from 'vitest';
import { baseName, expiryText, formatBytes, formatDate, initials, presetLabel } from './display';

describe('display', () => {
  it('words the core’s expiry states', () => {
    const when = formatDate('2028-03-14T12:00:00Z');
    expect(expiryText('valid', '2028-03-14T12:00:00Z')).toBe(`Expires ${when}`);
    expect(expiryText('expires-soon', '2028-03-14T12:00:00Z')).toBe(`Expires soon · ${when}`);
    expect(expiryText('expired', '2028-03-14T12:00:00Z')).toBe(`Expired ${when}`);
    expect(expiryText('no-expiry', null)).toBeNull();
  });

  it('formats dates as the UTC day, date only', () => {
    expect(formatDate('2028-03-14T23:30:00Z')).toContain('14');
    expect(formatDate('2028-03-14T23:30:00Z')).toContain('2028');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('words sizes in bytes', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(3400)).toBe('3.4 KB');
    expect(formatBytes(BigInt(45_600))).toBe('46 KB');
    expect(formatBytes(999_999)).toBe('1.0 MB');
    expect(formatBytes(12_300_000)).toBe('12 MB');
  });

  it('makes initials and base names', () => {
    expect(initials('Rust Fundamentals')).toBe('RF');
    expect(initials('  ')).toBe('?');
    expect(initials('écrire 2025')).toBe('É2');
    expect(baseName('/a/b/c.json')).toBe('c.json');
    expect(baseName('C:\\x\\y.jwt')).toBe('y.jwt');
  });

  it('labels picture sizes from the core’s presets', () => {
    expect(presetLabel({ preset: 'email-signature', side: 120 })).toBe('Email signature (120 px)');
    expect(presetLabel({ preset: 'slide', side: 640 })).toBe('Slide (640 px)');
    expect(presetLabel({ preset: 'print', side: 2000 })).toBe('Print (2000 px)');
    expect(presetLabel({ preset: 'original', side: null })).toBe('Original size');
  });
});
