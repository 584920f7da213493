/**
 * The ring a consultant hears. Made with WebAudio (no file to load); the AudioContext is
 * created on a click, since browsers let pages make sound only after a gesture.
 */
export class Ringer {
  private context: AudioContext | undefined;
  private timer: number | undefined;

  /** Call from a click handler (sign in, "available"). */
  unlock(): void {
    this.context ??= new AudioContext();
    void this.context.resume();
  }

  start(): void {
    if (this.timer !== undefined) return;
    const ring = () => {
      this.tone(0, 880);
      this.tone(0.25, 660);
    };
    ring();
    this.timer = window.setInterval(ring, 2000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tone(delay: number, hz: number): void {
    const ctx = this.context;
    if (!ctx || ctx.state !== 'running') return;
    const at = ctx.currentTime + delay;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.25);
  }
}
