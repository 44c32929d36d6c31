import { Stack, TextField } from '@mui/material';

/** A passphrase typed twice; `ok` once they match and are long enough. */
export function PassphraseFields({ value, again, onChange, error }: { value: string; again: string; onChange: (v: { value: string; again: string }) => void; error?: string | null }) {
  return (
    <Stack spacing={2}>
      <TextField
        type="password"
        label="Passphrase"
        value={value}
        onChange={(e) => onChange({ value: e.target.value, again })}
        error={!!error}
        helperText={error ?? 'At least 10 characters. Tell the other person by another route (phone, not email).'}
      />
      <TextField
        type="password"
        label="Passphrase again"
        value={again}
        onChange={(e) => onChange({ value, again: e.target.value })}
        error={again !== '' && again !== value}
        helperText={again !== '' && again !== value ? 'The passphrases differ' : ' '}
      />
    </Stack>
  );
}

export const passphraseReady = (p: { value: string; again: string }) => p.value.length >= 10 && p.value === p.again;
