/**
 * Loaded with `--import` into every process the bench starts (the real `runtime/src/main.ts` included), so the
 * parent can ask for memory after a full collection and for CPU time used, and the child never outlives the parent.
 */
declare const gc: (() => void) | undefined;

process.on('message', (msg: { cmd?: string; id?: number }) => {
  if (msg.cmd === 'mem') {
    if (typeof gc === 'function') {
      gc();
      gc();
    }
    const { rss, heapUsed, external } = process.memoryUsage();
    process.send?.({ id: msg.id, mem: { rss, heapUsed, external } });
  } else if (msg.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ id: msg.id, cpu: user + system });
  }
});

process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));

export {};
