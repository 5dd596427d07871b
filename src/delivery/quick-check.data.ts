import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the shipped DORA Quick Check files live (read at run time, never fetched). */
export const QUICK_CHECK_DIR = resolve(fileURLToPath(new URL('../../data/dora-quick-check', import.meta.url)));

/** The Quick Check's metric keys in its files. */
export const QC_FILE_KEYS = ['leadtime', 'deployfreq', 'failurerecovery', 'changefailure', 'rework'] as const;
export type QcFileKey = (typeof QC_FILE_KEYS)[number];

/** A published mean and standard deviation, on the 0–10 scale. */
export interface Stat {
  mean: number;
  std: number;
}

/** One industry or organization size of an edition, every mean turned "higher is better". */
export interface BenchmarkGroup {
  key: string;
  name: string;
  metrics: Partial<Record<QcFileKey, Stat>>;
  /** The Quick Check's recomputed mean of the metric means, with the published standard deviation. */
  performance_average: Stat | null;
}

export interface Edition {
  edition: string;
  industries: BenchmarkGroup[];
  sizes: BenchmarkGroup[];
  /** Size-file metrics stored in the other direction than the industry file, turned here (see docs/metrics.md). */
  size_metrics_turned: QcFileKey[];
}

export interface QuickCheckData {
  editions: Edition[];
  /** The six answer labels of each time-based question, by answer 1…6. */
  labels: Record<'leadtime' | 'deployfreq' | 'failurerecovery', Record<string, string>>;
}

type RawGroup = { name: string } & Partial<Record<string, Stat>>;
type RawFile = Record<string, RawGroup>;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** Metrics stored "lower is better" in the files (percentages of failures and rework). */
const STORED_LOW_IS_BETTER: QcFileKey[] = ['changefailure', 'rework'];
/** How far apart two published means may be and still be the same figure (they carry one decimal). */
const SAME = 0.05;

/**
 * Which size-file metrics run the other way: the "all" row of the size file names the same
 * population as the "all" row of the industry file, so a metric whose size mean is 10 − the
 * industry mean (and not the industry mean) is stored reversed there.
 */
function reversedInSizeFile(industry: RawFile, sizes: RawFile): QcFileKey[] {
  const a = industry.all;
  const b = sizes.all;
  if (!a || !b) return [];
  return QC_FILE_KEYS.filter((k) => {
    const x = a[k]?.mean;
    const y = b[k]?.mean;
    return x !== undefined && y !== undefined && Math.abs(y - (10 - x)) <= SAME && Math.abs(y - x) > SAME;
  });
}

/**
 * One group in the Quick Check's "higher is better" direction (its `transformMetrics`): change
 * failure and rework means become 10 − mean (standard deviation unchanged), and the performance
 * average's mean becomes the mean of the metric means (rework included when the edition has it).
 */
function transform(key: string, raw: RawGroup, turn: QcFileKey[]): BenchmarkGroup {
  const metrics: Partial<Record<QcFileKey, Stat>> = {};
  for (const k of QC_FILE_KEYS) {
    const s = raw[k];
    if (!s || typeof s.mean !== 'number' || typeof s.std !== 'number') continue;
    const flip = STORED_LOW_IS_BETTER.includes(k) !== turn.includes(k);
    metrics[k] = { mean: flip ? 10 - s.mean : s.mean, std: s.std };
  }
  const means = QC_FILE_KEYS.map((k) => metrics[k]?.mean).filter((m): m is number => m !== undefined);
  const published = raw.performance_average;
  return {
    key,
    name: raw.name,
    metrics,
    performance_average:
      published && means.length ? { mean: means.reduce((a, b) => a + b, 0) / means.length, std: published.std } : null,
  };
}

/** Reads every edition under `dir` (default: the shipped copy). Throws when a file is missing or malformed. */
export function loadQuickCheck(dir = QUICK_CHECK_DIR): QuickCheckData {
  const editionsDir = join(dir, 'editions');
  const editions = readdirSync(editionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(editionsDir, d.name, 'industry_metrics.json')))
    .map((d) => d.name)
    .sort()
    .map((edition): Edition => {
      const industry = readJson<RawFile>(join(editionsDir, edition, 'industry_metrics.json'));
      const sizes = readJson<RawFile>(join(editionsDir, edition, 'organization_size_metrics.json'));
      const turned = reversedInSizeFile(industry, sizes);
      return {
        edition,
        industries: Object.entries(industry).map(([k, g]) => transform(k, g, [])),
        sizes: Object.entries(sizes).map(([k, g]) => transform(k, g, turned)),
        size_metrics_turned: turned,
      };
    });
  return { editions, labels: readJson(join(dir, 'metrics_question_responses.json')) };
}

const loaded = new Map<string, QuickCheckData>();

/** The shipped Quick Check data, read once per process (the files never change while it runs). */
export function quickCheckData(dir = QUICK_CHECK_DIR): QuickCheckData {
  let d = loaded.get(dir);
  if (!d) loaded.set(dir, (d = loadQuickCheck(dir)));
  return d;
}

/** An edition by name, or undefined. */
export const findEdition = (data: QuickCheckData, edition: string): Edition | undefined =>
  data.editions.find((e) => e.edition === edition);
