/** `profile.validate` problems, each with a link to the page that owns the field. */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { STEPS, type StepId } from '../../store/steps';
import { useWizard } from '../../store/wizard-store';

const useStyles = makeStyles({ list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalXL } });

function pageOf(path: string): StepId {
  if (path.startsWith('nodes')) return 'servers';
  if (path.startsWith('database')) return 'database';
  if (path.startsWith('storage') || path.startsWith('apiKey')) return 'storage';
  if (path.startsWith('encryptionKey')) return 'encryption';
  if (path.startsWith('loadBalancer')) return 'load-balancer';
  return 'welcome';
}

export function ValidationProblems({ problems }: { problems: { path: string; message: string }[] }) {
  const s = useStyles();
  const goTo = useWizard((st) => st.goTo);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>The profile is not complete</MessageBarTitle>
        <ul className={s.list}>
          {problems.map((p) => {
            const page = pageOf(p.path);
            return (
              <li key={`${p.path}:${p.message}`}>
                {p.path}: {p.message}{' '}
                <Button size="small" appearance="transparent" onClick={() => goTo(page)}>Go to {STEPS.find((x) => x.id === page)!.title}</Button>
              </li>
            );
          })}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
