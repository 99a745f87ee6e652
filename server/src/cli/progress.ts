/** A progress bar on stderr, only on a terminal and only once a run takes more than a moment. */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private shown = false;
  private readonly started = Date.now();

  constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream, private readonly enabled: boolean) {}

  tick(): void {
    this.done++;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 400 || now - this.lastDraw < 80) return;
    this.lastDraw = now;
    this.shown = true;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} files`);
  }

  finish(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
  }
}
