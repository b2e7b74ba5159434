/**
 * Radios side by side: each label stays on one line ("Private key", never "Private / key"), and when
 * the row is too narrow (1024 px with the step list) whole radios move to the next line instead.
 */
import { makeStyles, tokens } from '@fluentui/react-components';

export const useHorizontalRadios = makeStyles({
  group: {
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalS,
    '& .fui-Radio__label': { whiteSpace: 'nowrap' },
  },
});
