import { makeOdt, makePdf, makePng } from './seed-content';
import {
  DAY,
  HOUR,
  treeOf,
  type History,
  type PlannedSnapshot,
  type SeedTimeline,
} from './seed-timeline';

export type { PlannedSnapshot, SeedTimeline } from './seed-timeline';

const soup = (step: number): string =>
  [
    "Grandma's vegetable soup",
    '',
    '- 2 carrots, 1 leek, 3 potatoes',
    step >= 1 ? '- 1 celery stalk (Grandma says: never skip it)' : '- celery?',
    step >= 2 ? '- a handful of fresh parsley at the very end' : '',
    step >= 3 ? '- 1.5 l vegetable stock (not 2 l — too watery)' : '- 2 l vegetable stock',
    '',
    `Simmer for ${step >= 4 ? 45 : 30} minutes.`,
  ].join('\n') + '\n';

const shopping = (items: string[]): string =>
  `# Shopping list\n\n${items.map((i) => `- [ ] ${i}`).join('\n')}\n`;

/** Documents with several versions (a recipe edited five times, notes edited today). */
function documentHistories(): History[] {
  return [
    {
      path: "Documents/Recipes/Grandma's soup.txt",
      versions: [27, 20, 12, 5, 1].map((d, i) => ({ ago: d * DAY + 3 * HOUR, data: soup(i) })),
    },
    {
      path: 'Documents/Notes/Shopping list.md',
      versions: [
        { ago: 28 * DAY, data: shopping(['Milk', 'Bread']) },
        { ago: 14 * DAY, data: shopping(['Milk', 'Bread', 'Tomatoes', 'Basil']) },
        { ago: 3 * DAY, data: shopping(['Oat milk', 'Rye bread', 'Lemons']) },
        { ago: 3 * HOUR + 600, data: shopping(['Oat milk', 'Rye bread', 'Lemons', 'Coffee']) },
      ],
    },
    {
      path: 'Documents/Notes/To do today.txt',
      versions: [
        { ago: 5 * HOUR + 900, data: 'Call the plumber\nPay the electricity bill\n' },
        {
          ago: 2 * HOUR + 300,
          data: 'Call the plumber (done)\nPay the electricity bill\nBook train to Lyon\n',
        },
      ],
    },
    {
      path: 'Documents/Letter to landlord.odt',
      versions: [25, 24].map((d, i) => ({
        ago: d * DAY,
        data: makeOdt([
          'Dear Mr. Keller,',
          i
            ? 'the heating in the living room has been broken since Monday. Could you send someone this week?'
            : 'the heating is broken.',
          'Kind regards, Sam',
        ]),
      })),
    },
    {
      path: 'Documents/Report 2026.pdf',
      versions: [
        {
          ago: 18 * DAY,
          data: makePdf('Neighbourhood garden report 2026', [
            'Members: 14',
            'Beds planted: 22',
            'Tomato harvest: 41 kg',
            'Next meeting: first Saturday of the month',
          ]),
        },
      ],
    },
  ];
}

/** More documents: unicode and backslash names, a deleted file, nested folders. */
function moreDocumentHistories(): History[] {
  return [
    {
      path: 'Documents/Café Menü.txt',
      versions: [22, 6].map((d, i) => ({
        ago: d * DAY,
        data: `Café Menü\n\nCroissant 2,10 €\nCafé crème 3,20 €\n${i ? 'Crêpe au sucre 4,50 €\n' : ''}`,
      })),
    },
    {
      path: 'Documents/back\\slash notes.txt',
      versions: [
        {
          ago: 16 * DAY,
          data: 'A file whose name has a backslash, as Windows users sometimes make.\n',
        },
      ],
    },
    {
      path: 'Documents/Old CV.txt',
      versions: [{ ago: 29 * DAY + 6 * HOUR, data: 'Sam Example — CV (2019)\nExperience: ...\n' }],
      deletedAgo: 8 * DAY,
    },
    {
      path: 'Documents/Projects/Garden/plan.md',
      versions: [21, 9].map((d, i) => ({
        ago: d * DAY,
        data: `# Garden plan\n\n- Bed 1: tomatoes\n- Bed 2: beans\n${i ? '- Bed 3: pumpkins\n' : ''}`,
      })),
    },
    {
      path: 'Documents/Projects/Garden/Seeds/tomatoes.txt',
      versions: [{ ago: 21 * DAY, data: 'Roma, San Marzano, Black Krim\n' }],
    },
    {
      path: 'Documents/Taxes/2026/receipts.txt',
      versions: [26, 2].map((d, i) => ({
        ago: d * DAY,
        data: `Receipts 2026\n- Glasses 180 €\n${i ? '- Train pass 49 €\n' : ''}`,
      })),
    },
  ];
}

