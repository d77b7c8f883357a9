// For the edge VM, which evaluates scripts: expose the scenario on globalThis.
import { runScenario } from './scenario';

(globalThis as Record<string, unknown>).__modelgateEdgeScenario = (base: string) =>
  runScenario(base).then(
    (report) => JSON.stringify(report),
    (error: Error) => JSON.stringify({ failed: `${error?.name}: ${error?.message}\n${error?.stack}` }),
  );
