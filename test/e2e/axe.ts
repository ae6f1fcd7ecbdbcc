/**
 * axe-core (the npm package) run inside the page under test. The renderer's CSP allows no inline
 * script, so axe is evaluated through the DevTools protocol (page.evaluate), which CSP does not
 * govern, instead of being added as a <script> tag.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  nodes: number;
  targets: string[];
  help: string;
}

/** Every violation of the WCAG 2.x A/AA rules and axe's best practices, serious or critical ones first. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ rule: v.id, impact: v.impact ?? 'minor', help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  const rank: Record<string, number> = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  return found.sort((a, b) => (rank[a.impact] ?? 4) - (rank[b.impact] ?? 4));
}

export const isBlocking = (f: AxeFinding): boolean => f.impact === 'critical' || f.impact === 'serious';

export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact} ${f.rule} ×${f.nodes}: ${f.help} ${f.targets.join(' ')}`).join('\n');
}
