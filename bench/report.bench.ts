import { chromium } from '@playwright/test';
import { allStandards, reportInputFromFile, shippedFrameworks, type InspectionFile, type Rating } from '../core';
import { buildInspection } from '../core/testing/build-inspection';
import { renderDocx, renderPdf } from '../electron/report/write';
import { time, type Row } from './measure';

/** A 150-case crc-2018 inspection as a file, every question of every case answered. */
function inspectionFile(): InspectionFile {
  const f = shippedFrameworks().get('crc-2018')!;
  const ratings = Object.fromEntries(allStandards(f).map((s, i) => [s.id, (['Good', 'Requires improvement', 'Outstanding'] as Rating[])[i % 3]!]));
  const built = buildInspection(f, ratings, 50);
  return {
    formatVersion: 1,
    framework: 'crc-2018',
    provider: { name: 'Bench CRC', type: 'CRC' },
    inspection: { fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14', caseloadSize: 5000 },
    cases: built.cases.map((c, i) => ({ ref: c.ref, crn: `B${100000 + i}`, name: `Bench Person ${i}`, sample: c.sample, attributes: c.attributes, answers: { ...c.answers } })),
    judgements: built.judgements,
    recommendations: [{ text: 'Improve risk assessment.' }, { text: 'Review workloads.' }],
  };
}

export async function reportBenchmarks(): Promise<Row[]> {
  const file = inspectionFile();
  const { input, personal } = reportInputFromFile(file, shippedFrameworks().get('crc-2018')!, '2019-06-30');
  const docx = (await time(() => renderDocx(input, personal), 5, 1)).p50;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const pdf = (
      await time(
      () =>
        renderPdf(input, personal, async (html) => {
          const page = await browser.newPage({ javaScriptEnabled: false });
          await page.setContent(html);
          const bytes = await page.pdf({ format: 'A4', printBackground: true });
          await page.close();
          return bytes;
        }),
        5,
        1,
      )
    ).p50;
    return [
      { name: 'report .docx, 150-case inspection (p50)', value: docx, unit: 'ms', target: '< 2000 ms', met: docx < 2000 },
      { name: 'report PDF, 150-case inspection (p50)', value: pdf, unit: 'ms', target: '< 3000 ms', met: pdf < 3000, note: 'Chromium page.pdf; the app prints in a hidden window' },
    ];
  } finally {
    await browser.close();
  }
}
