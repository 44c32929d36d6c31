import { describe, expect, it } from 'vitest';
import { formatDayMonthYear, formatRange, parseDayMonthYear, parseWholeNumber } from './format';

describe('dates as dd/mm/yyyy whatever the locale', () => {
  it.each([
    ['03/06/2019', '2019-06-03'],
    ['3/6/2019', '2019-06-03'],
    ['03.06.2019', '2019-06-03'],
    ['2019-06-03', '2019-06-03'],
    ['29/02/2020', '2020-02-29'],
  ])('%s is %s', (text, iso) => expect(parseDayMonthYear(text)).toBe(iso));
  it.each(['06/31/2019', '29/02/2019', '31/04/2019', '2019/06/03', '3 June 2019', '', '00/01/2019'])('%s is not a date', (text) => expect(parseDayMonthYear(text)).toBeNull());
  it('shows ISO dates as dd/mm/yyyy', () => expect(formatDayMonthYear('2019-06-03')).toBe('03/06/2019'));
  it('shows a fieldwork period as dd/mm/yyyy, not in words', () => expect(formatRange('2019-05-01', '2019-05-10')).toBe('01/05/2019 to 10/05/2019'));
});

describe('whole numbers as people write them', () => {
  it.each([
    ['4,171', 4171],
    ['4 171', 4171],
    ['28000', 28000],
    [' 12 ', 12],
  ])('%s is %d', (text, n) => expect(parseWholeNumber(text)).toBe(n));
  it.each(['4.5', '-3', 'lots', ''])('%s is not one', (text) => expect(parseWholeNumber(text)).toBeNull());
});
