import { SealError, isSealed, unseal } from '../files/seal';
import { AppError } from './dispatch';

/**
 * The text of a file that may be sealed: as it is when not sealed, unsealed with the passphrase when it
 * is. A wrong passphrase or a damaged seal is a message at the passphrase field, never a raw error.
 */
export async function openSealed(text: string, passphrase: string | undefined): Promise<string> {
  if (!isSealed(text)) return text;
  if (!passphrase) throw new AppError('PASSPHRASE_REQUIRED', 'This file is sealed. Enter its passphrase to open it.');
  try {
    return await unseal(text, passphrase);
  } catch (e) {
    if (e instanceof SealError) throw new AppError('VALIDATION', e.message, { passphrase: e.message });
    throw e;
  }
}
