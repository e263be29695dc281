import { compile, parseFlowDocument, validate } from '@parley/shared';
import { generateFlow } from './flowGen';
const raw = generateFlow(2000);
const N = Number(process.argv[2] ?? 20);
let tp = 0, tv = 0, tc = 0;
for (let i = 0; i < N; i++) {
  let t = performance.now();
  const doc = parseFlowDocument(JSON.parse(JSON.stringify(raw))).data!;
  tp += performance.now() - t; t = performance.now();
  const v = validate(doc);
  tv += performance.now() - t; t = performance.now();
  compile(v.flow!);
  tc += performance.now() - t;
}
console.log('parse', (tp / N).toFixed(1), 'validate', (tv / N).toFixed(1), 'compile', (tc / N).toFixed(1));
