/**
 * The runner's own account of what failed, cut short: CI shows only the end of a long run, so the
 * run repeats it beside the table. Playwright numbers its failures (`  1) file:line › title`);
 * node's spec reporter lists them after `✖ failing tests:`.
 */
export function failureDigest(output: string, maxLines = 40): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^\s+1\) /.test(l) || /^✖ failing tests:/.test(l));
  if (start < 0) return [];
  const digest: string[] = [];
  for (const line of lines.slice(start)) {
    if (/^\s+\d+ (failed|passed|flaky|skipped)\b/.test(line) || /^ℹ tests \d+/.test(line)) break;
    if (line.trim() !== '') digest.push(line);
  }
  return digest.length > maxLines ? [...digest.slice(0, maxLines), `… and ${digest.length - maxLines} lines more, in the suite's output above`] : digest;
}
