import { describe, expect, it, vi } from 'vitest';
import { lazyModule } from '../../../src/ui/lazy-module';

describe('lazyModule', () => {
  it('imports once, however many ask', async () => {
    const importer = vi.fn(async () => ({ answer: 42 }));
    const lazy = lazyModule(importer);
    const [a, b] = await Promise.all([lazy.load(), lazy.load()]);
    expect(a).toBe(b);
    expect(await lazy.load()).toEqual({ answer: 42 });
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('after a failure, the next load tries again', async () => {
    const importer = vi
      .fn<() => Promise<{ answer: number }>>()
      .mockRejectedValueOnce(new Error('chunk missing'))
      .mockResolvedValueOnce({ answer: 1 });
    const lazy = lazyModule(importer);
    await expect(lazy.load()).rejects.toThrow('chunk missing');
    expect(await lazy.load()).toEqual({ answer: 1 });
    expect(importer).toHaveBeenCalledTimes(2);
  });
});
