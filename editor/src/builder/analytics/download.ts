import { send } from '../../common/api/client';
import { readJson } from '../../common/api/errors';
import { toast } from '../app/ui';

/** Downloads a file that needs the admin token as a header: fetched, then saved from a blob URL. */
export async function downloadWithToken(url: string, token: string, filename: string): Promise<void> {
  try {
    const res = await send(url, { headers: { authorization: `Bearer ${token}` } });
    // An error answer is JSON: readJson throws it as the server's own message.
    if (!res.ok) await readJson(res);
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = href;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  } catch (err) {
    toast((err as Error).message, 'error');
  }
}
