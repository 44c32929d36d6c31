import { Chip, useTheme } from '@mui/material';
import type { Rating } from '../../../core/domain/ratings';
import { ratingColour } from '../theme';

export function RatingChip({ rating, size = 'small' }: { rating: Rating | null; size?: 'small' | 'medium' }) {
  const theme = useTheme();
  if (!rating) return <Chip size={size} variant="outlined" label="Not yet rated" />;
  const colour = ratingColour(rating, theme);
  return <Chip size={size} label={rating} sx={{ bgcolor: colour, color: theme.palette.getContrastText(colour), fontWeight: 600 }} />;
}
