import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { PASSWORD_MIN_CLASSES, PASSWORD_MIN_LENGTH, passwordReport } from '../domain/password';
import { useI18n } from '../i18n';

/** The password rule as a live checklist under the field. */
export function PasswordChecklist({ password }: { password: string }) {
  const { t } = useI18n();
  const report = passwordReport(password);
  const items = [
    {
      key: 'length',
      ok: report.length >= PASSWORD_MIN_LENGTH,
      text: t('password.rule.length', { min: PASSWORD_MIN_LENGTH, length: report.length }),
    },
    {
      key: 'classes',
      ok: report.classes >= PASSWORD_MIN_CLASSES,
      text: t('password.rule.classes', { min: PASSWORD_MIN_CLASSES, classes: report.classes }),
    },
  ];
  return (
    <ul className="password-checklist" data-testid="password-checklist">
      {items.map((item) => (
        <li key={item.key} className={item.ok ? 'password-checklist__ok' : undefined} data-ok={item.ok}>
          {item.ok ? <CheckCircleFilled /> : <MinusCircleOutlined />} {item.text}
        </li>
      ))}
    </ul>
  );
}
