// Ratios of medians with a confidence interval that covers both the noise within a run and the
// drift between runs: a two-level (hierarchical) bootstrap. The unit is a "block", one browser
// launch in one load order with interleaved samples of two arms; blocks are grouped in runs (one
// block per load order). Each resample draws runs with replacement, then the samples of every
// block with replacement; within a run the load orders are combined by geometric mean, and the
// runs by geometric mean again. The statistic is the median unless the caller names another (the
// popup's bubble uses the mean: its paints land on frames, and a median jumps a frame at a time).
import { median, p95, random } from './lib';

export interface Block {
  run: number;
  order: string;
  /** The arm under test (Hairpin) and the reference (the bare extension). */
  subject: readonly number[];
  reference: readonly number[];
}

export interface RatioEstimate {
  /** Geometric mean over runs of (geometric mean over load orders of median / median), or of the statistic named. */
  ratio: number;
  /** The same with p95s in place of medians. */
  p95Ratio: number;
  /** 95 % bootstrap percentile interval of `ratio`. */
  low: number;
  high: number;
  /** Per load order: geometric mean over runs of median / median. */
  byOrder: Record<string, number>;
  /** Per run: the combined ratio of that run alone. */
  byRun: number[];
  runs: number;
  samples: number;
}

const geomean = (values: readonly number[]) =>
  Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

function combine(blocks: readonly Block[], statistic: Statistic): number {
  const runs = [...new Set(blocks.map((block) => block.run))];
  return geomean(
    runs.map((run) =>
      geomean(
        blocks
          .filter((block) => block.run === run)
          .map((block) => statistic(block.subject) / statistic(block.reference)),
      ),
    ),
  );
}

type Statistic = (values: readonly number[]) => number;

export function ratioEstimate(
  blocks: readonly Block[],
  iterations = 2000,
  seed = 1,
  statistic: Statistic = median,
): RatioEstimate {
  if (blocks.length === 0) throw new Error('no blocks to estimate from');
  const runs = [...new Set(blocks.map((block) => block.run))];
  const orders = [...new Set(blocks.map((block) => block.order))];
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const resample = (values: readonly number[]) => values.map(() => pick(values));
  const replicas: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Runs drawn with replacement become distinct runs of the replica.
    const drawn = runs.length > 1 ? runs.map(() => pick(runs)) : runs;
    const replica: Block[] = drawn.flatMap((run, index) =>
      blocks
        .filter((block) => block.run === run)
        .map((block) => ({
          ...block,
          run: index,
          subject: resample(block.subject),
          reference: resample(block.reference),
        })),
    );
    replicas.push(combine(replica, statistic));
  }
  replicas.sort((a, b) => a - b);
  const at = (q: number) => replicas[Math.min(replicas.length - 1, Math.floor(q * replicas.length))]!;
  return {
    ratio: combine(blocks, statistic),
    p95Ratio: combine(blocks, p95),
    low: at(0.025),
    high: at(0.975),
    byOrder: Object.fromEntries(
      orders.map((order) => [
        order,
        combine(
          blocks.filter((block) => block.order === order),
          statistic,
        ),
      ]),
    ),
    byRun: runs.map((run) =>
      combine(
        blocks.filter((block) => block.run === run),
        statistic,
      ),
    ),
    runs: runs.length,
    samples: blocks.reduce((sum, block) => sum + Math.min(block.subject.length, block.reference.length), 0),
  };
}
