/** The product the draft is for, with its facts (name, ports, paths, what it supports). */
import { PRODUCTS, type ProductFacts } from '../../../electron/shared/products';
import { useWizard } from './wizard-store';

export function useProduct(): ProductFacts {
  return useWizard((st) => PRODUCTS[st.draft.product]);
}
