import { useEffect, useState } from 'react';

/**
 * How many items to render: `first` at once, then everything on the next task. The first
 * screenful appears without waiting for hundreds of rows below the fold to mount.
 */
export function useProgressive(total: number, first: number): number {
  const [count, setCount] = useState(Math.min(total, first));
  useEffect(() => {
    if (count >= total) return;
    const t = setTimeout(() => setCount(total), 0);
    return () => clearTimeout(t);
  }, [count, total]);
  return Math.min(Math.max(count, Math.min(total, first)), total);
}
