import { Alert, Box, Breadcrumbs, CircularProgress, Link, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import type { Loaded } from '../use-command';

export interface Crumb {
  label: string;
  href?: string;
}

export function Page({ title, crumbs = [], actions, children }: { title: string; crumbs?: Crumb[]; actions?: ReactNode; children: ReactNode }) {
  return (
    <Box component="main" sx={{ px: 4, py: 3, maxWidth: 1400, mx: 'auto' }}>
      {crumbs.length > 0 && (
        <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 1 }}>
          {crumbs.map((c) =>
            c.href ? (
              <Link key={c.label} href={c.href} underline="hover" color="inherit">
                {c.label}
              </Link>
            ) : (
              <Typography key={c.label} color="text.primary">
                {c.label}
              </Typography>
            ),
          )}
        </Breadcrumbs>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 3 }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          {title}
        </Typography>
        {actions}
      </Box>
      {children}
    </Box>
  );
}

/** Renders a loading spinner or error, or the content once loaded. */
export function Load<T>({ data, children }: { data: Loaded<T>; children: (value: T) => ReactNode }) {
  if (data.state === 'loading')
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }}>
        <CircularProgress aria-label="Loading" />
      </Box>
    );
  if (data.state === 'error') return <Alert severity="error">{data.error.message}</Alert>;
  return <>{children(data.value)}</>;
}
