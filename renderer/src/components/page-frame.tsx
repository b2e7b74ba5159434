/**
 * Every page's frame: a heading, the content, and a footer with Back and the page's primary action.
 * The page is one form, so Enter in any field runs the primary action (the only submit button).
 */
import { Body1, Button, MessageBar, MessageBarBody, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { ArrowLeft20Regular } from '@fluentui/react-icons';
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useWizard } from '../store/wizard-store';
import { HelpLink } from './help-link';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', minHeight: '100%' },
  head: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXXL} ${tokens.spacingVerticalM}` },
  title: { ...typographyStyles.title2, margin: 0, ':focus': { outlineStyle: 'none' } },
  intro: { color: tokens.colorNeutralForeground2, maxWidth: '52rem' },
  content: { flexGrow: 1, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: `0 ${tokens.spacingHorizontalXXXL} ${tokens.spacingVerticalXXL}`, maxWidth: '72rem' },
  footer: {
    position: 'sticky', bottom: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXXL}`, backgroundColor: tokens.colorNeutralBackground2,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  spacer: { flexGrow: 1 },
});

interface Props {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  /** The primary action (Enter runs it). */
  onSubmit: () => void;
  primaryLabel: string;
  primaryDisabled?: boolean;
  /** Why the primary action is not available (read out with the button). */
  blockedReason?: string | undefined;
  /** Other footer buttons, before the primary one. */
  actions?: ReactNode;
  /**
   * Why the page refused to go on (Next pressed with something missing). Shown in the sticky footer,
   * above Next, so it is in view wherever the page is scrolled to, at any window size.
   */
  error?: ReactNode;
  hideBack?: boolean;
  /** Back is not available now (while Apply runs: leaving would hide its progress). */
  backDisabled?: boolean;
}

export function PageFrame({ title, intro, children, onSubmit, primaryLabel, primaryDisabled, blockedReason, actions, hideBack, backDisabled, error }: Props) {
  const s = useStyles();
  const back = useWizard((st) => st.back);
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // A new page: screen readers start at its heading, keyboard users tab on from there. Not while a
  // modal dialog is open (an opened profile's question): taking focus from it would hide it from both.
  useEffect(() => {
    if (!document.querySelector('[aria-modal="true"]')) heading.current?.focus({ preventScroll: true });
  }, []);
  const reasonId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!primaryDisabled) onSubmit();
  };
  return (
    <form className={s.form} onSubmit={submit} aria-labelledby={titleId} noValidate>
      <header className={s.head}>
        <h1 id={titleId} ref={heading} tabIndex={-1} className={s.title}>{title}</h1>
        {intro && <Body1 className={s.intro}>{intro}</Body1>}
        <HelpLink />
      </header>
      <div className={s.content}>{children}</div>
      <footer className={s.footer}>
        {error && <MessageBar intent="error" role="alert" data-testid="page-error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
        <div className={s.actions}>
          {!hideBack && <Button icon={<ArrowLeft20Regular />} onClick={back} disabledFocusable={backDisabled ?? false}>Back</Button>}
          <span className={s.spacer} />
          {blockedReason && <Body1 id={reasonId}>{blockedReason}</Body1>}
          {actions}
          <Button type="submit" appearance="primary" disabledFocusable={primaryDisabled ?? false} aria-describedby={blockedReason ? reasonId : undefined}>
            {primaryLabel}
          </Button>
        </div>
      </footer>
    </form>
  );
}
