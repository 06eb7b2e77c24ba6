/**
 * Word documents from CRM data (issue 22): a 500-unit building's passport (the unit table runs
 * over many pages under a repeated header) ≤ 2 s, a sale contract ≤ 200 ms — each the whole
 * generation: the record's object found, the data read from the read model's views, the model
 * built, the .docx rendered, the hash taken. Median of several runs after one warm-up.
 */

import { generateDocument } from '../plugins/documents/generate';
import { openDocumentsFixture } from './documents-render';
import { defineBench } from './harness';

const PASSPORT_TARGET_MS = 2_000;
const CONTRACT_TARGET_MS = 200;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function timed(runs: number, f: () => Promise<unknown>): Promise<number[]> {
  await f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
}

export default defineBench({
  name: 'documents',
  description: `500-unit building passport ≤ ${PASSPORT_TARGET_MS} ms, sale contract ≤ ${CONTRACT_TARGET_MS} ms`,
  async run({ report, progress }) {
    progress('a read model with a 500-unit building, an auction and contracts …');
    const f = await openDocumentsFixture(500);
    try {
      let size = 0;
      const passport = await timed(5, async () => {
        size = (await generateDocument('passport', f.buildingId, f.deps)).bytes.length;
      });
      report({
        name: '500-unit building passport (read, build, .docx)',
        value: median(passport),
        unit: 'ms',
        target: PASSPORT_TARGET_MS,
        comparison: 'atMost',
        details: { runs: passport.length, max: Math.round(Math.max(...passport)), bytes: size },
      });
      const contract = await timed(20, () => generateDocument('sale-contract', f.contractId, f.deps));
      report({
        name: 'sale contract (read, build, .docx)',
        value: median(contract),
        unit: 'ms',
        target: CONTRACT_TARGET_MS,
        comparison: 'atMost',
        details: { runs: contract.length, max: Math.round(Math.max(...contract)) },
      });
    } finally {
      await f.close();
    }
  },
});
