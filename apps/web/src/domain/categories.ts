import type { TradeCategory } from '../api/types';

/** Tag colours of the trade categories (antd preset colours). */
export const categoryColours: Readonly<Record<TradeCategory, string>> = {
  engineeringConstruction: 'blue',
  governmentProcurement: 'green',
  landUseRight: 'orange',
  miningRight: 'volcano',
  propertyRightsTrade: 'purple',
};
