import type { I18nContextValue } from '../i18n';
import { errorText } from '../components/ApiErrorAlert';

/**
 * A message for a failure of the certificate flows: the file and key problems found in the page
 * (recognised by name, so this module does not pull the crypto code into the page's chunk), else
 * the server's message.
 */
export function certificateErrorText(error: unknown, t: I18nContextValue['t']): string {
  if (!(error instanceof Error)) return errorText(error, t);
  const reason = 'reason' in error ? String(error.reason) : '';
  switch (error.name) {
    case 'KeyDecryptionError':
      if (reason === 'passphrase') return t('cert.error.passphrase');
      if (reason === 'unsupported') return t('cert.error.keyUnsupported', { detail: error.message });
      return t('cert.error.keyFormat');
    case 'KeyFileError':
      if (reason === 'mismatch') return t('cert.error.mismatch');
      if (reason === 'unsupportedKey') return t('cert.error.keyAlgorithm');
      return t('cert.error.keyFormat');
    case 'CertificateFileError':
      return reason === 'unsupportedKey' ? t('cert.error.keyAlgorithm') : t('cert.error.certificateFormat');
    default:
      return errorText(error, t);
  }
}
