import { Alert, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { SUBGROUP_ATTRIBUTES, type InspectionSummary } from '../../../core/api/contract';
import { attributeLabel } from '../../../core/domain/case-attributes';
import { Load } from '../components/page';
import { useCommand } from '../use-command';

type Attribute = (typeof SUBGROUP_ATTRIBUTES)[number];

export function SubgroupsTab({ inspection }: { inspection: InspectionSummary }) {
  const [attribute, setAttribute] = useState<Attribute>('domesticAbuse');
  const [data] = useCommand('inspection.subgroups', { inspectionId: inspection.id, attribute });
  return (
    <Stack spacing={2}>
      <TextField select label="Split results by" value={attribute} onChange={(e) => setAttribute(e.target.value as Attribute)} sx={{ maxWidth: 320 }}>
        {SUBGROUP_ATTRIBUTES.map((a) => (
          <MenuItem key={a} value={a}>
            {attributeLabel(a)}
          </MenuItem>
        ))}
      </TextField>
      <Load data={data}>
        {(rows) => {
          const values = [...new Set(rows.flatMap((r) => r.groups.map((g) => g.value)))].sort();
          if (values.length === 0) return <Alert severity="info">No cases yet.</Alert>;
          return (
            <TableContainer component={Paper} variant="outlined">
              <Table size="small" aria-label={`Key question results by ${attributeLabel(attribute)}`}>
                <TableHead>
                  <TableRow>
                    <TableCell>Key question</TableCell>
                    {values.map((v) => (
                      <TableCell key={v} align="right">
                        {attributeLabel(attribute)}: {v}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.questionId}>
                      <TableCell component="th" scope="row">
                        {r.questionId}
                      </TableCell>
                      {values.map((v) => {
                        const g = r.groups.find((x) => x.value === v);
                        return (
                          <TableCell key={v} align="right">
                            {!g || g.percent === null ? '—' : `${Math.round(g.percent)}% (${g.yes}/${g.applicable})`}
                          </TableCell>
                        );
                      })}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          );
        }}
      </Load>
      <Typography variant="body2" color="text.secondary">
        Each cell is the share of applicable cases answered Yes, with the counts behind it.
      </Typography>
    </Stack>
  );
}
