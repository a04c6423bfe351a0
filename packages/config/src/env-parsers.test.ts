import { describe, expect, it } from 'vitest';
import {
  envBoolean,
  envHttpUrl,
  envInt,
  envList,
  envNumber,
  envPort,
  envSecondsAsMs,
} from './env-parsers.ts';

describe('env parsers', () => {
  it('parses the boolean spellings of .env files and rejects others', () => {
    const flag = envBoolean(false);
    for (const raw of ['true', 'TRUE', '1', 'yes', ' on ']) expect(flag.parse(raw), raw).toBe(true);
    for (const raw of ['false', 'False', '0', 'no', 'off']) expect(flag.parse(raw), raw).toBe(false);
    expect(flag.parse(undefined)).toBe(false);
    expect(envBoolean(true).parse(undefined)).toBe(true);
    expect(flag.safeParse('maybe').success).toBe(false);
  });

  it('converts second-valued variables to milliseconds, fractions included', () => {
    const timeout = envSecondsAsMs(120);
    expect(timeout.parse('45')).toBe(45_000);
    expect(timeout.parse('1.5')).toBe(1_500);
    expect(timeout.parse('.25')).toBe(250);
    expect(timeout.parse(undefined)).toBe(120_000);
    expect(timeout.safeParse('-1').success).toBe(false);
    expect(timeout.safeParse('10s').success).toBe(false);
  });

  it('bounds integers and rejects fractions and junk', () => {
    const port = envPort(8000);
    expect(port.parse('443')).toBe(443);
    expect(port.safeParse('0').success).toBe(false);
    expect(port.safeParse('65536').success).toBe(false);
    expect(port.safeParse('80.5').success).toBe(false);
    expect(envInt(3, { min: 0 }).parse(' 7 ')).toBe(7);
    expect(envNumber(3).parse('2.5')).toBe(2.5);
    expect(envNumber(3).safeParse('abc').success).toBe(false);
  });

  it('splits comma lists, trimming and dropping empty items', () => {
    expect(envList().parse(' a, b ,,c ,')).toEqual(['a', 'b', 'c']);
    expect(envList(['x']).parse(undefined)).toEqual(['x']);
  });

  it('accepts only http(s) URLs and strips a trailing slash', () => {
    expect(envHttpUrl().parse('http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000');
    expect(envHttpUrl().safeParse('ftp://host').success).toBe(false);
    expect(envHttpUrl().safeParse('not a url').success).toBe(false);
  });
});
