import { createContext, useContext } from 'react';

/**
 * True while the inspection on screen is final: its tabs show what was recorded and offer no way to
 * change it (the store refuses such changes anyway; the screen should not invite them).
 */
export const InspectionReadOnly = createContext(false);

export function useInspectionReadOnly(): boolean {
  return useContext(InspectionReadOnly);
}
