// @vitest-environment node
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { entryTime, normalizeZipBytes } from '../../../scripts/reproducible-zip';

/** A zip as WXT writes one: entries in the order given, stamped with the given time. */
async function wxtLikeZip(names: string[], date: Date): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const name of names) zip.file(name, `content of ${name}`, { date });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('reproducible zips', () => {
  const names = ['manifest.json', 'chunks/b.js', 'assets/a.css', 'chunks/a.js', 'popup.html'];

  it('two builds at other moments, listed in another order, give the same bytes', async () => {
    const first = await wxtLikeZip(names, new Date('2026-12-01T10:00:00Z'));
    const second = await wxtLikeZip([...names].reverse(), new Date('2026-12-02T23:59:58Z'));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    const a = await normalizeZipBytes(first);
    const b = await normalizeZipBytes(second);
    expect(a.equals(b)).toBe(true);
  });

  it('keeps every file and its content, in path order, folders first where they sort first', async () => {
    const out = await JSZip.loadAsync(await normalizeZipBytes(await wxtLikeZip(names, new Date())));
    expect(Object.keys(out.files)).toEqual([
      'assets/',
      'assets/a.css',
      'chunks/',
      'chunks/a.js',
      'chunks/b.js',
      'manifest.json',
      'popup.html',
    ]);
    expect(await out.file('chunks/b.js')?.async('string')).toBe('content of chunks/b.js');
    const times = new Set(Object.values(out.files).map((f) => f.date.getTime()));
    expect(times.size).toBe(1);
  });

  it('stamps SOURCE_DATE_EPOCH when the builder sets it, else a fixed instant', () => {
    expect(entryTime({ SOURCE_DATE_EPOCH: '1767225600' }).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(entryTime({ SOURCE_DATE_EPOCH: '1800000000' }).toISOString()).toBe('2027-01-15T08:00:00.000Z');
    expect(entryTime({}).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(entryTime({ SOURCE_DATE_EPOCH: 'yesterday' }).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
