import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/engine/prepare.js';
import type { Datasets } from '../../src/model/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');

describe('prepare', () => {
  it('calls onRead once, with every input read', async () => {
    const seen: { agendaRows: number; inputs: number }[] = [];
    let data: Datasets | null = null;
    const prepared = await prepare({
      inputs: [demo],
      cwd: root,
      onRead: (d) => {
        data = d;
        seen.push({ agendaRows: d.agenda.length, inputs: d.inputs.length });
      },
    });
    expect(seen).toHaveLength(1);
    expect(data).toBe(prepared.data);
    expect(seen[0]!.agendaRows).toBe(prepared.data.agenda.length);
    expect(seen[0]!.agendaRows).toBeGreaterThan(0);
    expect(seen[0]!.inputs).toBe(prepared.data.inputs.length);
  });
});
