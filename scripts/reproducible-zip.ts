/**
 * Rewrites a zip so that the same files give the same bytes: entries in byte order of their paths,
 * every entry (folders included) stamped with one fixed time, the same compression. WXT's zips
 * carry the moment of the build and the order the file system listed, so two builds of one commit
 * differed; a store reviewer comparing our upload with their own build must get the same file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import JSZip from 'jszip';

/**
 * The time written on every entry: SOURCE_DATE_EPOCH (seconds) when the builder sets it, as the
 * reproducible-builds convention asks, else a fixed instant. Not the commit's time: the AMO reviewer
 * builds from the sources zip, which has no .git.
 */
export function entryTime(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  // ZIP times start in 1980; an earlier or unreadable value falls back to the fixed instant.
  if (Number.isInteger(epoch) && epoch >= 315_532_800) return new Date(epoch * 1000);
  return new Date(Date.UTC(2026, 0, 1));
}

export async function normalizeZipBytes(bytes: Uint8Array, date = entryTime()): Promise<Buffer> {
  const source = await JSZip.loadAsync(bytes);
  const files = new Map<string, Uint8Array>();
  for (const entry of Object.values(source.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('uint8array'));
  }
  const folders = new Set<string>();
  for (const name of files.keys()) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(`${parts.slice(0, i).join('/')}/`);
  }
  const names = [...folders, ...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = new JSZip();
  for (const name of names) {
    const content = files.get(name);
    // createFolders: false, or JSZip adds each parent folder stamped with the current time.
    if (content === undefined) out.file(name, null, { dir: true, date, createFolders: false });
    else out.file(name, content, { date, createFolders: false });
  }
  return out.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'DOS',
  });
}

export async function normalizeZip(path: string): Promise<void> {
  await writeFile(path, await normalizeZipBytes(await readFile(path)));
}
