// A Cloudflare-style module worker: GET /?base=<gateway base URL>[&case=auth] runs a scenario.
import { runAuthScenario, runScenario } from './scenario';

export default {
  async fetch(request: Request): Promise<Response> {
    const params = new URL(request.url).searchParams;
    const base = params.get('base');
    if (!base) return new Response('missing ?base=', { status: 400 });
    try {
      return Response.json(params.get('case') === 'auth' ? await runAuthScenario(base) : await runScenario(base));
    } catch (error) {
      const e = error as Error;
      return Response.json({ failed: `${e?.name}: ${e?.message}\n${e?.stack}` }, { status: 500 });
    }
  },
};
