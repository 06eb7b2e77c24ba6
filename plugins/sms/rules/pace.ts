/**
 * The send pace: after a batch of `sent` SMS that took `elapsedMs`, how long to wait so that no
 * more than `perSecond` SMS leave per second on average.
 */
export function waitAfterBatchMs(sent: number, perSecond: number, elapsedMs: number): number {
  if (sent <= 0 || !(perSecond > 0)) return 0;
  return Math.max(0, Math.ceil((sent * 1000) / perSecond - elapsedMs));
}
