import { parentPort } from 'node:worker_threads';
import { runPart, type Lane, type PartTask } from './part.js';

// A worker thread of the parallel analyze pass: runs parts as the main thread hands them out.
// Its imports stay minimal (no CLI libraries) so it starts fast.
const lane: Lane = {};
parentPort!.on('message', (task: PartTask) => {
  runPart(task, lane).then(
    ({ result, transfer }) => parentPort!.postMessage({ result }, transfer),
    (err: Error) => parentPort!.postMessage({ crash: { message: err.message, stack: err.stack, user: err.name === 'UserError' } }),
  );
});
