import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useRef, useState, type DragEvent } from 'react';
import type { ExistingRows, ImportPreview, InspectionSummary } from '../../../core/api/contract';
import { CsvEncodingError, decodeCsvBytes } from '../../../core/format/csv';
import { SAMPLE_CSV_COLUMNS } from '../../../core/format/sample-csv';
import { call } from '../api';
import { LongWorkInline, callLong } from '../components/long-work';
import { yesNo } from '../format';


export function ImportSampleDialog({ inspection, open, onClose }: { inspection: InspectionSummary; open: boolean; onClose: (imported: number, updated?: number) => void }) {
  const fileInput = useRef<HTMLInputElement | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Re-importing a sample that grew: rows already here are either problems or left as they are.
  const [existing, setExisting] = useState<ExistingRows>('refuse');
  const [knownInFile, setKnownInFile] = useState(false);

  const previewText = async (text: string, mode: ExistingRows) => {
    const r = await call('case.importPreview', { inspectionId: inspection.id, csv: text, existing: mode });
    if (r.ok) {
      setPreview(r.value);
      if (r.value.known.length > 0 || r.value.errors.some((e) => e.message.endsWith('is already in this inspection'))) setKnownInFile(true);
    } else {
      setPreview(null);
      setMessage(r.error.fieldErrors?.csv ?? r.error.message);
    }
  };
  const load = async (file: File) => {
    setMessage(null);
    setFileName(file.name);
    setKnownInFile(false);
    // Read as bytes and decoded here: File.text() would turn a Latin-1 (Excel on Windows) file into
    // replacement characters without a word.
    let text: string;
    try {
      text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer())).text;
    } catch (e) {
      setPreview(null);
      setCsv(null);
      setMessage(e instanceof CsvEncodingError ? e.message : 'The file could not be read.');
      return;
    }
    setCsv(text);
    await previewText(text, existing);
  };
  const close = (imported = 0, updated = 0) => {
    setFileName(null);
    setCsv(null);
    setPreview(null);
    setMessage(null);
    setExisting('refuse');
    setKnownInFile(false);
    onClose(imported, updated);
  };
  const importNow = async () => {
    if (!csv) return;
    setBusy(true);
    const r = await callLong('case.import', { inspectionId: inspection.id, csv, existing }, 'sample');
    setBusy(false);
    if (r.ok) close(r.value.imported, r.value.updated);
    else setMessage(r.error.message);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) void load(file);
  };
  const changed = existing === 'update' ? (preview?.updates ?? []).filter((u) => u.fields.length > 0) : [];
  const ok = preview !== null && preview.errors.length === 0 && (preview.rows.length > 0 || changed.length > 0);
  const nothingNew = preview !== null && preview.errors.length === 0 && preview.rows.length === 0 && preview.known.length > 0 && changed.length === 0;
  const cases = (n: number) => `${n} ${n === 1 ? 'case' : 'cases'}`;
  const importLabel = !ok
    ? nothingNew
      ? 'Nothing new to import'
      : 'Import'
    : existing === 'update'
      ? [preview.rows.length > 0 ? `Import ${cases(preview.rows.length)}` : '', changed.length > 0 ? `${preview.rows.length > 0 ? 'update' : 'Update'} ${cases(changed.length)}` : ''].filter(Boolean).join(' and ')
      : `Import ${preview.rows.length} new ${preview.rows.length === 1 ? 'case' : 'cases'}`.replace(' new', existing === 'add-new' ? ' new' : '');

  return (
    <Dialog open={open} onClose={() => close()} aria-labelledby="import-title" fullWidth maxWidth="lg">
      <DialogTitle id="import-title">Import the case sample</DialogTitle>
      <DialogContent>
        <Box
          onDragOver={(e) => e.preventDefault()}
          onDrop={onDrop}
          sx={{ border: 2, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 1, p: 3, textAlign: 'center', mb: 2 }}
        >
          {/* A real button that opens the file input (a label given role=button is not a button to assistive technology). */}
          <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => fileInput.current?.click()}>
            Choose a CSV file
          </Button>
          <input ref={fileInput} hidden type="file" accept=".csv,text/csv" aria-label="Sample CSV file" onChange={(e) => e.target.files?.[0] && void load(e.target.files[0])} />
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {fileName ?? 'or drop it here'}. Columns: {SAMPLE_CSV_COLUMNS.join(', ')}.
          </Typography>
        </Box>
        {message && <Alert severity="error" sx={{ mb: 2 }}>{message}</Alert>}
        {knownInFile && (
          <FormControl sx={{ mb: 2 }}>
            <FormLabel id="existing-label">Some rows are cases already in this inspection</FormLabel>
            <RadioGroup
              aria-labelledby="existing-label"
              value={existing}
              onChange={(e) => {
                const mode = e.target.value as ExistingRows;
                setExisting(mode);
                if (csv) void previewText(csv, mode);
              }}
            >
              <FormControlLabel value="add-new" control={<Radio />} label="Add new cases only: leave the cases already here as they are" />
              <FormControlLabel value="update" control={<Radio />} label="Update existing: bring the cases already here up to date from the file (blank cells change nothing; answers are kept)" />
              <FormControlLabel value="refuse" control={<Radio />} label="Treat them as problems (import nothing)" />
            </RadioGroup>
            {preview && existing === 'update' && preview.known.length > 0 && (
              <Box data-testid="update-rows">
                <Typography variant="body2">
                  {changed.length === 0
                    ? 'The cases already here match the file: nothing to update.'
                    : `${changed.length} ${changed.length === 1 ? 'case' : 'cases'} will be updated${preview.known.length > changed.length ? ` (${preview.known.length - changed.length} already match the file)` : ''}:`}
                </Typography>
                <Box component="ul" sx={{ m: 0, pl: 2.5, maxHeight: 160, overflow: 'auto' }} tabIndex={0} aria-label="Cases to update">
                  {changed.map((u) => (
                    <li key={u.line}>
                      <Typography variant="body2">
                        {u.ref} (line {u.line}): {u.fields.join(', ')}
                      </Typography>
                    </li>
                  ))}
                </Box>
              </Box>
            )}
            {preview && existing === 'add-new' && preview.known.length > 0 && (
              <Typography variant="body2" color="text.secondary" data-testid="known-rows">
                {preview.known.length} {preview.known.length === 1 ? 'row is' : 'rows are'} already here and will be left as {preview.known.length === 1 ? 'it is' : 'they are'}.
              </Typography>
            )}
          </FormControl>
        )}
        {preview && preview.errors.length > 0 && (
          <Alert severity="error" sx={{ mb: 2 }} aria-label="Problems in the file">
            <Typography sx={{ fontWeight: 600 }}>Nothing will be imported until these are fixed in the file:</Typography>
            <List dense disablePadding>
              {preview.errors.map((e, i) => (
                <ListItem key={i} disableGutters>
                  <ListItemText primary={`${e.line > 0 ? `Line ${e.line}` : 'File'}${e.column ? `, ${e.column}` : ''}: ${e.message}`} />
                </ListItem>
              ))}
            </List>
          </Alert>
        )}
        {preview && preview.errors.length === 0 && preview.warnings.length > 0 && (
          <Alert severity="warning" sx={{ mb: 2 }} aria-label="Warnings about the file">
            <Typography sx={{ fontWeight: 600 }}>These cases will import, but have nothing to score:</Typography>
            <List dense disablePadding>
              {preview.warnings.map((w) => (
                <ListItem key={w.line} disableGutters>
                  <ListItemText primary={`Line ${w.line}, ${w.message}`} />
                </ListItem>
              ))}
            </List>
          </Alert>
        )}
        {preview && preview.rows.length > 0 && (
          <TableContainer sx={{ maxHeight: 360 }} tabIndex={0} role="region" aria-label="Preview of the cases to import, scrollable">
            <Table size="small" stickyHeader aria-label="Preview of the cases to import">
              <TableHead>
                <TableRow>
                  <TableCell>Line</TableCell>
                  <TableCell>Sample ref</TableCell>
                  <TableCell>Sample</TableCell>
                  <TableCell>Gender</TableCell>
                  <TableCell>Risk of serious harm</TableCell>
                  <TableCell>Domestic abuse</TableCell>
                  <TableCell>Child safeguarding</TableCell>
                  <TableCell>Review due</TableCell>
                  <TableCell>Assigned to</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {preview.rows.map((r) => (
                  <TableRow key={r.line}>
                    <TableCell>{r.line}</TableCell>
                    <TableCell>{r.ref}</TableCell>
                    <TableCell>{r.sample}</TableCell>
                    <TableCell>{r.attributes.gender ?? '—'}</TableCell>
                    <TableCell>{r.attributes.roshLevel ?? '—'}</TableCell>
                    <TableCell>{yesNo(r.attributes.domesticAbuse)}</TableCell>
                    <TableCell>{yesNo(r.attributes.childSafeguarding)}</TableCell>
                    <TableCell>{yesNo(r.attributes.reviewDue)}</TableCell>
                    <TableCell>{r.assignedInspector || '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        <LongWorkInline />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => close()}>Cancel</Button>
        <Button variant="contained" disabled={!ok || busy} onClick={() => void importNow()}>
          {importLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
