/**
 * The preview's home caption says when the page is shown with a date and a zone: a screenshot read
 * days later showed "16:48 UTC" with no day, and the demo has an incident every day.
 */
import { homeShownAt } from '../../../preview/home';

it('gives the date and time in UTC of the incident the page shows', () => {
  expect(homeShownAt(Date.UTC(2026, 11, 5, 16, 48) / 1000)).toBe(
    'Shown at the latest demo incident, 2026-12-05 16:48 UTC; Refresh shows now.'
  );
});

it('says nothing when the page shows now', () => {
  expect(homeShownAt(undefined)).toBe('');
});
