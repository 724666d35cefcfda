import { Tag } from 'antd';
import type { CertificateStatus, RevocationReason } from '../../api/types';
import { useI18n } from '../../i18n';

const statusColour: Record<CertificateStatus, string> = { valid: 'green', expired: 'default', revoked: 'red' };

export function CertificateStatusTag({
  status,
  reason,
  testId,
}: {
  status: CertificateStatus;
  reason?: RevocationReason | null;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Tag color={statusColour[status]} data-testid={testId} data-status={status}>
      {t(`cert.status.${status}`)}
      {status === 'revoked' && reason ? ` · ${t(`cert.reason.${reason}`)}` : null}
    </Tag>
  );
}

export function AlgorithmTag({ algorithm }: { algorithm: 'SM2' | 'P-256' }) {
  const { t } = useI18n();
  return (
    <Tag color={algorithm === 'SM2' ? 'volcano' : 'geekblue'}>{algorithm === 'SM2' ? t('cert.algorithm.sm2Short') : 'ECDSA P-256'}</Tag>
  );
}

/** A long hex serial, shortened for tables (the full one in the tooltip). */
export function SerialText({ serial }: { serial: string }) {
  return (
    <code className="serial" title={serial}>
      {serial.length > 16 ? `${serial.slice(0, 8)}…${serial.slice(-6)}` : serial}
    </code>
  );
}
