// The benchmark's comparison run: seed 001 (order-to-delivery.bpmn) for N orders in bpmn-engine, in
// memory (no persistence), every person's task and every carrier scan signalled as soon as the engine
// waits for it. Prints one JSON line for the .NET benchmark to read.
//
//   node run.mjs [orders]
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import BpmnModdle from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';

const orders = Number(process.argv[2] ?? 1000);
// Parsed once, as a server would: each order's engine starts from the parsed model, not from XML.
const moddleContext = await new BpmnModdle().fromXML(readFileSync(new URL('./order-to-delivery.bpmn', import.meta.url), 'utf8'));
// How many "in transit" scans come before "delivered": the simulated carrier's route.
const SCANS_BEFORE_DELIVERY = 2;

// System steps do a little bookkeeping on the order, as the engine's activities would.
const services = {
  checkPayment: (ctx, next) => { ctx.environment.variables.paid = true; next(); },
  checkAvailability: (ctx, next) => { ctx.environment.variables.available = true; next(); },
  allocate: (ctx, next) => { ctx.environment.variables.allocated = 1; next(); },
  setStatus: (ctx, next) => { ctx.environment.variables.status = ctx.content.id; next(); },
  document: (ctx, next) => { ctx.environment.variables.documents = (ctx.environment.variables.documents ?? 0) + 1; next(); },
  bookCarrier: (ctx, next) => { ctx.environment.variables.tracking = `SIM${ctx.environment.variables.order}`; next(); },
  commitStock: (ctx, next) => { ctx.environment.variables.allocated = 0; next(); },
  notify: (ctx, next) => { ctx.environment.variables.mails = (ctx.environment.variables.mails ?? 0) + 1; next(); },
};

let activities = 0;

function runOrder(order) {
  return new Promise((resolve, reject) => {
    const listener = new EventEmitter();
    let scans = 0;
    listener.on('activity.end', () => { activities++; });
    listener.on('wait', (api) => {
      const variables = api.environment.variables;
      if (api.id === 'delivery') {
        scans++;
        variables.delivered = scans > SCANS_BEFORE_DELIVERY;
      } else {
        variables.approved = true;
      }
      // Signal on the next turn, as a person or a carrier would: never inside the engine's own call.
      setImmediate(() => api.signal({ by: 'bench' }));
    });
    const engine = new Engine({ name: `order-${order}`, moddleContext, services, variables: { order } });
    engine.once('end', () => resolve());
    engine.once('error', reject);
    engine.execute({ listener }).catch(reject);
  });
}

const started = process.hrtime.bigint();
const batch = Number(process.env.BATCH ?? 100);
for (let first = 0; first < orders; first += batch) {
  const running = [];
  for (let order = first; order < Math.min(orders, first + batch); order++) {
    running.push(runOrder(order));
  }
  await Promise.all(running);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({
  engine: 'bpmn-engine',
  orders,
  seconds,
  activities,
  ordersPerSecond: orders / seconds,
  activitiesPerSecond: activities / seconds,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
}));
