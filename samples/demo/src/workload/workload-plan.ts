/**
 * What a run will do with a folder, decided before anything is enqueued, so the run can be
 * checked against it at the end.
 *
 * Each file gets three jobs: `hash-file` (always succeeds), `scan-file` (a transient fault on
 * the first attempt for every fourth file) and `publish-file` (refused for good for a few
 * files). One `summarize` job follows once all of them are done. Which files misbehave
 * depends only on their position in the sorted listing, so a run is reproducible.
 */
export interface WorkloadPlan {
  /** Absolute folder the paths are relative to. */
  directory: string;
  /** Every file, relative to `directory`, sorted. */
  files: string[];
  /** Files whose `scan-file` job fails its first attempt and then succeeds. */
  flakyFiles: ReadonlySet<string>;
  /** Files whose `publish-file` job fails on every attempt. */
  doomedFiles: ReadonlySet<string>;
}

/** The outcome a run of a plan must produce; anything else is a defect. */
export interface ExpectedOutcome {
  /** Jobs enqueued: three per file plus `summarize`. */
  totalJobs: number;
  completedJobs: number;
  failedJobs: number;
  /** Failed attempts that were scheduled again. */
  retries: number;
  /** FileDigest rows: exactly one per file. */
  digests: number;
}

/** Every how-many-th file gets a flaky scan. */
const FLAKY_EVERY = 4;

/** At most this many files get a doomed publish; "a few", whatever the folder's size. */
const MAX_DOOMED = 3;

/** Attempts a `publish-file` job gets; kept in one place so the expectation follows it. */
export const PUBLISH_MAX_ATTEMPTS = 2;

/** Builds the plan for the sorted file list of `directory`. */
export function planWorkload(directory: string, files: string[]): WorkloadPlan {
  const flakyFiles = new Set(files.filter((_, index) => index % FLAKY_EVERY === 1));

  // Spread the doomed files over the listing (the middle of each third) rather than taking
  // the first ones, so failures show up while the progress bar moves.
  const doomedCount = Math.min(MAX_DOOMED, Math.ceil(files.length / 10));
  const doomedFiles = new Set<string>();
  for (let k = 0; k < doomedCount; k += 1) {
    const index = Math.floor(((2 * k + 1) * files.length) / (2 * doomedCount));
    doomedFiles.add(files[index] as string);
  }

  return { directory, files, flakyFiles, doomedFiles };
}

/** The numbers a correct run of `plan` ends with. */
export function expectedOutcome(plan: WorkloadPlan): ExpectedOutcome {
  const fileCount = plan.files.length;
  const doomed = plan.doomedFiles.size;

  return {
    totalJobs: 3 * fileCount + 1,
    completedJobs: 3 * fileCount + 1 - doomed,
    failedJobs: doomed,
    retries: plan.flakyFiles.size + doomed * (PUBLISH_MAX_ATTEMPTS - 1),
    digests: fileCount,
  };
}
