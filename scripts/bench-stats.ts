// What the bench's parts share: a measured run and the median of several.

export interface Sample {
  seconds: number;
  /** Peak resident memory of the process (GNU time), MiB; undefined when /usr/bin/time is missing. */
  peakMiB?: number;
  /** User + system CPU seconds (GNU time): what the work costs, whatever else the machine runs. */
  cpuSeconds?: number;
  stderr?: string;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
