import { caseStandards, shippedFrameworks } from '../core';
import { seriousViolations } from './axe';
import { expect, test } from './fixtures';
import { choose } from './helpers';

const f = shippedFrameworks().get('crc-2018')!;
// The case has no review due, so the reviewing key questions (2.4) do not apply.
const KQS = caseStandards(f, 'case-supervision')
  .filter((s) => s.id !== '2.4')
  .flatMap((s) => s.keyQuestions.map((k) => k.id));

test('the team list set on the Team tab decides who may move a case through QA: an inspector sends to QA and can go no further; the quality lead completes it', async ({ page, appUrl, backend }) => {
  test.setTimeout(180_000);
  const call = async <T = { id: string }>(command: string, input: unknown): Promise<T> => {
    const r = (await backend.main.dispatch({ command, input })) as { ok: boolean; value: T; error?: unknown };
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.value;
  };
  const insp = await call('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
  const c = await call('case.add', { inspectionId: insp.id, ref: 'CS-01', assignedInspector: 'Ana Inspector', attributes: { reviewDue: false } });
  for (const q of KQS) await call('case.answer', { caseId: c.id, questionId: q, value: 'yes' });
  await call('case.complete', { caseId: c.id, complete: true });

  // The lead (the app's user, "Test Inspector") writes the team list on the Team tab.
  await page.goto(`${appUrl}#/inspections/${insp.id}/team`);
  const team = page.locator('section, div').filter({ has: page.getByRole('heading', { name: 'The team', exact: true }) }).last();
  const people: [string, string][] = [
    ['Test Inspector', 'Lead inspector'],
    ['Ana Inspector', 'Inspector'],
    ['Quinn Quality', 'Quality lead'],
  ];
  for (const [i, [name, role]] of people.entries()) {
    if ((await team.getByLabel('Name', { exact: true }).count()) <= i) await team.getByRole('button', { name: 'Add a person' }).click();
    await team.getByLabel('Name', { exact: true }).nth(i).fill(name);
    await choose(page, team.getByLabel('Role', { exact: true }).nth(i), role, { exact: true });
  }
  await team.getByRole('button', { name: 'Save the team' }).click();
  await expect(team.getByRole('status')).toHaveText('Team saved');
  await expect.poll(async () => (await call<{ members: { name: string; role: string }[] }>('team.get', { inspectionId: insp.id })).members.map((m) => `${m.name}:${m.role}`).sort()).toEqual([
    'Ana Inspector:inspector',
    'Quinn Quality:quality-lead',
    'Test Inspector:lead',
  ]);
  await page.screenshot({ path: 'test-results/qa-team-list.png', fullPage: true });

  // Ana, on the same store: she sends her case to QA and is offered nothing further.
  backend.main.store.setUserName('Ana Inspector');
  await page.goto(`${appUrl}#/cases/${c.id}`);
  await expect(page.getByRole('heading', { name: 'Case CS-01', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Send to QA' }).click();
  await expect(page.getByTestId('qa-status')).toHaveText('Ready for QA');
  await expect(page.getByRole('button', { name: 'Mark QA complete' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Return with comments' })).toHaveCount(0);
  // And the write path refuses it even if asked directly: the rule is not only in the screen.
  const refused = (await backend.main.dispatch({ command: 'qa.transition', input: { caseId: c.id, action: 'complete-qa' } })) as { ok: boolean; error?: { message: string } };
  expect(refused.ok).toBe(false);
  expect(refused.error?.message).toMatch(/quality lead|lead inspector/i);
  await page.screenshot({ path: 'test-results/qa-team-inspector.png' });
  expect(await seriousViolations(page, 'section[aria-labelledby="qa-heading"]')).toEqual([]);

  // The quality lead completes it.
  backend.main.store.setUserName('Quinn Quality');
  await page.reload();
  await page.getByRole('button', { name: 'Mark QA complete' }).click();
  await expect(page.getByTestId('qa-status')).toHaveText('QA complete');
  const moves = backend.main.store
    .changes()
    .filter((x) => x.entity === 'case' && x.field === 'qaStatus')
    .map((x) => [x.value, x.actor.name]);
  expect(moves).toEqual([
    ['ready-for-qa', 'Ana Inspector'],
    ['qa-complete', 'Quinn Quality'],
  ]);
});
