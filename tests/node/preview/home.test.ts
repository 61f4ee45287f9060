/**
 * The preview's one time: the home page and every panel read the same time (the panels used to read
 * now beside a home page at the latest incident: db-1's disk read 11.9 d on one, 10.5 d on the
 * other). The caption says which time it is with a date and a zone: a screenshot read days later
 * showed "16:48 UTC" with no day, and the demo has an incident every day.
 */
import { homeShownAt, pageTime } from '../../../preview/home';

const INCIDENT = Date.UTC(2026, 11, 5, 16, 48) / 1000;
const NOW = Date.UTC(2026, 11, 7, 5, 14, 30) / 1000;

it('gives the date and time in UTC of the incident the page shows', () => {
  expect(homeShownAt(INCIDENT, NOW)).toBe(
    "Shown at the latest demo incident, 2026-12-05 16:48 UTC: the home and the capacity views (each incident view ends at its own); the home's Refresh shows now."
  );
});

it('says nothing when the page shows now', () => {
  expect(homeShownAt(NOW, NOW)).toBe('');
});

it('shows now when the latest incident is under way (its last minute is the search’s last step)', () => {
  expect(pageTime(NOW, NOW - 30)).toBe(NOW);
});

it('shows the latest incident when it is over, and now when there is none', () => {
  expect(pageTime(NOW, INCIDENT)).toBe(INCIDENT);
  expect(pageTime(NOW, undefined)).toBe(NOW);
});
