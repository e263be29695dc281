/**
 * Loaded with `--import` into every process the bench starts (the real `runtime/src/main.ts` included), so the
 * parent learns the port it listens on, can ask for memory after a full collection and for CPU time used, and the
 * child never outlives the parent.
 */
import net from 'node:net';

declare const gc: (() => void) | undefined;

// Servers say which port they listen on, so the parent never mistakes another process's server for this one.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.send?.({ listening: address.port });
  });
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;

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
