import { useEffect, useState } from 'react';
import { api } from '../api';
import { CoreText } from './Text';

/**
 * The header's progress area for a write that waits its turn: another billrecon process (a CLI
 * import of a big bill) holds the database's write lock, and the app's call waits for it instead
 * of failing. The host says so ('waiting', naming the database) and says again when the wait is
 * over ('resumed'); the end of the call itself (done, failed, cancelled) clears it too.
 */
export function WriteWait() {
  const [waiting, setWaiting] = useState<{ opId: string; message: string } | null>(null);
  useEffect(
    () =>
      api.onProgress((e) => {
        if (e.phase === 'waiting') setWaiting({ opId: e.opId, message: e.message });
        else if (e.phase === 'resumed' || e.phase === 'done' || e.phase === 'failed' || e.phase === 'cancelled') setWaiting((w) => (w && w.opId === e.opId ? null : w));
      }),
    [],
  );
  return (
    <div className={waiting ? 'write-wait shown' : 'write-wait'} role="status" data-testid="write-wait">
      {waiting && <CoreText text={waiting.message} />}
    </div>
  );
}
