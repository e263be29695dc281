/**
 * jsdom has neither `matchMedia` nor a 2D canvas, and uPlot needs both (the first when its module loads). Import this
 * before anything that imports uPlot. The context answers every drawing call with nothing: the tests read the chart's
 * text alternative, not its pixels.
 */
if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}

if (typeof globalThis.Path2D === 'undefined') {
  // uPlot builds its lines as Path2D objects before stroking them; the stub records nothing and draws nothing.
  class Path2DStub {
    moveTo() {}
    lineTo() {}
    rect() {}
    arc() {}
    closePath() {}
    bezierCurveTo() {}
    quadraticCurveTo() {}
    addPath() {}
  }
  globalThis.Path2D = Path2DStub as unknown as typeof Path2D;
}

const drawn: string[] = [];
const context = new Proxy({} as Record<string | symbol, unknown>, {
  get(target, key) {
    if (key in target) return target[key];
    if (key === 'measureText') return () => ({ width: 10 });
    if (key === 'canvas') return undefined;
    return (..._args: unknown[]) => {
      if (typeof key === 'string') drawn.push(key);
    };
  },
  set(target, key, value) {
    target[key] = value;
    return true;
  },
});

HTMLCanvasElement.prototype.getContext = function getContext() {
  return context as unknown as CanvasRenderingContext2D;
} as unknown as typeof HTMLCanvasElement.prototype.getContext;

/** Names of the drawing calls made so far: a test can see that uPlot really drew (e.g. `stroke`). */
export const canvasCalls = drawn;
