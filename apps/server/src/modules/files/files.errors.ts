import { defineErrors } from '../../platform/errors.js';

export const filesError = defineErrors({
  FILE_NOT_FOUND: { status: 404, zh: '文件不存在或您无权查看', en: 'The file does not exist or you may not see it' },
  UPLOAD_INCOMPLETE: {
    status: 400,
    zh: '上传未完成，连接已中断，请重新上传',
    en: 'The upload did not complete (the connection was interrupted); please upload again',
  },
  FILE_NAME_INVALID: { status: 400, zh: '文件名无效：{reason}', en: 'Invalid file name: {reason}' },
});
