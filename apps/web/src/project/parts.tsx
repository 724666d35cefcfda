import { Tag, Typography } from 'antd';
import type { ProjectStatus } from './queries';
import { useProjectText } from './messages';
import { AMOUNT_PATTERN, isAmount, sumAmounts as sumContractAmounts, toFen } from '@ggzy/contracts';

const statusColour: Record<ProjectStatus, string> = { pending: 'gold', returned: 'red', accepted: 'green' };

export function ProjectStatusTag({ status }: { status: ProjectStatus }) {
  const text = useProjectText();
  return (
    <Tag color={statusColour[status]} data-testid="project-status">
      {text(`status.${status}`)}
    </Tag>
  );
}

/** A platform code: monospace, copyable, wraps on phones. */
export function CodeText({ code, testId }: { code: string; testId?: string }) {
  return (
    <Typography.Text code copyable={{ text: code }} className="project-code" data-testid={testId}>
      {code}
    </Typography.Text>
  );
}

/** '12800000.00' → '12,800,000.00' (string arithmetic; money is never a float). */
export function formatAmount(amount: string): string {
  const [whole = '0', fraction = '00'] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** Yuan → 万元 with two decimals, by string arithmetic, for a hint next to an amount. */
export function toWan(amount: string): string {
  const fen = toFen(amount);
  const wanHundredths = (fen + 5000n) / 10000n; // fen / 10000 = 万元 in hundredths, rounded half up
  return `${wanHundredths / 100n}.${String(wanHundredths % 100n).padStart(2, '0')}`;
}

export const AMOUNT = new RegExp(AMOUNT_PATTERN);

/** The sum of the well-formed amounts (a form may hold half-typed ones). */
export function sumAmounts(amounts: readonly string[]): string {
  return sumContractAmounts(amounts.filter(isAmount));
}
