import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/cli/collect.js';

describe('collectGarbage (between the phases of a large audit)', () => {
  it('frees what nothing references any more', async () => {
    let big: number[] | null = new Array<number>(1_000_000).fill(1);
    const ref = new WeakRef(big);
    big = null;
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage(1_000_000);
    expect(ref.deref()).toBeUndefined();
  });
});
