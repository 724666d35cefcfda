import { defineErrors } from '../errors.js';

export const transparencyError = defineErrors({
  NO_CHECKPOINT: { status: 404, zh: '日志尚无签名检查点', en: 'The log has no signed checkpoint yet' },
  CHECKPOINT_NOT_FOUND: { status: 404, zh: '没有树大小为 {size} 的检查点', en: 'There is no checkpoint of tree size {size}' },
  ENTRY_NOT_FOUND: { status: 404, zh: '日志中没有第 {index} 条记录', en: 'The log has no entry {index}' },
  TREE_SIZE_TOO_LARGE: {
    status: 400,
    zh: '日志目前只有 {size} 条记录，无法按树大小 {requested} 出具证明',
    en: 'The log holds {size} entries; no proof for tree size {requested}',
  },
  LEAF_NOT_IN_TREE: { status: 400, zh: '第 {index} 条记录不在大小为 {size} 的树中', en: 'Entry {index} is not in a tree of size {size}' },
  BAD_CONSISTENCY_RANGE: {
    status: 400,
    zh: '一致性证明需要 0 < from ≤ to（收到 from={from}, to={to}）',
    en: 'A consistency proof needs 0 < from ≤ to (got from={from}, to={to})',
  },
  LOG_INCONSISTENT: {
    status: 503,
    zh: '透明日志与已签名检查点不一致，已停止出具证明，请联系平台管理员核查',
    en: 'The transparency log contradicts its signed checkpoints; proofs are withheld until an administrator has checked it',
  },
});
