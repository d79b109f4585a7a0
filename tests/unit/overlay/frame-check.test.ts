import { describe, expect, it } from 'vitest';
import {
  frameProblem,
  SETTLE_MS,
  samplePoints,
  styleProblem,
} from '@/entrypoints/tradingview.content/frame-check';

/** A computed style as the browser gives one for a plain, untouched element. */
const plain: Record<string, string> = {
  zoom: '1',
  transform: 'none',
  translate: 'none',
  rotate: 'none',
  scale: 'none',
  perspective: 'none',
  filter: 'none',
  'mix-blend-mode': 'normal',
  'clip-path': 'none',
  'mask-image': 'none',
  clip: 'auto',
  'content-visibility': 'visible',
  visibility: 'visible',
};
const style = (over: Record<string, string> = {}) => {
  const all: Record<string, string> = {
    ...plain,
    opacity: '1',
    visibility: 'visible',
    display: 'block',
    ...over,
  };
  return {
    getPropertyValue: (name: string) => all[name] ?? '',
    opacity: all.opacity ?? '1',
    display: all.display ?? 'block',
  };
};

describe('the click-time frame check: styles that make the panel look other than it is', () => {
  it('passes an untouched element, and one whose browser lacks a property', () => {
    expect(styleProblem(style())).toBeNull();
    expect(styleProblem(style({ zoom: '', 'mask-image': '' }))).toBeNull();
  });

  it('names each distortion the page can apply to the frame or anything around it', () => {
    expect(styleProblem(style({ zoom: '0.2' }))).toBe('zoom');
    expect(styleProblem(style({ transform: 'matrix(1, 0, 0, 1, 40, 0)' }))).toBe('transform');
    expect(styleProblem(style({ translate: '40px 0px' }))).toBe('transform');
    expect(styleProblem(style({ scale: '0.5' }))).toBe('transform');
    expect(styleProblem(style({ opacity: '0.001' }))).toBe('opacity');
    expect(styleProblem(style({ opacity: '0.99' }))).toBe('opacity');
    expect(styleProblem(style({ filter: 'blur(4px)' }))).toBe('filter');
    expect(styleProblem(style({ 'mix-blend-mode': 'multiply' }))).toBe('filter');
    expect(styleProblem(style({ 'clip-path': 'inset(0 0 90% 0)' }))).toBe('clip');
    expect(styleProblem(style({ 'mask-image': 'linear-gradient(black, transparent)' }))).toBe('clip');
    expect(styleProblem(style({ visibility: 'hidden' }))).toBe('hidden');
    expect(styleProblem(style({ display: 'none' }))).toBe('hidden');
    expect(styleProblem(style({ 'content-visibility': 'hidden' }))).toBe('hidden');
  });

  it('samples the corners, edges and center of the frame for anything laid over it', () => {
    const points = samplePoints({ left: 100, top: 50, width: 300, height: 200 });
    expect(points).toHaveLength(9);
    expect(points).toContainEqual({ x: 250, y: 150 });
    expect(points).toContainEqual({ x: 103, y: 53 });
    expect(points).toContainEqual({ x: 397, y: 247 });
  });

  it('holds a click just after the frame moved or the page touched it, and one on a frame no longer in the page', () => {
    const iframe = document.createElement('iframe');
    expect(frameProblem({ iframe, width: 300, disturbedAt: 0, now: 10_000 })).toBe('missing');
    document.body.append(iframe);
    expect(frameProblem({ iframe, width: 300, disturbedAt: 10_000 - SETTLE_MS + 1, now: 10_000 })).toBe(
      'moved',
    );
    // A clock that went back is no proof the frame has been still.
    expect(frameProblem({ iframe, width: 300, disturbedAt: 20_000, now: 10_000 })).toBe('moved');
    iframe.remove();
  });
});