/** Pictures, music, downloads, settings and a symlink. */
function otherHistories(): History[] {
  const picture = (
    top: [number, number, number],
    bottom: [number, number, number],
    sun: [number, number, number],
  ): Buffer => makePng(96, 64, top, bottom, sun);
  return [
    {
      path: 'Pictures/cat.png',
      versions: [{ ago: 28 * DAY, data: picture([250, 220, 180], [200, 150, 110], [90, 60, 40]) }],
    },
    {
      path: 'Pictures/Holiday 2026/beach.png',
      versions: [
        { ago: 15 * DAY, data: picture([120, 190, 240], [240, 220, 160], [255, 240, 120]) },
      ],
    },
    {
      path: 'Pictures/Holiday 2026/sunset.png',
      versions: [
        { ago: 15 * DAY - HOUR, data: picture([250, 140, 80], [60, 40, 90], [255, 210, 90]) },
      ],
    },
    {
      path: 'Music/Playlist.m3u',
      versions: [
        { ago: 19 * DAY, data: '#EXTM3U\nRoad trip/01 Morning.ogg\nRoad trip/02 Highway.ogg\n' },
      ],
    },
    {
      path: 'Music/Road trip/track list.txt',
      versions: [{ ago: 19 * DAY, data: '01 Morning\n02 Highway\n03 Coast\n' }],
    },
    {
      path: 'Downloads/user-manual.pdf',
      versions: [
        {
          ago: 11 * DAY,
          data: makePdf('Coffee machine — user manual', [
            '1. Fill the water tank.',
            '2. Press the big button.',
            '3. Descale monthly.',
          ]),
        },
      ],
    },
    {
      path: 'Downloads/Installer notes.txt',
      versions: [{ ago: 4 * DAY, data: 'Printer driver: use the one from the software centre.\n' }],
    },
    {
      path: '.config/demo-editor/settings.ini',
      // 30 days: older than the oldest point at any time of day (it is 28 d 6 h to 29 d 6 h old).
      versions: [30, 7].map((d, i) => ({
        ago: d * DAY,
        data: `[editor]\ntheme=${i ? 'dark' : 'light'}\nfont-size=12\n`,
      })),
    },
    {
      path: 'Desktop/Report.pdf',
      versions: [{ ago: 18 * DAY, data: '' }],
      symlink: '../Documents/Report 2026.pdf',
    },
  ];
}

/** Hourly timeline snapshots for today (until now), one a day at 18:00 before, and one manual "important" one. */
function homeSnapshots(nowDate: Date, days: number): PlannedSnapshot[] {
  const now = Math.floor(nowDate.getTime() / 1000);
  const midnight = new Date(nowDate);
  midnight.setHours(0, 0, 0, 0);
  const timeline = (date: number): PlannedSnapshot => ({
    date,
    description: 'timeline',
    cleanup: 'timeline',
    userdata: {},
  });
  const list: PlannedSnapshot[] = [];
  for (let d = days - 1; d >= 1; d--) {
    const day = new Date(midnight);
    day.setDate(day.getDate() - d);
    day.setHours(18, 0, 0, 0);
    list.push(timeline(Math.floor(day.getTime() / 1000)));
  }
  for (let h = 0; h <= nowDate.getHours(); h++) {
    const hour = new Date(midnight);
    hour.setHours(h, 0, 0, 0);
    if (hour.getTime() / 1000 < now) list.push(timeline(Math.floor(hour.getTime() / 1000)));
  }
  const manual = now - 10 * DAY + 2 * HOUR + 32 * 60;
  list.push({
    date: manual,
    description: 'Before tidying up my photos',
    cleanup: '',
    userdata: { important: 'yes' },
  });
  return list.sort((a, b) => a.date - b.date);
}

/** The demo home's month of history, relative to `now`. */
export function homeTimeline(now: Date, days = 30): SeedTimeline {
  const histories = [...documentHistories(), ...moreDocumentHistories(), ...otherHistories()];
  const seconds = Math.floor(now.getTime() / 1000);
  return { snapshots: homeSnapshots(now, days), treeAt: (at) => treeOf(histories, seconds, at) };
}
