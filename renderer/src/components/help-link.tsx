/**
 * The page's link to Inedo's documentation for this step and product (electron/shared/help-links.ts
 * holds every address). It opens in the system browser through the contract, never inside the app.
 */
import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { BookOpen16Regular } from '@fluentui/react-icons';
import { helpLinkFor } from '../../../electron/shared/help-links';
import { call } from '../api';
import { useWizard } from '../store/wizard-store';

const useStyles = makeStyles({
  link: {
    display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, alignSelf: 'flex-start',
    // Forced colours: the link's system colour (LinkText) on the system background it paints itself; on
    // the header's own background it measured 1.07:1 (axe, Chromium's forced palette).
    '@media (forced-colors: active)': { color: 'LinkText', backgroundColor: 'Canvas' },
  },
});

export function HelpLink() {
  const s = useStyles();
  const step = useWizard((st) => st.step);
  const product = useWizard((st) => st.draft.product);
  const link = helpLinkFor(product, step);
  if (!link) return null;
  return (
    <Link className={s.link} href={link.url} title={link.url} onClick={(e) => { e.preventDefault(); void call('shell.openExternal', { url: link.url }).catch(() => undefined); }}>
      <BookOpen16Regular aria-hidden />
      Inedo documentation: {link.title}
    </Link>
  );
}
