import { Alert, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import type { InspectionSummary, Judgement } from '../../../core/api/contract';
import { RATINGS, type Rating } from '../../../core/domain/ratings';
import { frameworks as registry } from '../frameworks';
import type { Standard } from '../../../core/frameworks/schema';
import { call } from '../api';
import { Load } from '../components/page';
import { RatingChip } from '../components/rating-chip';
import { useDebouncedSaver } from '../use-autosave';
import { useCommand } from '../use-command';
import { useInspectionReadOnly } from '../inspections/read-only';


function JudgementCard({ inspectionId, standard, initial, onSaved }: { inspectionId: string; standard: Standard; initial: Judgement; onSaved: () => void }) {
  const readOnly = useInspectionReadOnly();
  const [rating, setRating] = useState<Rating | null>(initial.rating);
  const [rationale, setRationale] = useState(initial.rationale);
  const [notes, setNotes] = useState(initial.notes);
  const [status, setStatus] = useState<string>('');
  const { save } = useDebouncedSaver((key, value) => {
    setStatus('Saving…');
    const done = (r: { ok: boolean }) => {
      setStatus(r.ok ? 'Saved' : 'Not saved');
      if (r.ok) onSaved();
    };
    if (key === 'rationale') void call('judgement.set', { inspectionId, standardId: standard.id, rating, rationale: value }).then(done);
    else void call('judgement.note', { inspectionId, keyQuestionId: key, text: value }).then(done);
  });
  const setAndSaveRating = (r: Rating | null) => {
    setRating(r);
    setStatus('Saving…');
    void call('judgement.set', { inspectionId, standardId: standard.id, rating: r, rationale }).then((x) => {
      setStatus(x.ok ? 'Saved' : 'Not saved');
      if (x.ok) onSaved();
    });
  };
  return (
    <Card variant="outlined" component="section" aria-labelledby={`j-${standard.id}`}>
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography id={`j-${standard.id}`} variant="h6" component="h2" sx={{ flexGrow: 1 }}>
            {standard.id} {standard.name}
          </Typography>
          <RatingChip rating={rating} />
          <Typography variant="body2" color="text.secondary" role="status" sx={{ minWidth: 70 }}>
            {status}
          </Typography>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {standard.statement}
        </Typography>
        <Stack spacing={2}>
          {standard.keyQuestions.map((k) => (
            <TextField
              key={k.id}
              label={`${k.id} ${k.text}`}
              multiline
              minRows={2}
              value={notes[k.id] ?? ''}
              helperText={k.guidance}
              slotProps={{ htmlInput: { readOnly } }}
              onChange={(e) => {
                setNotes({ ...notes, [k.id]: e.target.value });
                save(k.id, e.target.value);
              }}
            />
          ))}
          <TextField select disabled={readOnly} label={`Rating for ${standard.id}`} value={rating ?? ''} onChange={(e) => setAndSaveRating((e.target.value || null) as Rating | null)} sx={{ maxWidth: 320 }}>
            <MenuItem value="">Not yet rated</MenuItem>
            {RATINGS.map((r) => (
              <MenuItem key={r} value={r}>
                {r}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label={`Rationale for the ${standard.name.toLowerCase()} rating`}
            multiline
            minRows={3}
            value={rationale}
            slotProps={{ htmlInput: { readOnly } }}
            onChange={(e) => {
              setRationale(e.target.value);
              save('rationale', e.target.value);
            }}
          />
        </Stack>
      </CardContent>
    </Card>
  );
}

export function JudgementsTab({ inspection }: { inspection: InspectionSummary }) {
  const [judgements] = useCommand('judgement.list', { inspectionId: inspection.id });
  const [ratings, reloadRatings] = useCommand('inspection.ratings', { inspectionId: inspection.id });
  const framework = registry.get(inspection.frameworkId, inspection.frameworkRevision);
  if (!framework) return <Alert severity="error">Unknown framework {inspection.frameworkId}.</Alert>;
  const standards = framework.domains.flatMap((d) => d.standards).filter((s) => s.ratedBy === 'judgement');
  return (
    <Stack spacing={2}>
      {ratings.state === 'ready' &&
        ratings.value.warnings
          .filter((w) => w.code === 'leadership-and-inadequate-cases')
          .map((w) => (
            <Alert key={w.message} severity="warning" role="alert">
              {w.message}
            </Alert>
          ))}
      <Load data={judgements}>
        {(list) => (
          <Stack spacing={2}>
            {standards.map((s) => (
              <JudgementCard key={s.id} inspectionId={inspection.id} standard={s} initial={list.find((j) => j.standardId === s.id) ?? { standardId: s.id, rating: null, rationale: '', notes: {} }} onSaved={reloadRatings} />
            ))}
          </Stack>
        )}
      </Load>
    </Stack>
  );
}
