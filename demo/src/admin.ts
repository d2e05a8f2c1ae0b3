import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAULT_DESCRIPTIONS, FAULTS, faultOptionsSchema, isFault, type Fault, type FaultOptions } from './faults.ts';
import { HttpError, readJson, sendJson } from './httpJson.ts';
import { parse } from './modelServer.ts';

/**
 * The admin endpoint: GET /admin/faults lists the faults and the active ones;
 * PUT /admin/faults/<fault> injects one (optional JSON options); DELETE /admin/faults/<fault>
 * recovers it; DELETE /admin/faults recovers all.
 */
export interface FaultSwitch {
  inject(fault: Fault, options: FaultOptions): Promise<void>;
  recover(fault: Fault): Promise<void>;
  active(): Record<string, FaultOptions>;
}

export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  faults: FaultSwitch
): Promise<boolean> {
  if (path === '/admin/faults') {
    if (req.method === 'GET') {
      sendJson(res, 200, { faults: FAULT_DESCRIPTIONS, active: faults.active() });
    } else if (req.method === 'DELETE') {
      for (const f of FAULTS) await faults.recover(f);
      sendJson(res, 200, { active: faults.active() });
    } else throw new HttpError(405, 'use GET or DELETE');
    return true;
  }
  const m = /^\/admin\/faults\/([^/]+)$/.exec(path);
  if (!m) return false;
  const name = decodeURIComponent(m[1] as string);
  if (!isFault(name)) throw new HttpError(404, `unknown fault "${name}": one of ${FAULTS.join(', ')}`);
  if (req.method === 'PUT' || req.method === 'POST') {
    const options = parse(faultOptionsSchema, (await readJson(req)) ?? {});
    await faults.inject(name, options);
  } else if (req.method === 'DELETE') await faults.recover(name);
  else throw new HttpError(405, 'use PUT or DELETE');
  sendJson(res, 200, { active: faults.active() });
  return true;
}
