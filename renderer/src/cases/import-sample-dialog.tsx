import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
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
import { useState, type DragEvent } from 'react';
import type { ImportPreview, InspectionSummary } from '../../../core/api/contract';
import { CsvEncodingError, decodeCsvBytes } from '../../../core/format/csv';
import { SAMPLE_CSV_COLUMNS } from '../../../core/format/sample-csv';
import { call } from '../api';
import { yesNo } from '../format';


export function ImportSampleDialog({ inspection, open, onClose }: { inspection: InspectionSummary; open: boolean; onClose: (imported: number) => void }) {
  const [fileName, setFileName] = useState<string | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (file: File) => {
    setMessage(null);
    setFileName(file.name);
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
    const r = await call('case.importPreview', { inspectionId: inspection.id, csv: text });
    if (r.ok) setPreview(r.value);
    else {
      setPreview(null);
      setMessage(r.error.fieldErrors?.csv ?? r.error.message);
    }
  };
  const close = (imported = 0) => {
    setFileName(null);
    setCsv(null);
    setPreview(null);
    setMessage(null);
    onClose(imported);
  };
  const importNow = async () => {
    if (!csv) return;
    setBusy(true);
    const r = await call('case.import', { inspectionId: inspection.id, csv });
    setBusy(false);
    if (r.ok) close(r.value.imported);
    else setMessage(r.error.message);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) void load(file);
  };
  const ok = preview !== null && preview.errors.length === 0 && preview.rows.length > 0;

  return (
    <Dialog open={open} onClose={() => close()} aria-labelledby="import-title" fullWidth maxWidth="lg">
      <DialogTitle id="import-title">Import the case sample</DialogTitle>
      <DialogContent>
        <Box
          onDragOver={(e) => e.preventDefault()}
          onDrop={onDrop}
          sx={{ border: 2, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 1, p: 3, textAlign: 'center', mb: 2 }}
        >
          <Button component="label" variant="outlined" startIcon={<UploadFileIcon />}>
            Choose a CSV file
            <input hidden type="file" accept=".csv,text/csv" aria-label="Sample CSV file" onChange={(e) => e.target.files?.[0] && void load(e.target.files[0])} />
          </Button>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {fileName ?? 'or drop it here'}. Columns: {SAMPLE_CSV_COLUMNS.join(', ')}.
          </Typography>
        </Box>
        {message && <Alert severity="error" sx={{ mb: 2 }}>{message}</Alert>}
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
        {preview && preview.rows.length > 0 && (
          <TableContainer sx={{ maxHeight: 360 }}>
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
      </DialogContent>
      <DialogActions>
        <Button onClick={() => close()}>Cancel</Button>
        <Button variant="contained" disabled={!ok || busy} onClick={() => void importNow()}>
          {ok ? `Import ${preview.rows.length} cases` : 'Import'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
